"""The audit log: who looked at, exported or changed which request.

``record`` writes one ``AuditEntry``. ``AuditMiddleware`` records the back
office's views from the outside, by URL name, so the views stay free of logging
code and a new view cannot be forgotten silently: ``AUDITED_VIEWS`` must name
every view of the request viewset (a test checks it). A page view is recorded
when it was shown (status 200), a change when it succeeded (the redirect after
a valid POST); refused, invalid and "not found" requests change nothing and
are not recorded. Nothing from the query string or the form is written, so
search terms and entered values stay out of the log.
"""

from intake.models import AuditEntry, IntakeRequest

Action = AuditEntry.Action

REQUESTS_NAMESPACE = "intake_requests"
BULK_ACTION_URL_NAME = "wagtail_bulk_action"
REPORT_URL_NAME = "intake_report"

# URL name in the request viewset → (action on GET, action on a successful POST); None: not recorded.
AUDITED_VIEWS = {
    "index": (None, None),  # the listing; its exports are recorded (see ``list_export``)
    "index_results": (None, None),
    "usage": (None, None),  # where the request is referenced: references only
    "inspect": (Action.VIEWED, None),
    "history": (Action.VIEWED_HISTORY, None),
    "edit": (None, Action.CHANGED_DETAILS),
    "transition": (None, Action.CHANGED_STATUS),
    "note": (None, Action.ADDED_NOTE),
    "duplicate": (None, Action.MARKED_DUPLICATE),
    "reassign": (None, Action.REASSIGNED),
    "add": (None, Action.REGISTERED),
}
EXPORT_FORMATS = ("csv", "xlsx")


def record(user, action, intake_request=None, detail="", at=None):
    """Append one entry; ``intake_request`` is named by id and reference only."""
    entry = AuditEntry(
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        action=action,
        request=intake_request,
        reference=intake_request.reference if intake_request is not None else "",
        detail=detail[:500],
    )
    if at is not None:
        entry.at = at
    entry.save()
    return entry


def succeeded(request, response):
    if request.method == "POST":
        return response.status_code in (301, 302, 303)
    return response.status_code == 200


def requests_of(pks):
    return list(IntakeRequest.objects.filter(pk__in=[pk for pk in pks if str(pk).isdigit()]).only("pk", "reference"))


class AuditMiddleware:
    """Record the audited back-office views after they answered (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and request.user.is_authenticated and succeeded(request, response):
            self.audit(request, match, response)
        return response

    def audit(self, request, match, response):
        user = request.user
        if match.namespace == REQUESTS_NAMESPACE:
            on_get, on_post = AUDITED_VIEWS.get(match.url_name, (None, None))
            if match.url_name == "index" and request.GET.get("export") in EXPORT_FORMATS:
                record(user, Action.EXPORTED_LIST, detail=f"format: {request.GET['export']}")
                return
            action = on_post if request.method == "POST" else on_get
            if action is None:
                return
            intake_request = self.target(match, response)
            if intake_request is not None or action == Action.REGISTERED:
                record(user, action, intake_request)
        elif match.url_name == BULK_ACTION_URL_NAME and match.kwargs.get("model_name") == "intakerequest":
            if request.method == "POST":
                action_name = match.kwargs.get("action", "")
                for intake_request in requests_of(request.GET.getlist("id")):
                    record(user, Action.CHANGED_STATUS, intake_request, detail=f"bulk: {action_name}")
        elif match.url_name == REPORT_URL_NAME and request.GET.get("download") in EXPORT_FORMATS:
            record(user, Action.EXPORTED_REPORT, detail=f"format: {request.GET['download']}")

    def target(self, match, response):
        """The request a view was about: its ``pk`` in the URL, or for a registration the redirect's."""
        pk = match.kwargs.get("pk")
        if pk is None and match.url_name == "add":
            location = response.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
            pk = location if location.isdigit() else None
        found = requests_of([pk]) if pk is not None else []
        return found[0] if found else None


def entries_for(intake_request):
    """The audit entries about a request (for the Art. 15 export: who saw the data)."""
    return AuditEntry.objects.filter(request=intake_request).order_by("at", "pk")
