from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("Partners and courses")

    def ready(self):
        from providers.notifications import register_signal_handlers

        register_signal_handlers()
