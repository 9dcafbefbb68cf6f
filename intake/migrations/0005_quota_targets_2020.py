"""The quota targets the council's report (Vorlage FB 56/0057/WP18) names for Aachen in 2020."""

from django.db import migrations

TARGETS_2020 = {"duldung": 275, "gestattung": 50}


def add_targets(apps, schema_editor):
    QuotaTarget = apps.get_model("intake", "QuotaTarget")
    for residence_status, target in TARGETS_2020.items():
        QuotaTarget.objects.get_or_create(year=2020, residence_status=residence_status, defaults={"target": target})


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_quota_targets_and_imported_cases")]

    operations = [migrations.RunPython(add_targets, migrations.RunPython.noop)]
