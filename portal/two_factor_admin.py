"""Admin views to reset a staff member's second factor (lost phone), for city staff and superusers.

Who may reset whom is ``two_factor.can_reset``; each reset is written to
Wagtail's audit log. The staff member sets up a new app at the next sign-in.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor


def staff_accounts():
    """Active accounts that may open the admin, with whether they have an app and how many recovery codes."""
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    recovery_codes = (
        StaticToken.objects.filter(device__user=OuterRef("pk"))
        .values("device__user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=admin_access) | Q(user_permissions__in=admin_access))
        .distinct()
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            recovery_codes=Coalesce(Subquery(recovery_codes), 0),
        )
        .order_by("last_name", "first_name", "username")
    )


def check_permission(request):
    if not request.user.has_perm(two_factor.RESET_PERMISSION):
        raise PermissionDenied


def accounts(request):
    check_permission(request)
    rows = [
        (account, (account.has_app or account.recovery_codes) and two_factor.can_reset(request.user, account))
        for account in staff_accounts()
    ]
    context = {"page_title": _("Two-factor authentication"), "header_icon": "key", "rows": rows}
    return TemplateResponse(request, "portal/two_factor/accounts.html", context)


@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    check_permission(request)
    account = get_object_or_404(get_user_model(), pk=user_id)
    if not two_factor.can_reset(request.user, account):
        raise PermissionDenied
    if request.method == "POST":
        two_factor.reset(account, by=request.user)
        messages.success(
            request,
            _("Two-factor authentication of %(name)s was reset. They set up a new app at their next sign-in.")
            % {"name": account.get_username()},
        )
        return redirect("portal_two_factor_accounts")
    context = {
        "page_title": _("Reset two-factor authentication"),
        "header_icon": "key",
        "account": account,
        "cancel_url": reverse("portal_two_factor_accounts"),
    }
    return TemplateResponse(request, "portal/two_factor/reset.html", context)
