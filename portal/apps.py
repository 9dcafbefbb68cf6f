from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal import checks  # noqa: F401  (registers the deployment checks)
        from portal.page_cache import connect_invalidation_signals
        from portal.security import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="portal_session_clock")
        connect_invalidation_signals()
