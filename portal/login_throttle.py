"""Brute-force protection for the admin sign-in, kept in Django's cache.

Failed sign-ins are counted per account and per IP address. When a counter
reaches its limit within its window, that account or address is locked for a
while. The per-account limit is the strict one; the per-address limit is
looser and its lock short, because many people in a shelter or a job centre
share one public IP address.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("portal.security")


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    window: int  # seconds in which the failed attempts are counted
    lockout: int  # seconds the account or address stays locked


def limits():
    return [Limit(scope, *values) for scope, values in settings.PORTAL_LOGIN_LIMITS.items()]


def _subjects(username, ip):
    return {"account": username.strip().casefold(), "ip": ip}


def _key(kind, scope, subject):
    digest = hashlib.sha256(subject.encode()).hexdigest()
    return f"portal:login:{kind}:{scope}:{digest}"


def seconds_locked(username, ip):
    """How many seconds sign-in stays refused for this account or address (0: not locked)."""
    subjects = _subjects(username, ip)
    now = time.time()
    keys = {_key("lock", limit.scope, subjects[limit.scope]) for limit in limits()}
    unlock_times = cache.get_many(keys).values()
    return max((round(until - now) for until in unlock_times if until > now), default=0)


def record_failure(username, ip):
    """Count a failed sign-in; lock the account or address when it reaches its limit."""
    subjects = _subjects(username, ip)
    for limit in limits():
        subject = subjects[limit.scope]
        counter = _key("failures", limit.scope, subject)
        cache.add(counter, 0, timeout=limit.window)
        try:
            failures = cache.incr(counter)
        except ValueError:  # the window ran out between add() and incr()
            cache.set(counter, 1, timeout=limit.window)
            failures = 1
        if failures >= limit.attempts:
            cache.set(_key("lock", limit.scope, subject), time.time() + limit.lockout, timeout=limit.lockout)
            cache.delete(counter)
            logger.warning(
                "Admin sign-in locked for %s seconds after %s failures: %s %s",
                limit.lockout,
                failures,
                limit.scope,
                subject,
            )
    logger.info("Admin sign-in failed for account %r from %s", username, ip)


def record_success(username):
    """Forget the account's failed attempts (the address's count stays: it may be shared with an attacker)."""
    cache.delete(_key("failures", "account", _subjects(username, "")["account"]))
