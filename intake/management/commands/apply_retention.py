from django.core.management.base import BaseCommand

from intake.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise the requests whose retention period is over (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, dry_run=False, **options):
        run = apply_retention(dry_run=dry_run)
        rules = ", ".join(f"{rule}: {count}" for rule, count in sorted(run.by_rule.items())) or "none due"
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{run.anonymised} requests {verb} ({rules}).")
