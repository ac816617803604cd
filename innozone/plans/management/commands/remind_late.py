import datetime as dt

from django.core.management.base import BaseCommand

from innozone.plans.services import late_units_remind
from innozone.plans.tasks import send_late_reminders


class Command(BaseCommand):
    help = "List units whose progress reports are late and remind them (inbox; e-mail when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--enqueue", action="store_true", help="run through the configured task backend")

    def handle(self, *args, **opts):
        if opts["enqueue"]:
            result = send_late_reminders.enqueue()
            self.stdout.write(f"enqueued task {result.id} ({result.status})")
            return
        late = late_units_remind(as_of=opts["as_of"])
        for plan, task, org, period in late:
            self.stdout.write(f"{plan.year}\t{task.number}\t{org.name}\t{period.key}\tdue {period.due}")
        self.stdout.write(f"{len(late)} late report(s)")
