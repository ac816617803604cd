"""Funds in place: once per project × month × kind, corrections as new ledger events, ledger verify compares
the rows; refused before signing, before the signing month and for future months; the live source and the
stalled warnings."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.core.errors import ValidationFailed
from innozone.core.models import Notice
from innozone.core.sources import named_totals
from innozone.investment.models import FundsInPlace, Project
from innozone.investment.services import funds as funds_services
from innozone.investment.services import projects as services
from innozone.investment.services.projects_stalled import stalled_warn
from innozone.ledger.models import LedgerEntry

from .pipeline_helpers import days_ago, new_project, park_with_enterprise, signed


@pytest.fixture
def signed_project(investment_world, users):
    park, _org = park_with_enterprise()
    return signed(users["office"], new_project(users["office"], park), ago=70)


def month(n_ago=0):
    return (days_ago(0).replace(day=1) - dt.timedelta(days=28 * n_ago)).replace(day=1)


def test_report_then_correct_keeps_one_row_and_two_events(signed_project, users):
    office = users["office"]
    row = funds_services.funds_report(
        actor=office, project=signed_project, month=month().strftime("%Y-%m"), amount="1000000"
    )
    again = funds_services.funds_report(actor=office, project=signed_project, month=month(), amount="1500000.50")
    assert row.pk == again.pk and FundsInPlace.objects.filter(project=signed_project).count() == 1
    assert FundsInPlace.objects.get(pk=row.pk).amount == Decimal("1500000.50")
    events = LedgerEntry.objects.filter(kind="investment.funds", subject_id=row.pk)
    assert events.count() == 2
    funds_services.funds_report(actor=office, project=signed_project, month=month(), amount="20000", kind="working")
    assert FundsInPlace.objects.filter(project=signed_project).count() == 2


def test_refusals(investment_world, users):
    park, _ = park_with_enterprise()
    lead = new_project(users["office"], park)
    with pytest.raises(ValidationFailed) as e:
        funds_services.funds_report(actor=users["office"], project=lead, month="2026-13", amount="-1", kind="x")
    messages = [d["message"] for d in e.value.detail]
    assert "项目签约后才能填报到位资金" in messages
    assert any("格式不正确" in m for m in messages) and any("资金构成" in m for m in messages)
    p = signed(users["office"], lead, ago=40)
    future = (days_ago(0).replace(day=28) + dt.timedelta(days=5)).strftime("%Y-%m")
    with pytest.raises(ValidationFailed) as e:
        funds_services.funds_report(actor=users["office"], project=p, month=future, amount="1")
    assert "不能填报未来月份的到位资金" in [d["message"] for d in e.value.detail]
    with pytest.raises(ValidationFailed) as e:
        funds_services.funds_report(actor=users["office"], project=p, month=days_ago(400), amount="1")
    assert any("不能早于签约月份" in d["message"] for d in e.value.detail)
    with pytest.raises(ValidationFailed):
        funds_services.funds_report(actor=users["office"], project=p, month=month(), amount="0")


def test_ledger_verify_catches_an_amount_changed_outside(signed_project, users):
    from innozone.ledger.services import SNAPSHOTS
    from innozone.ledger.verify import verify

    row = funds_services.funds_report(actor=users["office"], project=signed_project, month=month(), amount="1000000")
    assert SNAPSHOTS["investment.FundsInPlace"]()[row.pk]["amount"] == "1000000.00"
    assert verify().ok
    FundsInPlace.objects.filter(pk=row.pk).update(amount=Decimal("999.00"))
    report = verify()
    assert not report.ok and any(f"investment.FundsInPlace {row.pk}:" in p for p in report.problems), report.problems


def test_live_source_by_park(signed_project, users):
    funds_services.funds_report(actor=users["office"], project=signed_project, month=month(), amount="2500000")
    year = days_ago(70).year
    signed_totals = named_totals("investment:签约投资额", year)
    assert signed_totals[signed_project.park_id] == Decimal("8000")  # 80,000,000 元 = 8,000 万元
    assert named_totals("investment:签约项目", year)[signed_project.park_id] == 1
    assert named_totals("investment:到位资金", days_ago(0).year)[signed_project.park_id] == Decimal("250")
    assert named_totals("investment:不存在", year) is None


def test_stalled_warning_once_per_silence(signed_project, users):
    Project.objects.filter(pk=signed_project.pk).update(last_progress_on=days_ago(61))
    first = stalled_warn(days=60)
    assert first["stalled"] == 1 and first["notices"] >= 1
    assert Notice.objects.filter(dedupe_key__startswith=f"investment.stalled:{signed_project.pk}:").exists()
    assert stalled_warn(days=60)["notices"] == 0  # told once
    Project.objects.filter(pk=signed_project.pk).update(last_progress_on=days_ago(59))
    assert stalled_warn(days=60)["stalled"] == 0
    services.project_drop(actor=users["office"], project=signed_project, reason="终止")
    Project.objects.filter(pk=signed_project.pk).update(last_progress_on=days_ago(200))
    assert stalled_warn(days=60)["stalled"] == 0
