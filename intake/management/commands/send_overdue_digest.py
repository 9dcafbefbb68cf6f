from django.core.management.base import BaseCommand

from intake.triage.digest import send_overdue_digests


class Command(BaseCommand):
    help = "E-mail each queue the references of its requests overdue for first contact (run it daily from cron)."

    def handle(self, *args, **options):
        count = send_overdue_digests()
        self.stdout.write(f"Sent {count} overdue digest(s).")
