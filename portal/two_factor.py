"""Two-factor authentication of staff accounts with django-otp.

Each staff member has one authenticator app (a TOTP device) and one set of
ten recovery codes (a static device; each code works once). The QR code for
the app is drawn on the server as SVG: the secret never leaves the portal.

Setting up an app starts only after the password is entered again. Its
secret is made for that one session and kept in the session alone until the
app's first code confirms it: another session (someone who knows only the
password) gets a secret of its own, and signing out or the session's end
discards it. Only the confirmed app is stored as a device; the account's
e-mail address hears of it, and the audit log records it.
"""

import logging
import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from wagtail import log_actions

logger = logging.getLogger("portal.security")

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

# The session's app being set up: {"user": pk, "key": hex secret, "started_at": POSIX time, "failures": n}.
ENROLMENT = "portal_two_factor_enrolment"
ENROLMENT_SECONDS = 15 * 60
ENROLMENT_MAX_FAILURES = 5

# Actions in Wagtail's audit log (registered in portal/wagtail_hooks.py).
APP_CONFIRMED_ACTION = "portal.two_factor.app_confirmed"
RESET_ACTION = "portal.two_factor.reset"
# Who may reset other staff members' second factor: city staff (portal/demo.py) and superusers.
RESET_PERMISSION = "otp_totp.delete_totpdevice"


def has_app(user):
    """Whether the user has finished setting up an authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def start_enrolment(request):
    """Make a new secret for this session (after the password was entered again)."""
    request.session[ENROLMENT] = {
        "user": request.user.pk,
        "key": random_hex(20),
        "started_at": time.time(),
        "failures": 0,
    }


def discard_enrolment(request):
    request.session.pop(ENROLMENT, None)


def pending_app(request):
    """The app this session is setting up, as an unsaved device; None if none is under way (or it is too old)."""
    enrolment = request.session.get(ENROLMENT)
    if not enrolment:
        return None
    if enrolment.get("user") != request.user.pk or time.time() - enrolment["started_at"] > ENROLMENT_SECONDS:
        discard_enrolment(request)
        return None
    return TOTPDevice(user=request.user, name=APP_DEVICE_NAME, key=enrolment["key"], confirmed=False)


def qr_code_svg(device):
    """The device's ``otpauth://`` address as an SVG QR code (dark on white, for any admin theme)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308  (markup drawn by qrcode, no text in it)


def secret_text(device):
    """The secret in the base32 form authenticator apps accept when typed in, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def _first_code_matches(device, code):
    """Check the app's first code without storing anything (the device is not saved until it matches)."""
    if not (code.isdigit() and len(code) == device.digits):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()
    device.drift = totp.drift
    return True


def confirm_app(request, device, code):
    """Confirm the session's pending app with its first code; return the new recovery codes or None.

    After ``ENROLMENT_MAX_FAILURES`` wrong codes the secret is discarded and
    setting up starts again with the password.
    """
    user = request.user
    if not _first_code_matches(device, code):
        enrolment = request.session[ENROLMENT]
        enrolment["failures"] += 1
        request.session.modified = True
        if enrolment["failures"] >= ENROLMENT_MAX_FAILURES:
            logger.warning("Setting up an authenticator app abandoned after repeated wrong codes for user %s", user.pk)
            discard_enrolment(request)
        return None
    with transaction.atomic():
        # One app per account: of two sessions confirming at once, the second finds the first's app.
        # (The row itself, not request.user: Wagtail's audit log needs the model instance.)
        account = get_user_model().objects.select_for_update().get(pk=user.pk)
        if has_app(account):
            discard_enrolment(request)
            return None
        TOTPDevice.objects.filter(user=account).delete()  # unconfirmed devices of earlier versions
        device.user = account
        device.confirmed = True
        device.save()
        codes = new_recovery_codes(account)
        log_actions.log(instance=account, action=APP_CONFIRMED_ACTION, user=account)
    discard_enrolment(request)
    notify_app_confirmed(account)
    return codes


def user_language(user):
    """The language the user chose for the admin, else the one they are using it in, else German."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile and profile.preferred_language) or translation.get_language() or settings.LANGUAGE_CODE


def notify_app_confirmed(user):
    """Tell the account's e-mail address that an app was set up: whoever did not do it asks for a reset."""
    if not user.email:
        return
    with translation.override(user_language(user)):
        subject = _("An authenticator app was set up for your account")
        body = render_to_string(
            "portal/two_factor/app_confirmed_email.txt",
            {
                "username": user.get_username(),
                "when": timezone.localtime(),
                "site_name": settings.WAGTAIL_SITE_NAME,
                "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
            },
        )
    try:
        send_mail(subject, body, None, [user.email])
    except OSError:  # the mail server is down: the app works anyway, and the audit log has the entry
        logger.exception("Could not send the two-factor notice to user %s", user.pk)


@transaction.atomic
def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones and return them (they are shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verified_device(user, code, *, app_code):
    """The device that accepts ``code`` (a six-digit app code or a recovery code), or None.

    Only the matching kind of device is asked, so a mistyped recovery code
    does not slow down the next app code (each device throttles its own
    failures, doubling the wait after each one).
    """
    kind = TOTPDevice if app_code else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind):
            matched = verify_token(user, device.persistent_id, code)
            if matched:
                return matched
    return None


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user).count()


def can_reset(request_user, user):
    """Whether ``request_user`` may reset ``user``'s second factor.

    It takes the permission to delete authenticator devices (city staff have
    it, superusers have every permission); a superuser's only a superuser may
    reset, and nobody their own, so that a password alone never opens a way
    to register a new device.
    """
    return (
        request_user.has_perm(RESET_PERMISSION)
        and request_user.pk != user.pk
        and (request_user.is_superuser or not user.is_superuser)
    )


@transaction.atomic
def reset(user, *, by=None, via="admin"):
    """Remove all of the user's devices (they set up a new app at their next sign-in), with an audit entry."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log_actions.log(instance=user, action=RESET_ACTION, user=by, data={"via": via})
    logger.info("Two-factor authentication of user %s reset by %s (%s)", user.pk, getattr(by, "pk", None), via)
