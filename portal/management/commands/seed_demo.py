from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import demo_modules


class Command(BaseCommand):
    help = (
        "Create or update the demo content: pages, partners, courses and staff accounts. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a production site: it creates accounts with a known password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates staff accounts with a known password and refuses to run with DEBUG off. "
                "Use --force for a throw-away test site."
            )
        with transaction.atomic():
            for module in demo_modules():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
