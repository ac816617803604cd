"""IP services: registration checks, fee payments (order, surcharge, beyond the grace), transactions (licence
filing, pledge ↔ loan with its ledger event, one pledge at a time, transfer), permissions and the daily task."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Notice, Organization
from innozone.ip.engine import fees
from innozone.ip.models import Asset, FeePayment, Transaction
from innozone.ip.services import assets as services
from innozone.ledger.models import LedgerEntry


def _owner(users):
    return users["enterprise"].organization


def _patent(users, *, due_in=30, year=5, paid=None, number="202010999001.3", kind="invention"):
    today = timezone.localdate()
    filed = fees.add_years(today + dt.timedelta(days=due_in), -(year - 1))
    return services.asset_create(
        actor=users["office"],
        data={
            "owner_id": _owner(users).pk,
            "kind": kind,
            "number": number,
            "title": "测试专利",
            "filed_on": filed,
            "granted_on": fees.add_years(filed, 2),
            "fees_paid_through": year - 1 if paid is None else paid,
        },
    )


def test_create_lists_every_problem(investment_world, users):
    with pytest.raises(ValidationFailed) as e:
        services.asset_create(
            actor=users["office"],
            data={
                "owner_id": _owner(users).pk,
                "kind": "x",
                "number": "!",
                "title": "",
                "filed_on": "2099-01-01",
                "granted_on": "2098-01-01",
            },
        )
    fields = {d["field"] for d in e.value.detail}
    assert {"kind", "number", "title", "filed_on", "granted_on"} <= fields
    assert all(d["message"] for d in e.value.detail)


def test_state_and_next_fee_are_computed(investment_world, users):
    asset = _patent(users, due_in=30)
    assert asset.status == "granted" and asset.next_fee_year == 5
    assert asset.next_fee_due == timezone.localdate() + dt.timedelta(days=30)
    assert asset.expires_on == fees.add_years(asset.filed_on, 20) - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed):  # same kind and number twice
        _patent(users, due_in=30)


def test_fee_in_grace_pays_the_surcharge_on_the_full_fee(investment_world, users):
    asset = _patent(users, due_in=-45)
    assert asset.status == "grace"
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as e:
        services.fee_pay(actor=users["enterprise"], asset_id=asset.pk, year_no=6, paid_on=today)
    assert "第 5 年" in e.value.detail[0]["message"]
    p = services.fee_pay(actor=users["enterprise"], asset_id=asset.pk, year_no=5, paid_on=today, amount="180")
    assert p.amount == Decimal("180.00")
    assert p.surcharge == Decimal("60.00")  # 5 % of the full 1,200, not of the reduced 180
    asset.refresh_from_db()
    assert asset.status == "granted" and asset.fees_paid_through == 5 and asset.next_fee_year == 6
    with pytest.raises(ValidationFailed):
        services.fee_pay(actor=users["enterprise"], asset_id=asset.pk, year_no=6, paid_on=today, amount="99999")


def test_fee_after_the_grace_is_refused_and_the_daily_task_lapses_it(investment_world, users):
    asset = _patent(users, due_in=-200)
    assert asset.status == "lapsed" and asset.lapsed_on == timezone.localdate() - dt.timedelta(days=200)
    with pytest.raises(Conflict):
        services.fee_pay(actor=users["office"], asset_id=asset.pk, year_no=5, paid_on=timezone.localdate())
    Asset.objects.filter(pk=asset.pk).update(status="grace")  # as if yesterday's state were stale
    result = services.run_daily()
    asset.refresh_from_db()
    assert asset.status == "lapsed" and result["changed"] >= 1
    assert not FeePayment.objects.filter(asset=asset).exists()


def test_daily_reminds_once_per_step(investment_world, users):
    due = _patent(users, due_in=20)
    grace = _patent(users, due_in=-10, number="202010999002.1")
    first = services.run_daily()
    assert first["due_30"] >= 1 and first["grace"] >= 1
    notices = Notice.objects.filter(recipient=users["enterprise"])
    assert notices.filter(link__endswith=f"/ip/assets/{due.pk}/").count() == 1
    assert notices.filter(link__endswith=f"/ip/assets/{grace.pk}/", title__contains="逾期").count() == 1
    again = services.run_daily()
    assert again["due_30"] == 0 and again["grace"] == 0


def test_others_cannot_change_and_leaders_read_only(investment_world, users):
    asset = _patent(users)
    other = Organization.objects.filter(registry_entry__is_demo=True).exclude(pk=asset.owner_id).first()
    with pytest.raises(Forbidden):
        services.asset_create(actor=users["enterprise"], data={"owner_id": other.pk, "kind": "invention"})
    for name in ("leader", "lanzhou"):
        with pytest.raises(Forbidden):
            services.fee_pay(actor=users[name], asset_id=asset.pk, year_no=5, paid_on=timezone.localdate())


def test_licence_must_be_filed_within_three_months(investment_world, users):
    asset = _patent(users)
    signed = timezone.localdate() - dt.timedelta(days=200)
    data = {
        "kind": "licence",
        "counterpart": "某公司",
        "signed_on": signed,
        "registered_on": fees.add_months(signed, 3) + dt.timedelta(days=1),
    }
    with pytest.raises(ValidationFailed) as e:
        services.transaction_create(actor=users["enterprise"], asset_id=asset.pk, data=data)
    assert "3 个月" in e.value.detail[0]["message"]
    data["registered_on"] = fees.add_months(signed, 3)
    tx = services.transaction_create(actor=users["enterprise"], asset_id=asset.pk, data=data)
    assert tx.kind == "licence" and tx.status == "active"


def test_pledge_links_a_loan_of_the_owner_with_a_money_event(busy_investment, users):
    from innozone.finance.models import Loan

    loan = Loan.objects.order_by("pk").first()
    owner = Organization.objects.get(pk=loan.enterprise_id)
    today = timezone.localdate()
    filed = fees.add_years(today, -3)
    asset = services.asset_create(
        actor=users["office"],
        data={
            "owner_id": owner.pk,
            "kind": "invention",
            "number": "202110888001.5",
            "title": "质押专利",
            "filed_on": filed,
            "granted_on": fees.add_years(filed, 2),
            "fees_paid_through": 4,
        },
    )
    base = {"kind": "pledge", "counterpart": "银行", "signed_on": today}
    with pytest.raises(ValidationFailed) as e:
        services.transaction_create(actor=users["office"], asset_id=asset.pk, data=base)
    assert {"amount", "loan_id"} <= {d["field"] for d in e.value.detail}
    with pytest.raises(ValidationFailed) as e:
        services.transaction_create(
            actor=users["office"], asset_id=asset.pk, data={**base, "loan_id": loan.pk, "amount": loan.amount + 1}
        )
    assert [d["field"] for d in e.value.detail] == ["amount"]
    before = LedgerEntry.objects.filter(kind="ip.pledge").count()
    tx = services.transaction_create(
        actor=users["office"], asset_id=asset.pk, data={**base, "loan_id": loan.pk, "amount": str(loan.amount)}
    )
    assert LedgerEntry.objects.filter(kind="ip.pledge").count() == before + 1
    with pytest.raises(ValidationFailed):  # one pledge at a time
        services.transaction_create(
            actor=users["office"], asset_id=asset.pk, data={**base, "loan_id": loan.pk, "amount": "1"}
        )
    with pytest.raises(ValidationFailed):  # no transfer while pledged
        services.transaction_create(
            actor=users["office"], asset_id=asset.pk, data={"kind": "transfer", "counterpart": "X", "signed_on": today}
        )
    services.transaction_release(actor=users["office"], transaction_id=tx.pk)
    tx.refresh_from_db()
    assert tx.status == "released" and LedgerEntry.objects.filter(kind="ip.pledge").count() == before + 2
    with pytest.raises(Conflict):
        services.transaction_release(actor=users["office"], transaction_id=tx.pk)
    from innozone.ip.selectors.assets import pledge_states

    assert pledge_states()[tx.pk]["status"] == "released"


def test_pledge_of_a_loan_of_another_enterprise_is_refused(busy_investment, users):
    from innozone.finance.models import Loan

    asset = _patent(users)
    loan = Loan.objects.exclude(enterprise_id=asset.owner_id).first()
    with pytest.raises(ValidationFailed) as e:
        services.transaction_create(
            actor=users["office"],
            asset_id=asset.pk,
            data={
                "kind": "pledge",
                "counterpart": "银行",
                "signed_on": timezone.localdate(),
                "loan_id": loan.pk,
                "amount": "1000",
            },
        )
    assert "权利人" in e.value.detail[0]["message"]


def test_transfer_to_a_platform_organization_moves_the_asset(investment_world, users):
    asset = _patent(users)
    buyer = Organization.objects.filter(registry_entry__is_demo=True).exclude(pk=asset.owner_id).first()
    services.transaction_create(
        actor=users["enterprise"],
        asset_id=asset.pk,
        data={"kind": "transfer", "counterpart_org_id": buyer.pk, "signed_on": timezone.localdate()},
    )
    asset.refresh_from_db()
    assert asset.owner_id == buyer.pk
    assert Transaction.objects.get(asset=asset).counterpart == buyer.name
    with pytest.raises(Forbidden):  # the seller no longer owns it
        services.fee_pay(actor=users["enterprise"], asset_id=asset.pk, year_no=5, paid_on=timezone.localdate())
