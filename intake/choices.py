"""The fixed vocabularies of a request: where it came from, how to contact the person, what they ask for.

Forms, models, routing and reports take their choices from here, so a form
never needs the models to know what it may offer.
"""

from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from portal.languages import LANGUAGE_CODES

# The programme is for people aged 18–27 "as a rule"; others are accepted and flagged.
TARGET_AGE_MIN = 18
TARGET_AGE_MAX = 27

# The consent a person gives. Change the version whenever the text changes: each
# request keeps the version, language and exact wording it was given under.
CONSENT_VERSION = "2026-11-01"
CONSENT_TEXT = _(
    "I agree that the City of Aachen and the Teilhabemanagement partner responsible for me may store "
    "these details to contact me about a first appointment. I can withdraw this consent at any time."
)


class Source(models.TextChoices):
    INVITATION = "invitation", _("Invitation by letter")
    ONLINE = "online", _("Online request")
    REFERRAL = "referral", _("Referral by a partner")


class ContactChannel(models.TextChoices):
    """How the person wants to hear from us; WhatsApp and Signal are a preference that staff act on by hand."""

    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")

    @classmethod
    def needing_phone(cls):
        return {cls.PHONE, cls.SMS, cls.WHATSAPP, cls.SIGNAL}


class Topic(models.TextChoices):
    GERMAN_COURSE = "german_course", _("German course")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    TRAINING = "training", _("Training or apprenticeship")
    WORK = "work", _("Work")
    COACHING = "coaching", _("Coaching and advice")
    OTHER = "other", _("Something else")


class ResidenceStatus(models.TextChoices):
    DULDUNG = "duldung", _("Duldung (toleration)")
    GESTATTUNG = "gestattung", _("Gestattung (permission to stay during the asylum procedure)")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


OTHER_LANGUAGE = "other"


def spoken_language_choices():
    """The portal's languages in their own names, then "another language"."""
    return [(code, get_language_info(code)["name_local"]) for code in LANGUAGE_CODES] + [
        (OTHER_LANGUAGE, _("Another language"))
    ]


# Why each personal detail is asked for. The privacy notice lists these; a field
# without a purpose here is not asked.
FIELD_PURPOSES = {
    "given_name": _("To address you personally when we contact you."),
    "family_name": _("To tell you apart from other people with the same first name (optional)."),
    "phone": _("To call you or send you a text message about your appointment."),
    "email": _("To write to you about your appointment (optional)."),
    "contact_channel": _("To contact you the way you prefer."),
    "languages": _("To find staff or an interpreter who speaks your language."),
    "topics": _("To send your request to the team that can help you best."),
    "residence_status": _(
        "The initiative is funded for people with Duldung or Gestattung; it decides which offers fit."
    ),
    "birth_year": _("The initiative is meant for people aged 18 to 27 as a rule; other ages are not turned away."),
    "postcode": _("To find the office responsible for where you live."),
    "course": _("To know which course you are interested in (optional)."),
    "message": _("To let you tell us anything else that helps us prepare (optional)."),
    "consent": _("Your permission to store these details and contact you."),
}


class PlacementKind(models.TextChoices):
    COURSE = "course", _("Course")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    WORK = "work", _("Work")
    SCHOOL = "school", _("School")
