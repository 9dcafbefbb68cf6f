"""Small security rules shared by the middleware, the admin login and the two-factor views."""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN_AT = "portal_last_seen_at"

# How often the idle clock is written to the session: once a minute is precise
# enough for a 30-minute limit and spares a database write on every request.
LAST_SEEN_RESOLUTION = 60


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


def is_admin_request(request):
    """Whether the request is for the Wagtail admin, which shows personal data."""
    return request.path_info.startswith(admin_prefix())


def client_ip(request):
    """The visitor's IP address.

    Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's own address, which
    would put every visitor in one bucket; ``PORTAL_CLIENT_IP_HEADER`` names
    the header the proxy sets (e.g. ``HTTP_X_FORWARDED_FOR``), of which the
    last entry is the one the trusted proxy added.
    """
    header = settings.PORTAL_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def session_expired(session, now):
    """Whether a signed-in session has been idle too long or has lived too long.

    ``now`` is a POSIX timestamp; the session holds when the user signed in
    and when they were last seen (see ``note_activity``).
    """
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, now)
    return (
        now - last_seen_at > settings.PORTAL_SESSION_IDLE_TIMEOUT
        or now - signed_in_at > settings.PORTAL_SESSION_MAX_AGE
    )


def note_activity(session, now):
    """Record that the session was used at ``now`` (at most once a minute)."""
    session.setdefault(SIGNED_IN_AT, now)
    if now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN_AT] = now


def start_session_clock(sender, request, user, **kwargs):
    """Start both clocks when a user signs in (connected to ``user_logged_in``)."""
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
