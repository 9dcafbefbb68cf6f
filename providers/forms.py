"""The course finder: what visitors can filter by, and how that narrows the list of courses."""

import datetime
from functools import reduce
from operator import and_

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.choices import BausteinCode, CourseKind, GermanLevel

COURSES_PER_PAGE = 10
MAX_SEARCH_WORDS = 6
NO_GERMAN = "none"
WEEKS_CHOICES = [
    (2, _("within 2 weeks")),
    (4, _("within 4 weeks")),
    (8, _("within 8 weeks")),
    (12, _("within 3 months")),
]


class CourseFilterForm(forms.Form):
    """A GET form: every field is optional and a wrong value is reported next to its field."""

    q = forms.CharField(label=_("Search words"), max_length=100, required=False)
    module = forms.ChoiceField(
        label=_("Funding module"),
        required=False,
        choices=[("", _("All modules"))] + [c for c in BausteinCode.choices if c[0] != BausteinCode.F3],
    )
    kind = forms.ChoiceField(
        label=_("Kind of offer"), required=False, choices=[("", _("All kinds"))] + CourseKind.choices
    )
    level = forms.ChoiceField(
        label=_("My German level"),
        required=False,
        choices=[("", _("Any level")), (NO_GERMAN, _("No German yet"))] + GermanLevel.choices,
        help_text=_("Shows the courses you can join with this level."),
    )
    weeks = forms.TypedChoiceField(
        label=_("Starts"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time"))] + WEEKS_CHOICES,
    )
    women_only = forms.BooleanField(label=_("Only courses for women"), required=False)
    childcare = forms.BooleanField(label=_("With childcare"), required=False)

    def filter(self, queryset, today=None):
        """Narrow ``queryset`` by every valid filter; fields with errors are left out."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        today = today or timezone.localdate()
        if data.get("module"):
            queryset = queryset.filter(funding_module=data["module"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("level") == NO_GERMAN:
            queryset = queryset.filter(german_level_required="")
        elif data.get("level"):
            # Level codes sort in CEFR order; "" (no German needed) sorts first.
            queryset = queryset.filter(german_level_required__lte=data["level"])
        if data.get("weeks"):
            last_start = today + datetime.timedelta(weeks=data["weeks"])
            queryset = queryset.filter(Q(ongoing=True) | Q(start_date__gte=today, start_date__lte=last_start))
        if data.get("women_only"):
            queryset = queryset.filter(women_only=True)
        if data.get("childcare"):
            queryset = queryset.filter(childcare=True)
        words = data.get("q", "").split()[:MAX_SEARCH_WORDS]
        if words:
            queryset = queryset.filter(reduce(and_, (self.word_matches(word) for word in words)))
        return queryset

    @staticmethod
    def word_matches(word):
        return (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(provider__short_name__icontains=word)
            | Q(provider__name__icontains=word)
        )

    def is_filtered(self):
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)
