"""The money rules as a hypothesis state machine: random sequences of apply/issue, order, deliver,
redeem, review, cancel and expire never overspend the budget nor redeem a voucher beyond its amount."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from innozone.core.errors import DomainError
from innozone.vouchers import services
from innozone.vouchers.models import Order, Redemption, Scheme, Voucher

AMOUNTS = st.sampled_from(["500", "1200.50", "3000", "8000", "20000"])


def test_random_lifecycles_keep_the_money_rules(world):
    Scheme.objects.filter(pk=world["scheme"].pk).update(budget=Decimal("30000"))
    users = world["users"]
    items = list(world["lab"].items.all())

    class Lifecycle(RuleBasedStateMachine):
        vouchers = Bundle("vouchers")
        orders = Bundle("orders")

        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def attempt(self, call):
            try:
                with transaction.atomic():
                    return call()
            except DomainError:
                return None

        @rule(target=vouchers, who=st.sampled_from(["enterprise", "enterprise2", "enterprise3"]), amount=AMOUNTS)
        def apply_and_issue(self, who, amount):
            def call():
                application = services.application_submit(
                    actor=users[who],
                    scheme=world["scheme"],
                    amount=amount,
                    purpose="检测",
                    category=world["instrument"],
                )
                return services.voucher_issue(actor=users["office"], application=application)

            return self.attempt(call)

        @rule(target=orders, voucher=vouchers, item=st.sampled_from(items), quantity=st.integers(1, 30))
        def order(self, voucher, item, quantity):
            if voucher is None:
                return None
            owner = next(
                u for u in users.values() if u.organization_id == voucher.enterprise_id and u.role == "enterprise"
            )
            return self.attempt(
                lambda: services.order_place(actor=owner, voucher=voucher, item=item, quantity=quantity)
            )

        @rule(order=orders)
        def deliver_and_confirm(self, order):
            if order is None:
                return
            owner = next(u for u in users.values() if u.organization_id == order.voucher.enterprise_id)
            files = [("invoice", SimpleUploadedFile("i.pdf", b"i")), ("report", SimpleUploadedFile("r.pdf", b"r"))]
            self.attempt(lambda: services.order_deliver(actor=users["provider"], order=order, files=files))
            self.attempt(lambda: services.order_confirm(actor=owner, order=order))

        @rule(order=orders)
        def redeem(self, order):
            if order is not None:
                self.attempt(lambda: services.voucher_redeem(actor=users["provider"], order=order))

        @rule(order=orders, approve=st.booleans())
        def review(self, order, approve):
            redemption = order and Redemption.objects.filter(order=order).first()
            if redemption:
                self.attempt(
                    lambda: services.redemption_review(
                        actor=users["office"], redemption=redemption, approve=approve, note="审核"
                    )
                )

        @rule(order=orders)
        def cancel_order(self, order):
            if order is not None:
                owner = next(u for u in users.values() if u.organization_id == order.voucher.enterprise_id)
                self.attempt(lambda: services.order_cancel(actor=owner, order=order, reason="取消"))

        @rule(voucher=vouchers)
        def cancel_voucher(self, voucher):
            if voucher is not None:
                self.attempt(lambda: services.voucher_cancel(actor=users["office"], voucher=voucher, reason="作废"))

        @rule(voucher=vouchers)
        def expire(self, voucher):
            if voucher is None:
                return
            yesterday = timezone.localdate() - dt.timedelta(days=1)
            self.attempt(
                lambda: services.voucher_set_expiry(
                    actor=users["office"], voucher=voucher, expires_on=yesterday, reason="到期"
                )
            )
            services.vouchers_expire()

        @invariant()
        def budget_never_overspent_and_balanced(self):
            scheme = Scheme.objects.get(pk=world["scheme"].pk)
            outstanding = Voucher.objects.filter(scheme=scheme).aggregate(s=Sum(F("amount") - F("released")))["s"]
            assert Decimal("0") <= scheme.committed <= scheme.budget
            assert scheme.committed == (outstanding or 0)

        @invariant()
        def vouchers_never_over_redeemed(self):
            for v in Voucher.objects.filter(scheme=world["scheme"]):
                claimed = Redemption.objects.filter(voucher=v).exclude(status="refused").aggregate(s=Sum("amount"))["s"]
                held = (
                    Order.objects.filter(voucher=v)
                    .exclude(status__in=["cancelled", "refused"])
                    .aggregate(s=Sum("voucher_amount"))["s"]
                )
                assert v.redeemed == (claimed or 0) <= v.amount - v.released
                assert v.reserved == (held or 0) <= v.amount - v.released
                assert Redemption.objects.filter(order__voucher=v).count() <= Order.objects.filter(voucher=v).count()

    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=20,
            stateful_step_count=18,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
