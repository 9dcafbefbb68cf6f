from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Requests")

    def import_models(self):
        """Register the form page with the models: it lives in ``intake.pages`` because it serves the form.

        ``intake.models`` holds the data; the page imports the views, which
        import the models, so the models cannot import the page without a circle.
        """
        super().import_models()
        import_module(f"{self.name}.pages")
