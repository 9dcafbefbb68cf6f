"""Demo staff accounts, and the discovery of every app's demo content.

Each app that has demo content keeps it in ``<app>/demo.py`` with a
``seed(stdout)`` function that can run any number of times. ``seed_demo``
runs them in ``INSTALLED_APPS`` order, which is the apps' dependency order.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from portal.roles import CITY_GROUP, PARTICIPATION_MANAGEMENT_GROUP, PARTNER_EDITORS_GROUP

# username → (first name, last name, e-mail, group, is superuser)
DEMO_USERS = {
    "admin": ("Ada", "Admin", "admin@example.org", None, True),
    "city": ("Clara", "Stadt", "fb56@example.org", CITY_GROUP, False),
    "tm-stadt": ("Tarek", "Stadt", "tm-stadt@example.org", PARTICIPATION_MANAGEMENT_GROUP, False),
    "tm-lowtec": ("Lena", "Lowtec", "tm-lowtec@example.org", PARTICIPATION_MANAGEMENT_GROUP, False),
    "tm-qualitec": ("Quentin", "Qualitec", "tm-qualitec@example.org", PARTICIPATION_MANAGEMENT_GROUP, False),
    "editor-vhs": ("Vera", "VHS", "editor-vhs@example.org", PARTNER_EDITORS_GROUP, False),
    "editor-lowtec": ("Emil", "Lowtec", "editor-lowtec@example.org", PARTNER_EDITORS_GROUP, False),
}

# Permissions of a group beyond opening the admin: city staff reset a colleague's
# second factor (lost phone) in Settings → Two-factor authentication.
GROUP_PERMISSIONS = {"Stadt Aachen (FB 56)": [("otp_totp", "delete_totpdevice")]}


def demo_modules():
    """The ``demo`` module of every installed app that has one, in dependency order."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.demo"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def staff_group(name):
    """A group whose members may log in to the Wagtail admin."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def seed(stdout):
    User = get_user_model()
    for username, (first_name, last_name, email, group_name, is_superuser) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if group_name:
            group = staff_group(group_name)
            user.groups.add(group)
            for app_label, codename in GROUP_PERMISSIONS.get(group_name, []):
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    stdout.write(f"Demo logins at /admin/ (password: {settings.DEMO_PASSWORD}): " + ", ".join(DEMO_USERS) + ".")


def _comparable(value):
    """A page field's value in a form that can be compared with seed data."""
    if hasattr(value, "raw_data") and hasattr(value, "stream_block"):
        return [(child.block_type, child.block.get_prep_value(child.value)) for child in value]
    return value


def upsert_page(parent, model, slug, **fields):
    """Create or update a published child page of ``parent``; return ``(page, changed)``.

    A page whose fields already match is left alone, so seeding twice creates
    no new revision.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True
    changed = {name: value for name, value in fields.items() if _comparable(getattr(page, name)) != value}
    if changed or not page.live:
        for name, value in changed.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page, True
    return page, False
