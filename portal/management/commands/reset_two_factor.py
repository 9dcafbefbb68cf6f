from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal import two_factor


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator app and recovery codes (lost phone): "
        "they set up a new app at their next sign-in. The reset is written to the audit log. "
        "City staff can do the same in the admin: Settings → Two-factor authentication."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        two_factor.reset(user, via="command")
        self.stdout.write(f"Two-factor authentication of {username} was reset.")
