"""The admin's bulk actions, guarded against ids that are no ids.

Wagtail's bulk action views pass ``?id=`` values straight into ``pk__in``:
``?id=abc`` raises ``ValueError`` and a number beyond the column's range an
``OverflowError`` (SQLite) or a ``DataError`` (PostgreSQL), each a 500. This
view answers 400 for such a value before any action, the project's or
Wagtail's own, sees it.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.views.defaults import bad_request
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action

# The listing's "select all" sends this instead of ids.
ALL = "all"


def is_valid_id(field, value):
    try:
        pk = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(pk, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or pk >= low) and (high is None or pk <= high)
    return pk is not None


@require_admin_access
def bulk_action(request, app_label, model_name, action):
    try:
        pk_field = apps.get_model(app_label, model_name)._meta.pk
    except LookupError as error:
        raise Http404 from error
    if not all(value == ALL or is_valid_id(pk_field, value) for value in request.GET.getlist("id")):
        return bad_request(request, ValueError("bulk action ids"))
    return wagtail_bulk_action(request, app_label, model_name, action)
