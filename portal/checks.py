"""Deployment checks (``manage.py check --deploy``) for the portal's own security settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.PORTAL_REQUIRE_TWO_FACTOR:
        return []
    return [
        Warning(
            "PORTAL_REQUIRE_TWO_FACTOR is off: staff can open the admin, and the personal data in it, "
            "with a password alone.",
            hint="Unset PORTAL_REQUIRE_TWO_FACTOR (it defaults to on when DEBUG is off).",
            id="portal.W001",
        )
    ]
