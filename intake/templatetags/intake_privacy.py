"""The privacy buttons on a request's page in the back office, shown to those who may use them."""

from django import template

from intake.permissions import can_change_requests
from intake.privacy.views import may_exercise_rights

register = template.Library()


@register.inclusion_tag("intake/privacy/_request_actions.html", takes_context=True)
def privacy_actions(context, intake_request):
    user = context["request"].user
    return {
        "intake_request": intake_request,
        "may_export": may_exercise_rights(user),
        "may_erase": may_exercise_rights(user) and can_change_requests(user) and intake_request.anonymised_at is None,
    }
