"""Vouchers ask the enterprise registry who is related: a provider related to the enterprise (same actual
controller, a shareholding of at least 25 %, the same legal representative, a declared group) takes no order
paid by its voucher, with the reason shown; the yearly cap per enterprise is shared by the enterprises under
one actual controller — also when they are issued at the same moment (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import connection

from innozone.core.errors import Conflict, ValidationFailed
from innozone.enterprises.engine.identity import complete_uscc
from innozone.enterprises.models import EnterpriseGroup
from innozone.enterprises.services import enterprise_register, parties_set
from innozone.vouchers import services
from innozone.vouchers.models import Application, Order, Voucher
from tests.races import race

CONTROLLER_ID = "620102198605121236"  # a valid resident ID number (made up)
OTHER_ID = "620102199006032025"
LAB_CODE = complete_uscc("12620102MA7R00001")


def _register(office, org, code, **data):
    return enterprise_register(
        actor=office, organization=org, data={"uscc": code, "name": org.name, "region": org.region, **data}
    )


def _same_controller(office, *orgs):
    for n, org in enumerate(orgs, start=1):
        _register(
            office,
            org,
            complete_uscc(f"91620100MA7R{n:05d}"),
            actual_controller="赵六",
            actual_controller_id=CONTROLLER_ID,
        )


def _relate(kind, office, enterprise, lab):
    """Put the lab and the enterprise in the registry, related in the given way."""
    if kind == "controller":
        _register(office, lab, LAB_CODE, actual_controller="赵六", actual_controller_id=CONTROLLER_ID)
        _register(
            office,
            enterprise,
            complete_uscc("91620100MA7R00002"),
            actual_controller="赵六",
            actual_controller_id=CONTROLLER_ID,
        )
        return "实际控制人相同（赵六）"
    if kind == "legal_representative":
        _register(office, lab, LAB_CODE, legal_representative="孙七", legal_representative_id=OTHER_ID)
        _register(
            office,
            enterprise,
            complete_uscc("91620100MA7R00002"),
            legal_representative="孙七",
            legal_representative_id=OTHER_ID,
        )
        return "法定代表人相同（孙七）"
    _register(office, lab, LAB_CODE)
    entry = _register(office, enterprise, complete_uscc("91620100MA7R00002"))
    if kind == "shareholding":  # exactly the 25 % threshold
        holders = [{"name": lab.name, "share": "25", "uscc": LAB_CODE}]
        parties_set(actor=office, enterprise=entry, shareholders=holders, people=[])
        return "持股 25%（不低于 25%）"
    group = EnterpriseGroup.objects.create(name="测试集团")
    group.members.set([entry, lab.registry_entry])
    return "同属申报的企业集团"


@pytest.mark.parametrize("kind", ["controller", "shareholding", "legal_representative", "group"])
def test_a_related_provider_cannot_take_an_order(world, issue, kind):
    voucher = issue()
    enterprise, lab = voucher.enterprise, world["lab"].organization
    reason = _relate(kind, world["users"]["office"], enterprise, lab)
    with pytest.raises(ValidationFailed) as err:
        services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"])
    assert reason in str(err.value.detail)
    voucher.refresh_from_db()
    assert voucher.reserved == 0 and not Order.objects.exists()


def test_registered_parties_with_only_the_same_name_of_representative_are_not_related(world, issue):
    """In the registry the ID number decides: two people named alike are two people (no name fallback)."""
    voucher = issue()
    office, enterprise, lab = world["users"]["office"], voucher.enterprise, world["lab"].organization
    _register(office, lab, LAB_CODE, legal_representative="孙七", legal_representative_id=OTHER_ID)
    _register(
        office,
        enterprise,
        complete_uscc("91620100MA7R00002"),
        legal_representative="孙七",
        legal_representative_id=CONTROLLER_ID,
    )
    order = services.order_place(actor=world["users"]["enterprise"], voucher=voucher, item=world["sem"])
    assert order.voucher_amount == Decimal("400.00")


def test_the_cap_is_shared_by_two_enterprises_with_one_actual_controller(world, issue):
    users, scheme = world["users"], world["scheme"]
    longyuan, yinguang = users["enterprise"].organization, users["enterprise2"].organization
    assert scheme.per_enterprise_cap == Decimal("200000")
    issue("enterprise", "150000")
    issue("enterprise2", "50000")  # up to the cap: allowed before they are known to be related
    _same_controller(users["office"], longyuan, yinguang)
    with pytest.raises(ValidationFailed) as err:
        services.application_submit(
            actor=users["enterprise2"], scheme=scheme, amount="1000", purpose="检测", category=world["instrument"]
        )
    assert "关联企业共用" in str(err.value.detail)
    # the office issuing directly is held to the same shared cap
    application = Application.objects.create(
        scheme=scheme,
        enterprise=longyuan,
        amount="1000",
        purpose="检测",
        category=world["instrument"],
        submitted_by=users["enterprise"],
    )
    scheme.refresh_from_db()
    committed = scheme.committed
    with pytest.raises(Conflict) as err:
        services.voucher_issue(actor=users["office"], application=application)
    assert "关联企业共用" in str(err.value)
    scheme.refresh_from_db()
    assert scheme.committed == committed and Voucher.objects.filter(enterprise__in=[longyuan, yinguang]).count() == 2


def test_an_enterprise_without_a_shared_controller_keeps_its_own_cap(world, issue):
    issue("enterprise", "150000")
    voucher = issue("enterprise2", "100000")  # unrelated: its own 200,000
    assert voucher.amount == Decimal("100000")


# ---------------------------------------------------------------- concurrently, on PostgreSQL

needs_pg = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency")
PER_ENTERPRISE = 8


@needs_pg
def test_two_enterprises_with_one_controller_issued_at_once_never_pass_the_cap(transactional_db):
    from innozone.core.models import User
    from innozone.plans.demo import seed_demo
    from innozone.vouchers import demo as voucher_demo
    from innozone.vouchers.models import Scheme

    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    users = {u.username: u for u in User.objects.select_related("organization")}
    scheme = Scheme.objects.get(name=voucher_demo.SCHEME_NAME)
    orgs = [users["enterprise"].organization, users["enterprise2"].organization]
    _same_controller(users["office"], *orgs)
    category = scheme.rates.first().category
    applications = [
        Application.objects.create(
            scheme=scheme, enterprise=org, amount="30000", purpose="并发", category=category, submitted_by=user
        )
        for _ in range(PER_ENTERPRISE)
        for org, user in zip(orgs, (users["enterprise"], users["enterprise2"]), strict=True)
    ]
    calls = [lambda a=a: services.voucher_issue(actor=users["office"], application=a) for a in applications]

    results = race(calls)

    assert [r for r in results if not isinstance(r, str)] == []
    held = Voucher.objects.filter(scheme=scheme, enterprise__in=orgs)
    total = sum((v.amount for v in held), Decimal(0))
    assert total <= scheme.per_enterprise_cap  # 200,000 shared: at most 6 of 30,000
    assert held.count() == 6 and results.count("ok") == 6
