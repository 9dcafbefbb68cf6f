"""Remove authenticator apps that were never confirmed.

Earlier versions stored the app being set up as an unconfirmed device whose
secret every session of the account was shown; the secret of an app being
set up now lives only in one session (portal/two_factor.py).
"""

from django.db import migrations


def remove_unconfirmed_devices(apps, schema_editor):
    apps.get_model("otp_totp", "TOTPDevice").objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("otp_totp", "0003_add_timestamps")]

    operations = [migrations.RunPython(remove_unconfirmed_devices, migrations.RunPython.noop)]
