"""Forms of the admin sign-in: password (with brute-force protection) and second factor."""

import math

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from portal import login_throttle
from portal.security import client_ip


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, refusing to check passwords while an account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        ip = client_ip(self.request) if self.request else ""
        seconds = login_throttle.seconds_locked(username, ip)
        if seconds:
            raise self.locked_error(seconds)
        try:
            cleaned_data = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                login_throttle.record_failure(username, ip)
                seconds = login_throttle.seconds_locked(username, ip)
                if seconds:
                    raise self.locked_error(seconds) from error
            raise
        login_throttle.record_success(username)
        return cleaned_data

    @staticmethod
    def locked_error(seconds):
        minutes = math.ceil(seconds / 60)
        return forms.ValidationError(
            ngettext(
                "Too many failed sign-in attempts. For your protection, signing in is paused. "
                "Please try again in %(minutes)d minute.",
                "Too many failed sign-in attempts. For your protection, signing in is paused. "
                "Please try again in %(minutes)d minutes.",
                minutes,
            ),
            code="locked",
            params={"minutes": minutes},
        )


class TokenForm(forms.Form):
    """One code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": "", "spellcheck": "false"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()

    @property
    def is_app_code(self):
        code = self.cleaned_data["code"]
        return len(code) == 6 and code.isdigit()


class PasswordForm(forms.Form):
    """The password once more, before an authenticator app is set up (counted like a failed sign-in)."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": ""}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        username = user.get_username()
        ip = client_ip(self.request)
        seconds = login_throttle.seconds_locked(username, ip)
        if seconds:
            raise LoginForm.locked_error(seconds)
        if not user.check_password(password):
            login_throttle.record_failure(username, ip)
            raise forms.ValidationError(_("This password is not correct."), code="invalid_password")
        login_throttle.record_success(username)
        return password
