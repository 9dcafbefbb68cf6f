from django.core.management.base import BaseCommand

from intake.tasks import enqueue_pending_notifications


class Command(BaseCommand):
    help = "Enqueue the queue notifications of requests that have not been notified yet (run it from cron)."

    def handle(self, *args, **options):
        count = enqueue_pending_notifications()
        self.stdout.write(f"Enqueued {count} pending notification(s).")
