"""Who may see and change requests in the back office.

Two layers: Django model permissions (``view``/``change``/``add`` on
``IntakeRequest``, given to the city and Teilhabemanagement groups by
``intake.demo``) say whether someone works requests at all; the queues
(``IntakeRequest.objects.visible_to``) say which. Every view, export, count, search
and bulk action goes through ``visible_to``; nothing else filters rows.
"""

from portal.roles import CITY_GROUP


def is_city_staff(user):
    """City staff (FB 56) and superusers work every queue, reassign and register invitations."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_intake_is_city_staff", None)
    if cached is None:
        cached = user._intake_is_city_staff = user.groups.filter(name=CITY_GROUP).exists()
    return cached


def can_view_requests(user):
    return user.is_authenticated and user.is_active and user.has_perm("intake.view_intakerequest")


def can_change_requests(user):
    return can_view_requests(user) and user.has_perm("intake.change_intakerequest")


def can_manage_all_queues(user):
    """Reassigning between queues and registering invitations: city staff with the change permission."""
    return can_change_requests(user) and is_city_staff(user)
