from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from portal import two_factor, two_factor_admin, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.verify, name="portal_two_factor_verify"),
        path("two-factor/setup/", views.setup, name="portal_two_factor_setup"),
        path("two-factor/recovery-codes/", views.recovery_codes, name="portal_two_factor_recovery_codes"),
        path("two-factor/accounts/", two_factor_admin.accounts, name="portal_two_factor_accounts"),
        path("two-factor/accounts/<int:user_id>/reset/", two_factor_admin.reset, name="portal_two_factor_reset"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("portal_two_factor_recovery_codes"),
        "label": _("Recovery codes"),
        "help_text": _("See how many recovery codes for two-factor authentication are left, or create new ones."),
    }


class TwoFactorAccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(two_factor.RESET_PERMISSION)


@hooks.register("register_settings_menu_item")
def two_factor_accounts_menu_item():
    return TwoFactorAccountsMenuItem(
        _("Two-factor authentication"),
        reverse("portal_two_factor_accounts"),
        name="two-factor-accounts",
        icon_name="key",
        order=610,
    )


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if two_factor.can_reset(request_user, user):
        yield Button(
            _("Reset two-factor authentication"), reverse("portal_two_factor_reset", args=[user.pk]), priority=50
        )


@hooks.register("register_permissions")
def two_factor_permissions():
    """Offered in the group editor: who may reset other staff members' second factor."""
    return Permission.objects.filter(content_type__app_label="otp_totp", codename="delete_totpdevice")


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        two_factor.APP_CONFIRMED_ACTION, _("Set up an authenticator app"), _("Authenticator app set up")
    )
    actions.register_action(
        two_factor.RESET_ACTION, _("Reset two-factor authentication"), _("Two-factor authentication reset")
    )
