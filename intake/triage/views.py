"""The triage back office's views: the queue listing, one request's page and the steps staff take on it.

Every view finds requests through ``IntakeRequest.objects.visible_to(user)``
(``VisibleRequestsMixin`` and ``visible_request``): a request in someone else's
queue is "not found" (404), so neither its existence nor its details leak.
The steps themselves (status, placement, note, duplicate, reassignment,
invitation) are functions in ``intake.triage.actions``; the views only collect input.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.usage import UsageView

from intake.models import IntakeRequest, Queue
from intake.permissions import can_change_requests, can_manage_all_queues
from intake.service_level import overdue_q
from intake.triage import actions
from intake.triage.forms import DuplicateForm, InvitationForm, NoteForm, ReassignForm, TransitionForm
from intake.workflow import Status, TransitionNotAllowed, allowed_transitions

VIEWSET_NAME = "intake_requests"


def url(name, *args):
    return reverse(f"{VIEWSET_NAME}:{name}", args=args)


def visible_request(user, pk):
    """The request with ``pk`` if ``user`` may see it; 404 otherwise, whether it exists or not."""
    return get_object_or_404(IntakeRequest.objects.visible_to(user).select_related("queue__provider"), pk=pk)


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
                "history": actions.history(request_),
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


class RequestEditView(VisibleRequestsMixin, EditView):
    """Staff correct a person's details; every changed field is logged with its old and new value."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        self.before = {field: actions.display_value(instance, field) for field in actions.EDITABLE_FIELDS}
        return instance

    def save_instance(self):
        # The request's own history is the log; Wagtail's site-wide log would show
        # other queues' references to anyone with the model permission.
        instance = self.form.save()
        actions.log_field_changes(instance, self.before, self.request.user)
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


class TransitionView(RequestActionView):
    form_class = TransitionForm
    page_title = _("Change status")
    success_message = _("Status changed.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"current_status": self.object.status}

    def perform(self, form):
        actions.change_status(
            self.object,
            form.cleaned_data["status"],
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            effective_at=form.cleaned_data["effective_at"],
            placement=form.placement(),
        )


class NoteView(RequestActionView):
    form_class = NoteForm
    page_title = _("Add a note")
    success_message = _("Note added.")

    def perform(self, form):
        actions.add_note(self.object, form.cleaned_data["text"], by=self.request.user)


class DuplicateView(RequestActionView):
    form_class = DuplicateForm
    page_title = _("Mark as duplicate")
    success_message = _("Marked as duplicate.")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def perform(self, form):
        actions.mark_duplicate(
            self.object, form.cleaned_data["original"], self.request.user, form.cleaned_data["reason"]
        )


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
        actions.reassign(self.object, form.cleaned_data["queue"], self.request.user, form.cleaned_data["reason"])


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
            "history": actions.history(self.object),
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
        intake_request = actions.register_invitation(
            form.person_data(),
            queue=form.cleaned_data["queue"],
            invited_on=form.cleaned_data["invited_on"],
            by=self.request.user,
            appointment_at=form.cleaned_data["appointment_at"],
        )
        messages.success(self.request, _("Invitation %(reference)s registered.") % {"reference": intake_request})
        return redirect(url("inspect", intake_request.pk))
