"""Keep personal data out of logs and error reports.

Log files and error reports are kept longer and read by more people than the
requests themselves, so nothing a young person entered may end up there:
``PersonalDataFilter`` (on every handler in ``LOGGING``) removes e-mail
addresses, phone numbers and the values of the intake form's fields from log
records; ``PersonalDataExceptionReporterFilter`` (``DEFAULT_EXCEPTION_REPORTER_FILTER``)
hides those fields in the POST data of error reports, and all local variables.
"""

import logging
import re

import phonenumbers
from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter

# The intake form's fields; a value logged under one of these names is removed.
PERSONAL_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "phone",
        "email",
        "message",
        "postcode",
        "birth_year",
        "residence_status",
        "languages",
        "topics",
        "notes",
    }
)
REMOVED = "[removed]"

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers as people type them start with + or 0 (0241 …, +93 …, 0049 …);
# dates, IP addresses and reference numbers do not, and stay readable.
PHONE_LIKE = re.compile(r"(?<![\w+])(?:\+|0)\d[\d ()/-]{6,}\d")
FIELD_NAMES = "|".join(sorted(PERSONAL_FIELDS))
FIELD_VALUE = re.compile(
    rf"""(?P<key>['"]?\b(?:{FIELD_NAMES})\b['"]?\s*[:=]\s*)"""  # given_name=…, 'phone': …, "email": …
    r"""(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\[[^\]]*\]|<[^>]*>|[^\s,;&}]+)"""
)


def scrub(text):
    """``text`` without e-mail addresses, phone numbers and values of personal fields."""
    text = FIELD_VALUE.sub(lambda match: match["key"] + REMOVED, text)
    text = EMAIL.sub(REMOVED, text)
    if sum(character.isdigit() for character in text) >= 7:
        for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "DE"))):
            text = text[: match.start] + REMOVED + text[match.end :]
        text = PHONE_LIKE.sub(REMOVED, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Rewrite each log record's message, traceback and stack without personal data."""

    formatter = logging.Formatter()

    def filter(self, record):
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports without the intake form's fields and without any local variable's value."""

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        hidden = PERSONAL_FIELDS.intersection(parameters)
        if not hidden:
            return parameters
        parameters = parameters.copy()
        for name in hidden:
            parameters[name] = self.cleansed_substitute
        return parameters

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PersonalDataAdminEmailHandler(AdminEmailHandler):
    """Error e-mails to the admins, scrubbed as a whole.

    The report is built from the exception itself, not from the filtered log
    record, so an exception message quoting a database row (``Key (email)=(…)``)
    would otherwise reach the mailbox.
    """

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = scrub(kwargs["html_message"])
        super().send_mail(scrub(subject), scrub(message), *args, **kwargs)
