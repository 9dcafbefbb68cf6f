"""Flood protection for the form through Django's cache, without tracking anybody.

Counters live in fixed windows (this hour, this day) under keys that hash the
address or phone number, so no personal data sits in the cache. The limits are
generous enough for a shelter whose residents share one Wi-Fi address.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from portal.text import normalise_name


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window_seconds: int


PER_ADDRESS = Limit("address", 30, 60 * 60)
# Per phone number (or e-mail address) and first name: a shelter's shared phone serves several people.
PER_CONTACT = Limit("contact", 3, 24 * 60 * 60)


def submission_checks(address, data):
    """The limits one submission counts against: its client address, and its contact with the first name."""
    contact = data.get("phone") or data.get("email")
    person = f"{contact}|{normalise_name(data.get('given_name') or '')}" if contact else ""
    return [(PER_ADDRESS, address), (PER_CONTACT, person)]


def _key(limit, value, window):
    digest = salted_hmac("intake.ratelimit", f"{limit.name}:{value}").hexdigest()[:32]
    return f"intake:ratelimit:{limit.name}:{digest}:{window}"


def hit(checks, now=None):
    """Count one submission against each ``(limit, value)``; return when to retry if one is exceeded.

    Checks stop at the first exceeded limit, so a blocked address does not use
    up the allowance of the phone number it tried.
    """
    now = now if now is not None else time.time()
    for limit, value in checks:
        if not value:
            continue
        window = int(now // limit.window_seconds)
        key = _key(limit, value, window)
        count = 1 if cache.add(key, 1, timeout=limit.window_seconds) else increment(key, limit)
        if count > limit.limit:
            return datetime.fromtimestamp((window + 1) * limit.window_seconds, tz=UTC)
    return None


def increment(key, limit):
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window_seconds)
        return 1
