"""32 threads at once against one budget and one voucher, on the real PostgreSQL (SQLite has a single
writer, so there is nothing to race there): zero overspend, zero double redemption."""

from decimal import Decimal

import pytest
from django.db import connection

from innozone.vouchers import services
from innozone.vouchers.models import Application, Order, Redemption, Scheme, Voucher
from tests.races import race as run_race

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")

THREADS = 32


def race(calls):
    """Every call at once (tests/races.py); return (ok, refused, errors)."""
    results = run_race(calls)
    errors = [r for r in results if not isinstance(r, str)]
    return results.count("ok"), results.count("refused"), errors


@pytest.fixture
def setup(transactional_db):
    from innozone.core.models import User
    from innozone.plans.demo import seed_demo
    from innozone.vouchers import demo as voucher_demo

    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    users = {u.username: u for u in User.objects.select_related("organization")}
    scheme = Scheme.objects.get(name=voucher_demo.SCHEME_NAME)
    return users, scheme


def confirmed_orders(users, voucher, count):
    lab_item = voucher.scheme.rates.first() and users["provider"].organization.provider.items.first()
    orders = []
    for _ in range(count):
        order = services.order_place(actor=users["enterprise"], voucher=voucher, item=lab_item, quantity=1)
        orders.append(order)
    return orders


def test_32_threads_issue_and_redeem_without_overspend_or_double_redemption(setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    users, scheme = setup
    office, enterprise = users["office"], users["enterprise"]
    category = scheme.rates.first().category
    voucher = services.voucher_issue(
        actor=office,
        application=Application.objects.create(
            scheme=scheme,
            enterprise=enterprise.organization,
            amount="4000",
            purpose="并发测试",
            category=category,
            submitted_by=enterprise,
        ),
    )
    orders = confirmed_orders(users, voucher, 8)  # 8 × 400 reserved (the SEM hour is 800, half subsidised)
    for order in orders:
        services.order_deliver(
            actor=users["provider"],
            order=order,
            files=[("invoice", SimpleUploadedFile("i.pdf", b"i")), ("report", SimpleUploadedFile("r.pdf", b"r"))],
        )
        services.order_confirm(actor=enterprise, order=order)
    # Make the orders claim more than the voucher holds (as a buggy or hostile reservation would):
    Order.objects.filter(pk__in=[o.pk for o in orders]).update(voucher_amount=Decimal("600"))
    # Budget room for exactly 10 more vouchers of 1,000.
    Scheme.objects.filter(pk=scheme.pk).update(budget=scheme.committed + 4000 + Decimal("10000"))
    applications = [
        Application.objects.create(
            scheme=scheme,
            enterprise=users[name].organization,
            amount="1000",
            purpose="并发测试",
            category=category,
            submitted_by=users[name],
        )
        for name in ["enterprise2", "enterprise3"] * 8
    ]
    calls = [lambda a=a: services.voucher_issue(actor=office, application=a) for a in applications]
    # 16 redemption attempts: each of the 8 orders twice.
    calls += [lambda o=o: services.voucher_redeem(actor=users["provider"], order=o) for o in orders * 2]
    assert len(calls) == THREADS

    ok, refused, errors = race(calls)

    assert errors == []
    scheme.refresh_from_db()
    voucher.refresh_from_db()
    issued = Voucher.objects.filter(scheme=scheme).exclude(pk=voucher.pk).count()
    assert issued == 10 and scheme.committed == scheme.budget  # not one yuan over
    redemptions = Redemption.objects.filter(voucher=voucher)
    assert redemptions.count() == 4000 // 600  # 6 fit into 4,000; the 7th and 8th would overspend
    assert voucher.redeemed == sum(r.amount for r in redemptions) <= voucher.amount
    assert len({r.order_id for r in redemptions}) == redemptions.count()  # never twice for an order
    assert ok == issued + redemptions.count() and ok + refused == THREADS
