"""The appointment request form.

The HTML names of the fields are a contract for integrations and tests. Every
message is an English msgid shown in the visitor's language. Besides the fields
a person sees, each form carries a one-time submission token, a signed start
time and a honeypot field that people never see.
"""

import time
import uuid

from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from wagtail.models import Locale

from intake.choices import CONSENT_TEXT, ContactChannel, ResidenceStatus, Topic, spoken_language_choices
from portal.content_cache import remember
from portal.text import ascii_digits, strip_bidi_controls
from providers.models import CoursePage

# A person needs more than this to fill in the form; a script does not.
MIN_FILL_SECONDS = 3
# A form older than this is sent again with a fresh timestamp.
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
TIMESTAMP_SALT = "intake.form-started"
HONEYPOT_FIELD = "website"

# Years of birth that a real applicant can have; the target ages are only flagged.
OLDEST_AGE = 80
YOUNGEST_AGE = 12

# Fields typed in digits, which phones in Arabic, Dari, Pashto and Urdu may send as ٠–٩ or ۰–۹.
DIGIT_FIELDS = ("phone", "birth_year", "postcode")
MESSAGE_LENGTH = 2000
NAME_LENGTH = 100

# Shown when the hidden parts of a form did not pass; everything entered is kept.
SEND_AGAIN = _("Sorry, your request could not be sent this time. Please check your details and send it again.")


def course_choices():
    """``(id, title)`` of the courses the public sees, in the visitor's language where translated.

    The form lists and checks them on every view and submission, so they are
    worked out once per day and publication (the content cache) rather than
    loading every course page each time.
    """
    language = get_language()

    def listed_courses():
        return list(CoursePage.objects.listed(Locale.get_active()).order_by("title", "pk").values_list("pk", "title"))

    return remember(f"course-choices:{language}:{timezone.localdate()}", listed_courses)


def course_field_choices():
    """The course field's choices, looked up when the list is shown or a course is chosen, not for every form made."""
    return [("", _("No particular course")), *course_choices()]


def sign_timestamp(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=TIMESTAMP_SALT)


def form_age(signed, now=None):
    """Seconds since the form was rendered, or ``None`` when the timestamp is missing or forged."""
    try:
        started = signing.loads(signed, salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return (now if now is not None else time.time()) - started


# Length errors name the limit and how much was typed, instead of the text being cut silently.
TOO_LONG = {
    "given_name": _("Please shorten your first name to %(limit_value)d characters (it has %(show_value)d)."),
    "family_name": _("Please shorten your family name to %(limit_value)d characters (it has %(show_value)d)."),
    "message": _("Please shorten your message to %(limit_value)d characters (it has %(show_value)d)."),
}


class DistinctMultipleChoiceField(forms.MultipleChoiceField):
    """Several choices, each at most once: a value sent twice counts once, an unknown one is an error."""

    def clean(self, value):
        return list(dict.fromkeys(super().clean(value)))


class IntakeForm(forms.Form):
    """What a person tells us to get a first appointment; nothing else is asked."""

    given_name = forms.CharField(
        label=_("First name"),
        max_length=NAME_LENGTH,
        error_messages={"required": _("Please enter your first name."), "max_length": TOO_LONG["given_name"]},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "dir": "auto"}),
    )
    family_name = forms.CharField(
        label=_("Family name (optional)"),
        max_length=NAME_LENGTH,
        required=False,
        error_messages={"max_length": TOO_LONG["family_name"]},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "dir": "auto"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number"),
        region="DE",
        required=False,
        help_text=_("A German or foreign number, e.g. 0176 1234567 or +93 70 123 4567."),
        error_messages={"invalid": _("Please enter a phone number we can call, e.g. 0176 1234567 or +93 70 123 4567.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Please enter an e-mail address like name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email", "dir": "ltr"}),
    )
    contact_channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactChannel.choices,
        error_messages={"required": _("Please choose how we should contact you.")},
        widget=forms.RadioSelect,
    )
    languages = DistinctMultipleChoiceField(
        label=_("Which languages can you talk in?"),
        help_text=_("Choose all that apply."),
        choices=spoken_language_choices,
        error_messages={"required": _("Please choose at least one language.")},
        widget=forms.CheckboxSelectMultiple,
    )
    topics = DistinctMultipleChoiceField(
        label=_("What would you like help with?"),
        help_text=_("Choose all that apply."),
        choices=Topic.choices,
        error_messages={"required": _("Please choose at least one topic.")},
        widget=forms.CheckboxSelectMultiple,
    )
    residence_status = forms.ChoiceField(
        label=_("What is your residence status?"),
        choices=ResidenceStatus.choices,
        error_messages={"required": _("Please choose your residence status, or “I prefer not to say”.")},
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        help_text=_("Four digits, e.g. 2001."),
        error_messages={
            "required": _("Please enter your year of birth."),
            "invalid": _("Please enter your year of birth as four digits, e.g. 2001."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year", "maxlength": 4}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("Five digits, e.g. 52062."),
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}$", _("Please enter a postcode of five digits, e.g. 52062."))],
        error_messages={
            "required": _("Please enter your postcode."),
            "max_length": _("Please enter a postcode of five digits, e.g. 52062."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "dir": "ltr"}),
    )
    course = forms.TypedChoiceField(
        label=_("Course you are interested in (optional)"),
        choices=course_field_choices,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Please choose a course from the list.")},
    )
    message = forms.CharField(
        label=_("Anything else you would like to tell us? (optional)"),
        max_length=MESSAGE_LENGTH,
        required=False,
        error_messages={"max_length": TOO_LONG["message"]},
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto", "data-character-limit": MESSAGE_LENGTH}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Please agree so that we can store your details and contact you.")},
    )

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": SEND_AGAIN,
            "invalid": SEND_AGAIN,
        },
    )
    form_started = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Hidden fields that never show an error beside them; their problems are form errors.
    TECHNICAL_FIELDS = ("submission_token", "form_started", HONEYPOT_FIELD)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else cleaned_input(data), *args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            self.initial.setdefault("form_started", sign_timestamp())
        for name, field in self.fields.items():
            # A browser cuts text at maxlength without a word; the server names the limit instead.
            field.widget.attrs.pop("maxlength", None)
            if field.help_text and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("aria-describedby", f"{self[name].auto_id}-hint")

    @property
    def lists_courses(self):
        return bool(course_choices())

    @property
    def visible_field_names(self):
        return [name for name in self.fields if name not in self.TECHNICAL_FIELDS]

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        oldest, youngest = this_year - OLDEST_AGE, this_year - YOUNGEST_AGE
        if not oldest <= year <= youngest:
            raise forms.ValidationError(
                _("Please enter a year of birth between %(oldest)d and %(youngest)d."),
                params={"oldest": oldest, "youngest": youngest},
                code="implausible",
            )
        return year

    def clean_given_name(self):
        return self.cleaned_data["given_name"].strip()

    def clean(self):
        cleaned = super().clean()
        self.check_reachable(cleaned)
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Your request could not be sent. Please check it and send it again."))
        if not self.timestamp_is_fresh():
            raise forms.ValidationError(SEND_AGAIN, code="stale")
        return cleaned

    def check_reachable(self, cleaned):
        """A phone number or an e-mail address, and the one the chosen way of contact needs."""
        if self.has_error("phone") or self.has_error("email"):
            return
        channel = cleaned.get("contact_channel")
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Please give a phone number or an e-mail address so that we can reach you."))
        elif channel in ContactChannel.needing_phone() and not cleaned.get("phone"):
            self.add_error(
                "phone",
                _("You chose “%(channel)s”: please give your phone number, or choose another way.")
                % {"channel": ContactChannel(channel).label},
            )
        elif channel == ContactChannel.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("You chose e-mail: please give your e-mail address, or choose another way."))

    def full_clean(self):
        """Mark invalid inputs for assistive technology and point them at their message."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields or name in self.TECHNICAL_FIELDS:
                continue
            if isinstance(self.fields[name].widget, forms.RadioSelect):
                continue  # groups are described on their fieldset
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described_by = attrs.get("aria-describedby", "").split()
            attrs["aria-describedby"] = " ".join([f"{self[name].auto_id}-error", *described_by])

    def timestamp_is_fresh(self):
        age = form_age(self.data.get("form_started") or "")
        return age is not None and MIN_FILL_SECONDS <= age <= MAX_FORM_AGE_SECONDS

    def renew_hidden_fields(self):
        """Before showing a form again: a new start time if the old one no longer passes, a token if it broke."""
        data = self.data.copy()
        if not self.timestamp_is_fresh():
            data["form_started"] = sign_timestamp()
        if self.has_error("submission_token"):
            data["submission_token"] = str(uuid.uuid4())
        self.data = data

    def request_data(self):
        """The cleaned values that are stored on the request (a course by its id)."""
        return {name: self.cleaned_data.get(name) for name in self.visible_field_names if name != "consent"}


def cleaned_input(data):
    """The posted values without invisible direction marks, and with 0–9 where digits are asked for."""

    def clean(name, value):
        if not isinstance(value, str):
            return value
        value = strip_bidi_controls(value)
        return ascii_digits(value) if name in DIGIT_FIELDS else value

    if hasattr(data, "getlist"):  # a QueryDict, as browsers post
        data = data.copy()
        for name in data:
            data.setlist(name, [clean(name, value) for value in data.getlist(name)])
        return data
    return {
        name: [clean(name, item) for item in value] if isinstance(value, list | tuple) else clean(name, value)
        for name, value in data.items()
    }
