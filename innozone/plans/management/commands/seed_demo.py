import importlib

from django.core.management.base import BaseCommand

from innozone.core.models import User
from innozone.evaluation.demo import seed_evaluation, seed_evaluation_run, seed_live_dataset
from innozone.plans.demo import seed_demo

# Other apps' demo data, loaded after the plans (they refer to its organizations and users).
# Each is `seed(*, with_activity: bool) -> str` (a one-line summary) and safe to rerun.
DEMO_HOOKS = [
    "innozone.vouchers.demo.seed",
    "innozone.market.demo.seed",
]


class Command(BaseCommand):
    help = "Load the default data from the seed documents (units, the 2020 plan, demo users). Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--no-reports", action="store_true", help="do not add demo progress reports")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, **opts):
        result = seed_demo(with_reports=not opts["no_reports"])
        for plan in result["plans"]:
            self.stdout.write(f"plan: {plan.year} {plan.title} ({plan.tasks.count()} tasks)")
        framework = seed_evaluation()
        seed_evaluation_run(framework)
        if not opts["no_reports"]:
            seed_live_dataset(framework)
        self.stdout.write(f"evaluation: {framework.name} ({framework.datasets.count()} data sets)")
        for hook in DEMO_HOOKS:
            module_name, function_name = hook.rsplit(".", 1)
            summary = getattr(importlib.import_module(module_name), function_name)(with_activity=not opts["no_reports"])
            if summary:
                self.stdout.write(summary)
        if not opts["quiet_logins"]:
            self.stdout.write(f"demo logins (password {result['password']}):")
            shown = set()
            for username, role, org in result["logins"]:
                shown.add(username)
                self.stdout.write(f"  {username:<11} {role:<14} {org}")
            # the users other apps' demo data added (second enterprise, city approvers, …)
            for user in User.objects.filter(is_active=True).exclude(username__in=shown).select_related("organization"):
                if user.has_usable_password() and not user.is_superuser:
                    self.stdout.write(f"  {user.username:<11} {user.get_role_display():<14} {user.organization or ''}")
