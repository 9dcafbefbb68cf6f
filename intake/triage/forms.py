"""The back office's forms: the listing's filters and the steps staff take on one request."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from intake.choices import ContactChannel, PlacementKind, ResidenceStatus, Source, Topic, spoken_language_choices
from intake.models import IntakeRequest, Queue
from intake.workflow import Status, allowed_transitions
from providers.models import CoursePage

# Age bands of the listing filter: (value, label, lowest age, highest age).
AGE_BANDS = [
    ("under_18", _("Under 18"), None, 17),
    ("18_21", _("18 to 21"), 18, 21),
    ("22_27", _("22 to 27"), 22, 27),
    ("over_27", _("Over 27"), 28, None),
]


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    queue = django_filters.ModelChoiceFilter(
        label=_("Queue"), queryset=lambda request: Queue.objects.visible_to(request.user)
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=spoken_language_choices, method="filter_listed_value"
    )
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, method="filter_listed_value")
    residence_status = django_filters.ChoiceFilter(label=_("Residence status"), choices=ResidenceStatus.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=[(value, label) for value, label, _low, _high in AGE_BANDS], method="filter_age_band"
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    overdue = django_filters.BooleanFilter(label=_("First contact overdue"), method="filter_overdue")
    received = django_filters.DateFromToRangeFilter(
        label=_("Received"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = IntakeRequest
        fields = []

    def filter_listed_value(self, queryset, name, value):
        # The lists are stored as JSON arrays of codes: match the quoted code.
        field = {"language": "languages", "topic": "topics"}[name]
        return queryset.filter(**{f"{field}__icontains": f'"{value}"'})

    def filter_age_band(self, queryset, name, value):
        year = timezone.localdate().year
        for band, _label, low, high in AGE_BANDS:
            if band == value:
                if low is not None:
                    queryset = queryset.filter(birth_year__lte=year - low)
                if high is not None:
                    queryset = queryset.filter(birth_year__gte=year - high)
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_overdue=value)


class RequestEditForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=spoken_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Wants help with"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    effective_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("When it happened or is planned, e.g. the appointment. Empty: now."),
    )
    reason = forms.CharField(label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    placement_kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=[("", "---------"), *PlacementKind.choices],
        required=False,
        help_text=_("For “placed in a measure”."),
    )
    placement_course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.live().filter(locale__language_code="de").order_by("title"),
        required=False,
        help_text=_("For “placed in a measure”: the course page, or describe the measure below."),
    )
    placement_measure = forms.CharField(label=_("Measure (free text)"), max_length=200, required=False)
    placement_starts_on = forms.DateField(label=_("Measure starts on"), required=False, widget=AdminDateInput)

    def __init__(self, *args, current_status, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status.value, status.label) for status in allowed_transitions(current_status) if status != Status.DUPLICATE
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.PLACED_IN_MEASURE:
            if not cleaned.get("placement_kind"):
                self.add_error("placement_kind", _("Choose the kind of measure."))
            if not cleaned.get("placement_course") and not cleaned.get("placement_measure"):
                self.add_error("placement_measure", _("Choose a course or describe the measure."))
            if not cleaned.get("placement_starts_on"):
                self.add_error("placement_starts_on", _("Enter the date the measure starts."))
        return cleaned

    def placement(self):
        if self.cleaned_data["status"] != Status.PLACED_IN_MEASURE:
            return None
        return {
            "kind": self.cleaned_data["placement_kind"],
            "course": self.cleaned_data["placement_course"],
            "measure": self.cleaned_data["placement_measure"],
            "starts_on": self.cleaned_data["placement_starts_on"],
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Only staff see notes; the person never does."),
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Reference of the original request"), max_length=12, help_text=_("E.g. DA-7K3M9P.")
    )
    reason = forms.CharField(label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_original(self):
        reference = self.cleaned_data["original"].strip().upper()
        original = IntakeRequest.objects.visible_to(self.user).filter(reference=reference).first()
        if original is None:
            raise forms.ValidationError(_("No request with this reference in your queues."))
        return original


class ReassignForm(forms.Form):
    queue = forms.ModelChoiceField(label=_("Move to queue"), queryset=Queue.objects.all())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current_queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = Queue.objects.exclude(pk=current_queue.pk)


class InvitationForm(forms.Form):
    """The least needed to register a person invited by letter."""

    given_name = forms.CharField(label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"dir": "auto"}))
    family_name = forms.CharField(
        label=_("Family name"), max_length=100, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    phone = IntakeRequest._meta.get_field("phone").formfield(required=False)
    residence_status = forms.ChoiceField(label=_("Residence status"), choices=ResidenceStatus.choices)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    contact_channel = forms.ChoiceField(
        label=_("Preferred contact"), choices=[("", "---------"), *ContactChannel.choices], required=False
    )
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=Queue.objects.all())
    invited_on = forms.DateField(label=_("Letter sent on"), widget=AdminDateInput)
    appointment_at = forms.DateTimeField(
        label=_("Appointment in the letter"), required=False, widget=AdminDateTimeInput
    )

    def person_data(self):
        return {
            name: self.cleaned_data[name]
            for name in ("given_name", "family_name", "phone", "residence_status", "birth_year", "contact_channel")
            if self.cleaned_data[name] not in (None, "")
        }
