from django.core.management.base import BaseCommand

from innozone.core.approvals import approvals_remind_overdue
from innozone.vouchers.services import vouchers_expire
from innozone.vouchers.tasks import daily


class Command(BaseCommand):
    help = "Vouchers: `vouchers expire` (return unspent amounts of expired vouchers), `vouchers daily [--enqueue]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("expire", help="expire vouchers past their date")
        d = sub.add_parser("daily", help="expire vouchers and remind approvers of overdue approvals")
        d.add_argument("--enqueue", action="store_true", help="hand the work to the tasks backend")

    def handle(self, *args, **opts):
        if opts["action"] == "expire":
            self.stdout.write(f"expired {vouchers_expire()} vouchers")
        elif opts["enqueue"]:
            result = daily.enqueue()
            self.stdout.write(f"enqueued {result.id}")
        else:
            self.stdout.write(f"expired {vouchers_expire()} vouchers, sent {approvals_remind_overdue()} reminders")
