"""Two-factor authentication of staff accounts with django-otp.

Each staff member has one authenticator app (a TOTP device) and one set of
ten recovery codes (a static device; each code works once). The QR code for
the app is drawn on the server as SVG: the secret never leaves the portal.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_app(user):
    """Whether the user has finished setting up an authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_app(user):
    """The authenticator app being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_code_svg(device):
    """The device's ``otpauth://`` address as an SVG QR code (dark on white, for any admin theme)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308  (markup drawn by qrcode, no text in it)


def secret_text(device):
    """The secret in the base32 form authenticator apps accept when typed in, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


@transaction.atomic
def confirm_app(device, code):
    """Confirm a pending authenticator app with its first code; return the new recovery codes or None."""
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return new_recovery_codes(device.user)


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


@transaction.atomic
def reset(user):
    """Remove all of the user's devices: they set up a new app at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
