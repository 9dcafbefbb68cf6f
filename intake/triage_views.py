"""The triage back office in the Wagtail admin: queues of requests, their detail page and the steps staff take.

Every view finds requests through ``IntakeRequest.objects.visible_to(user)``
(``VisibleRequestsMixin`` and ``visible_request``): a request in someone else's
queue is "not found" (404), so neither its existence nor its details leak.
The steps themselves (status, placement, note, duplicate, reassignment,
invitation) are functions in ``intake.triage``; the views only collect input.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.permission_policies import ModelPermissionPolicy

from intake import triage
from intake.choices import ContactChannel, PlacementKind, ResidenceStatus, Source, Topic, spoken_language_choices
from intake.models import IntakeRequest, Queue
from intake.permissions import can_change_requests, can_manage_all_queues, can_view_requests
from intake.service_level import overdue_q
from intake.workflow import Status, TransitionNotAllowed, allowed_transitions
from providers.models import CoursePage

VIEWSET_NAME = "intake_requests"

# Age bands of the listing filter: (value, label, lowest age, highest age).
AGE_BANDS = [
    ("under_18", _("Under 18"), None, 17),
    ("18_21", _("18 to 21"), 18, 21),
    ("22_27", _("22 to 27"), 22, 27),
    ("over_27", _("Over 27"), 28, None),
]


def url(name, *args):
    return reverse(f"{VIEWSET_NAME}:{name}", args=args)


def visible_request(user, pk):
    """The request with ``pk`` if ``user`` may see it; 404 otherwise, whether it exists or not."""
    return get_object_or_404(IntakeRequest.objects.visible_to(user).select_related("queue__provider"), pk=pk)


class RequestPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed: nobody deletes a request, only city staff add (invitations)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if action == "add":
            return can_manage_all_queues(user) and super().user_has_permission(user, "add")
        return super().user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return IntakeRequest.objects.visible_to(user)
        return IntakeRequest.objects.none()

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and IntakeRequest.objects.visible_to(user).filter(pk=instance.pk).exists()
        )


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


class VisibleRequestsMixin:
    """The queryset of every view of the viewset: the requests the user may see, nothing else."""

    def visible_requests(self):
        return IntakeRequest.objects.visible_to(self.request.user).select_related("queue__provider")

    def get_object(self, queryset=None):
        return get_object_or_404(self.visible_requests(), pk=self.kwargs[self.pk_url_kwarg])


class RequestIndexView(VisibleRequestsMixin, IndexView):
    def get_base_queryset(self):
        queues = list(Queue.objects.visible_to(self.request.user))
        return self.visible_requests().annotate(
            is_overdue=Case(
                When(overdue_q(queues), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="intakerequest"),
            title(
                "reference",
                label=_("Reference"),
                sort_key="reference",
                get_url=lambda instance: url("inspect", instance.pk),
                get_title_id=lambda instance: f"intakerequest_{instance.pk}_title",
            ),
            Column("full_name", label=_("Name"), accessor=full_name),
            Column("queue", label=_("Queue"), accessor="queue", sort_key="queue__name"),
            StatusTagColumn("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            StatusTagColumn(
                "is_overdue",
                label=_("First contact"),
                accessor=lambda instance: _("Overdue") if instance.is_overdue else "",
                primary=True,
                sort_key="is_overdue",
            ),
            DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        queue = self.filters.form.cleaned_data.get("queue") if self.filters and self.filters.is_valid() else None
        if queue is not None:
            context["page_subtitle"] = str(queue)
        return context


def full_name(instance):
    return " ".join(part for part in (instance.given_name, instance.family_name) if part)


class RequestInspectView(VisibleRequestsMixin, InspectView):
    template_name = "intake/triage/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        request_ = self.object
        context.update(
            {
                "intake_request": request_,
                "history": triage.history(request_),
                "notes": request_.notes.select_related("created_by"),
                "placements": request_.placements.select_related("course"),
                "routing": request_.routing_decisions.select_related("rule").first(),
                "duplicate_of": request_.duplicate_of,
                "can_change": can_change_requests(user),
                "can_reassign": can_manage_all_queues(user),
                "transitions": allowed_transitions(request_.status),
                "note_form": NoteForm(),
                "actions": action_links(request_, user),
            }
        )
        return context


def action_links(intake_request, user):
    if not can_change_requests(user):
        return []
    links = []
    if allowed_transitions(intake_request.status):
        links.append((url("transition", intake_request.pk), _("Change status")))
    links.append((url("edit", intake_request.pk), _("Correct details")))
    if Status.DUPLICATE in allowed_transitions(intake_request.status):
        links.append((url("duplicate", intake_request.pk), _("Mark as duplicate")))
    if can_manage_all_queues(user):
        links.append((url("reassign", intake_request.pk), _("Move to another queue")))
    links.append((url("history", intake_request.pk), _("History")))
    return links


class RequestUsageView(UsageView):
    def get_base_object_queryset(self):
        return IntakeRequest.objects.visible_to(self.request.user)


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


class RequestEditView(VisibleRequestsMixin, EditView):
    """Staff correct a person's details; every changed field is logged with its old and new value."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        self.before = {field: triage.display_value(instance, field) for field in triage.EDITABLE_FIELDS}
        return instance

    def save_instance(self):
        # The request's own history is the log; Wagtail's site-wide log would show
        # other queues' references to anyone with the model permission.
        instance = self.form.save()
        triage.log_field_changes(instance, self.before, self.request.user)
        return instance

    def get_success_url(self):
        return url("inspect", self.object.pk)


class OneRequestHeaderMixin:
    """Header and breadcrumbs of a page about one request: Requests › reference › this page."""

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("index"), "label": _("Requests")},
            {"url": url("inspect", self.object.pk), "label": self.object.reference},
            {"url": "", "label": self.get_page_title()},
        ]


class RequestActionView(OneRequestHeaderMixin, WagtailAdminTemplateMixin, FormView):
    """A step on one request: 404 unless the user sees the request, 403 unless they may take the step."""

    template_name = "wagtailadmin/generic/form.html"
    header_icon = "mail"
    submit_button_label = _("Save")

    def dispatch(self, request, pk):
        self.object = visible_request(request.user, pk)
        if not self.is_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def is_allowed(self, user):
        return can_change_requests(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": self.submit_button_label,
                "page_subtitle": f"{self.object.reference}: {self.get_page_title()}",
                "object": self.object,
            }
        )
        return context

    def get_success_url(self):
        return url("inspect", self.object.pk)

    def form_valid(self, form):
        try:
            self.perform(form)
        except TransitionNotAllowed as error:
            form.add_error(None, error.args[0])
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


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


class TransitionView(RequestActionView):
    form_class = TransitionForm
    page_title = _("Change status")
    success_message = _("Status changed.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"current_status": self.object.status}

    def perform(self, form):
        triage.change_status(
            self.object,
            form.cleaned_data["status"],
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            effective_at=form.cleaned_data["effective_at"],
            placement=form.placement(),
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Only staff see notes; the person never does."),
    )


class NoteView(RequestActionView):
    form_class = NoteForm
    page_title = _("Add a note")
    success_message = _("Note added.")

    def perform(self, form):
        triage.add_note(self.object, form.cleaned_data["text"], by=self.request.user)


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


class DuplicateView(RequestActionView):
    form_class = DuplicateForm
    page_title = _("Mark as duplicate")
    success_message = _("Marked as duplicate.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def perform(self, form):
        triage.mark_duplicate(
            self.object, form.cleaned_data["original"], self.request.user, form.cleaned_data["reason"]
        )


class ReassignForm(forms.Form):
    queue = forms.ModelChoiceField(label=_("Move to queue"), queryset=Queue.objects.all())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current_queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = Queue.objects.exclude(pk=current_queue.pk)


class ReassignView(RequestActionView):
    """City staff move a request to another queue, with a reason."""

    form_class = ReassignForm
    page_title = _("Move to another queue")
    success_message = _("Moved to another queue.")

    def is_allowed(self, user):
        return can_manage_all_queues(user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"current_queue": self.object.queue}

    def perform(self, form):
        triage.reassign(self.object, form.cleaned_data["queue"], self.request.user, form.cleaned_data["reason"])


class HistoryView(OneRequestHeaderMixin, WagtailAdminTemplateMixin, TemplateView):
    """The request's whole history: status changes and every other change, oldest first."""

    template_name = "intake/triage/history.html"
    page_title = _("History")
    header_icon = "history"

    def dispatch(self, request, pk):
        self.object = visible_request(request.user, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "intake_request": self.object,
            "history": triage.history(self.object),
        }


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


class InvitationView(WagtailAdminTemplateMixin, FormView):
    """City staff register a person invited by letter (source "invitation")."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = InvitationForm
    page_title = _("Register an invitation")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not (can_manage_all_queues(request.user) and request.user.has_perm("intake.add_intakerequest")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "action_url": self.request.path,
            "submit_button_label": _("Register"),
        }

    def form_valid(self, form):
        intake_request = triage.register_invitation(
            form.person_data(),
            queue=form.cleaned_data["queue"],
            invited_on=form.cleaned_data["invited_on"],
            by=self.request.user,
            appointment_at=form.cleaned_data["appointment_at"],
        )
        messages.success(self.request, _("Invitation %(reference)s registered.") % {"reference": intake_request})
        return redirect(url("inspect", intake_request.pk))


class IntakeRequestViewSet(ModelViewSet):
    model = IntakeRequest
    icon = "mail"
    menu_label = _("Requests")
    add_to_admin_menu = False
    url_prefix = "intake/requests"
    # Not in the reference index: a course page's "usage" would list the requests naming it to its editors.
    add_to_reference_index = False
    index_view_class = RequestIndexView
    index_template_name = "intake/triage/index.html"
    inspect_view_class = RequestInspectView
    edit_view_class = RequestEditView
    usage_view_class = RequestUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    sort_order_field = None
    filterset_class = RequestFilterSet
    search_fields = ["reference", "given_name", "family_name"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    # Exports carry no names or contact details: the figures and the reference are what leaves the screen.
    list_export = [
        "reference",
        "queue",
        "get_status_display",
        "get_source_display",
        "language",
        "created_at",
        "status_changed_at",
        "get_residence_status_display",
        "birth_year",
        "languages",
        "topics",
        "is_overdue",
    ]
    export_headings = {
        "reference": _("Reference"),
        "queue": _("Queue"),
        "get_status_display": _("Status"),
        "get_source_display": _("Source"),
        "language": _("Language of the request"),
        "created_at": _("Received"),
        "status_changed_at": _("Status changed"),
        "get_residence_status_display": _("Residence status"),
        "birth_year": _("Year of birth"),
        "languages": _("Languages spoken"),
        "topics": _("Wants help with"),
        "is_overdue": _("First contact overdue"),
    }
    export_filename = "requests"
    inspect_view_fields = [
        "reference",
        "queue",
        "status",
        "source",
        "created_at",
        "given_name",
        "family_name",
        "phone",
        "email",
        "contact_channel",
        "language",
        "residence_status",
        "birth_year",
        "postcode",
        "course",
        "message",
        "is_age_outside_target",
        "is_outside_city",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("given_name"), FieldPanel("family_name")]),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("contact_channel")]),
            FieldPanel("languages"),
            FieldPanel("topics"),
            FieldRowPanel([FieldPanel("residence_status"), FieldPanel("birth_year"), FieldPanel("postcode")]),
        ],
        base_form_class=RequestEditForm,
    )

    def get_urlpatterns(self):
        # No deleting or copying requests; "new" registers an invitation; the history is the request's own log.
        dropped = {"delete", "copy", "add", "history", "history_results"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in dropped] + [
            path("new/", InvitationView.as_view(), name="add"),
            path("history/<int:pk>/", HistoryView.as_view(), name="history"),
            path("transition/<int:pk>/", TransitionView.as_view(), name="transition"),
            path("note/<int:pk>/", NoteView.as_view(), name="note"),
            path("duplicate/<int:pk>/", DuplicateView.as_view(), name="duplicate"),
            path("reassign/<int:pk>/", ReassignView.as_view(), name="reassign"),
        ]


class QueueMenu(Menu):
    """One item per queue the user may see, plus all of them together; built per request."""

    def menu_items_for_request(self, request):
        if not can_view_requests(request.user):
            return []
        index = url("index")
        items = [MenuItem(_("All my queues"), index, name="all-queues", icon_name="list-ul", order=0)]
        for order, queue in enumerate(Queue.objects.visible_to(request.user), start=1):
            items.append(MenuItem(str(queue), f"{index}?queue={queue.pk}", name=f"queue-{queue.slug}", order=order))
        if can_manage_all_queues(request.user):
            items.append(
                MenuItem(_("Register an invitation"), url("add"), name="invitation", icon_name="plus", order=999)
            )
        return items

    def render_component(self, request):
        return [item.render_component(request) for item in self.menu_items_for_request(request)]


def requests_menu_item():
    return SubmenuMenuItem(_("Requests"), QueueMenu(), name="requests", icon_name="mail", order=250)


class RecordContactBulkAction(BulkAction):
    """Record first contact for several requests at once (e.g. after a round of calls)."""

    display_name = _("Record first contact")
    action_type = "record_contact"
    aria_label = _("Record first contact for the selected requests")
    template_name = "intake/triage/bulk_record_contact.html"
    models = [IntakeRequest]

    def dispatch(self, request, *args, **kwargs):
        if not can_change_requests(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, model, object_ids):
        # Only visible requests; an id from another queue makes the whole action "not found".
        visible = IntakeRequest.objects.visible_to(self.request.user).filter(pk__in=object_ids)
        if not object_ids or visible.count() != len(set(object_ids)):
            raise Http404
        return list(visible)

    def get_all_objects_in_listing_query(self, parent_id):
        return IntakeRequest.objects.visible_to(self.request.user).values_list("pk", flat=True)

    def check_perm(self, obj):
        return Status.CONTACTED in allowed_transitions(obj.status)

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for intake_request in objects:
            intake_request.transition(Status.CONTACTED, by=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "First contact recorded for %(count)d request.",
            "First contact recorded for %(count)d requests.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
