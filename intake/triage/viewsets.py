"""The request queues as a Wagtail viewset: its permission policy, the queue menu and the bulk action."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from intake.models import IntakeRequest, Queue
from intake.permissions import can_change_requests, can_manage_all_queues, can_view_requests
from intake.triage.forms import RequestEditForm, RequestFilterSet
from intake.triage.views import (
    DuplicateView,
    HistoryView,
    InvitationView,
    NoteView,
    ReassignView,
    RequestEditView,
    RequestIndexView,
    RequestInspectView,
    RequestUsageView,
    TransitionView,
    url,
)
from intake.workflow import Status, allowed_transitions


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
