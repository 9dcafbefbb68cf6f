"""The admin's second sign-in step: set up an authenticator app, verify a code, renew recovery codes."""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from portal import two_factor
from portal.forms import PasswordForm, TokenForm

logger = logging.getLogger("portal.security")


def next_url(request):
    """Where to go after this step: the admin page the user asked for, never another site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def with_next(view_name, url):
    return f"{reverse(view_name)}?{urlencode({'next': url})}"


@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the app's current code (or a recovery code) after the password."""
    user = request.user
    target = next_url(request)
    if user.is_verified():
        return redirect(target)
    if not two_factor.has_app(user):
        return redirect(with_next("portal_two_factor_setup", target))

    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = two_factor.verified_device(user, form.cleaned_data["code"], app_code=form.is_app_code)
        if device:
            otp_login(request, device)
            logger.info("Second factor verified for user %s (%s)", user.pk, type(device).__name__)
            if isinstance(device, StaticDevice):
                remaining = two_factor.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)d recovery code is left.",
                        "You signed in with a recovery code. %(count)d recovery codes are left.",
                        remaining,
                    )
                    % {"count": remaining},
                )
            return redirect(target)
        logger.warning("Second factor rejected for user %s", user.pk)
        form.add_error(
            "code",
            _("This code is not valid. Enter the current code from your app, or one of your recovery codes."),
        )
    return TemplateResponse(request, "portal/two_factor/verify.html", {"form": form, "next": target})


@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up the authenticator app: the password again, then scan the QR code and enter the first code."""
    user = request.user
    target = next_url(request)
    if two_factor.has_app(user):
        # A second app can only be added by resetting the account: a stolen
        # password alone must never be enough to register a new device.
        two_factor.discard_enrolment(request)
        return redirect(with_next("portal_two_factor_verify", target))

    device = two_factor.pending_app(request)
    if device is None:
        return setup_password(request, target)

    form = TokenForm(request.POST if "code" in request.POST else None)
    if form.is_valid():
        codes = two_factor.confirm_app(request, device, form.cleaned_data["code"])
        if codes:
            otp_login(request, device)
            logger.info("Authenticator app set up for user %s", user.pk)
            return TemplateResponse(request, "portal/two_factor/recovery_codes.html", {"codes": codes, "next": target})
        if two_factor.pending_app(request) is None:
            return setup_password(request, target, restarted=True)
        form.add_error("code", _("This code is not valid. Check that the time on your phone is correct and try again."))
    context = {
        "form": form,
        "next": target,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_text(device),
    }
    return TemplateResponse(request, "portal/two_factor/setup.html", context)


def setup_password(request, target, restarted=False):
    """The first step of setting up an app: the password once more; a correct one makes this session's secret."""
    submitted = request.method == "POST" and "password" in request.POST
    form = PasswordForm(request, request.POST if submitted else None)
    if form.is_valid():
        two_factor.start_enrolment(request)
        return redirect(with_next("portal_two_factor_setup", target))
    if submitted:
        logger.warning("Password not accepted before setting up an authenticator app for user %s", request.user.pk)
    restarted = restarted or (request.method == "POST" and "code" in request.POST)
    context = {"form": form, "next": target, "restarted": restarted}
    return TemplateResponse(request, "portal/two_factor/setup_password.html", context)


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Show how many recovery codes are left; replace them with ten new ones on request."""
    user = request.user
    if not user.is_verified():
        return redirect(with_next("portal_two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        codes = two_factor.new_recovery_codes(user)
        logger.info("Recovery codes renewed for user %s", user.pk)
        return TemplateResponse(
            request, "portal/two_factor/recovery_codes.html", {"codes": codes, "next": reverse("wagtailadmin_home")}
        )
    context = {"remaining": two_factor.remaining_recovery_codes(user)}
    return TemplateResponse(request, "portal/two_factor/recovery_codes.html", context)
