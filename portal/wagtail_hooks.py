from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.verify, name="portal_two_factor_verify"),
        path("two-factor/setup/", views.setup, name="portal_two_factor_setup"),
        path("two-factor/recovery-codes/", views.recovery_codes, name="portal_two_factor_recovery_codes"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("portal_two_factor_recovery_codes"),
        "label": _("Recovery codes"),
        "help_text": _("See how many recovery codes for two-factor authentication are left, or create new ones."),
    }
