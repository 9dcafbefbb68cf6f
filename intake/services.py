"""Storing a request: the one place where a submitted form becomes a request in a queue."""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.choices import CONSENT_TEXT, CONSENT_VERSION, TARGET_AGE_MAX, TARGET_AGE_MIN, Source
from intake.models import IntakeRequest
from intake.models.requests import new_reference
from intake.routing import Facts, route
from intake.tasks import notify_queue, send_confirmation

# The postcodes of the City of Aachen. Requests from elsewhere are accepted and
# flagged: staff check which office is responsible.
CITY_POSTCODES = frozenset({"52062", "52064", "52066", "52068", "52070", "52072", "52074", "52076", "52078", "52080"})

# A new reference is drawn at random; one already taken is tried again this often.
REFERENCE_ATTEMPTS = 5
# A used submission token is remembered in the cache for as long as its form can be sent.
USED_TOKEN_SECONDS = 24 * 60 * 60

# The form fields copied onto the request as they are (a course by its id).
REQUEST_FIELDS = (
    "given_name",
    "family_name",
    "phone",
    "email",
    "contact_channel",
    "languages",
    "topics",
    "residence_status",
    "birth_year",
    "postcode",
    "course",
    "message",
)


def is_outside_city(postcode):
    return bool(postcode) and postcode not in CITY_POSTCODES


def is_age_outside_target(birth_year, year):
    """Whether someone born in ``birth_year`` may be younger than 18 or older than 27 in ``year``.

    Only the year of birth is known, so a person is inside the range if they
    could be inside it: turning 18 this year, or having turned 27 this year.
    """
    if birth_year is None:
        return False
    age = year - birth_year
    return age < TARGET_AGE_MIN or age > TARGET_AGE_MAX


def submit(data, token, language, source=Source.ONLINE):
    """Store a request with its consent record, routing decision, queue notification (and confirmation e-mail).

    Everything is written in one transaction: the notification task is a row in
    the same database (django-tasks-db), so either all of it exists or none.
    A token that was used before returns the request it created; returns
    ``(request, created)``.
    """
    for _attempt in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            intake_request, created = store(data, token, language, source, reference), True
        except IntegrityError:
            intake_request, created = IntakeRequest.objects.filter(submission_token=token).first(), False
            if intake_request is None and not IntakeRequest.objects.filter(reference=reference).exists():
                raise  # neither the token nor the reference: a fault to report, not to retry
        if intake_request is not None:  # stored now, or by a second click that raced the first
            cache.set(used_token_key(token), intake_request.public_id, USED_TOKEN_SECONDS)
            return intake_request, created
        # Very rarely the reference drawn is taken already: draw another one.
    raise IntegrityError(f"No unused reference found in {REFERENCE_ATTEMPTS} attempts.")


def used_token_key(token):
    return f"intake:used-token:{token}"


def request_stored_with(token):
    """The public id of the request a token stored, if the cache remembers it.

    Lets a repeated click go straight to its confirmation, before the rate
    limit counts it, without asking the database. The unique token in the
    database, not this, is what keeps a request from being stored twice.
    """
    return cache.get(used_token_key(token))


def store(data, token, language, source, reference):
    """The one transaction behind ``submit``; raises ``IntegrityError`` if the token or reference is taken."""
    now = timezone.now()
    year = timezone.localdate(now).year
    with transaction.atomic():
        routing = route(Facts.from_data(data, year=year))
        intake_request = IntakeRequest.objects.create(
            reference=reference,
            submission_token=token,
            source=source,
            language=language,
            created_at=now,
            consent_version=CONSENT_VERSION,
            consent_language=language,
            consent_text=str(CONSENT_TEXT),
            consented_at=now,
            is_age_outside_target=is_age_outside_target(data.get("birth_year"), year),
            is_outside_city=is_outside_city(data.get("postcode")),
            queue=routing.queue,
            status_changed_at=now,
            **{
                IntakeRequest._meta.get_field(name).attname: data[name]
                for name in REQUEST_FIELDS
                if data.get(name) is not None
            },
        )
        intake_request.record_initial_status()
        routing.record(intake_request)
        notify_queue.enqueue(intake_request.pk)
        if intake_request.email:
            send_confirmation.enqueue(intake_request.pk)
    return intake_request
