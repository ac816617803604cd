from django.core.management.base import BaseCommand

from innozone.core import demo


class Command(BaseCommand):
    help = (
        "Load the default data from the seed documents (units, plans, demo users) and every app's demo data "
        "(each app's demo.py). Safe to rerun: existing rows are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-reports",
            "--no-activity",
            dest="no_activity",
            action="store_true",
            help="set-up only: no progress reports, vouchers, bookings or contracts",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, **opts):
        demo.seed_all(with_activity=not opts["no_activity"], progress=self.stdout.write)
        if not opts["quiet_logins"]:
            self.stdout.write(f"demo logins (password {demo.DEMO_PASSWORD}):")
            for username, role, org in demo.logins():
                self.stdout.write(f"  {username:<11} {role:<14} {org}")
