"""Strip invisible direction marks and overrides from names and messages stored before the form removed them."""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

CONTROLS = ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
FIELDS = ("given_name", "family_name", "message")


def strip_controls(apps, schema_editor):
    IntakeRequest = apps.get_model("intake", "IntakeRequest")
    table = dict.fromkeys(map(ord, CONTROLS))
    affected = reduce(or_, (Q(**{f"{field}__contains": char}) for field in FIELDS for char in CONTROLS))
    for request in IntakeRequest.objects.filter(affected).only(*FIELDS).iterator():
        IntakeRequest.objects.filter(pk=request.pk).update(
            **{field: getattr(request, field).translate(table) for field in FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0008_contact_by_whatsapp_or_signal")]

    operations = [migrations.RunPython(strip_controls, migrations.RunPython.noop)]
