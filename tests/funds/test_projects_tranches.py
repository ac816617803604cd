"""Tranches: the first-tranche rule, no more than the award, the staff → finance order, payment, the ledger
records each change and `ledger verify` catches a tranche amount changed behind the platform's back."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.funds.models import ProgressReport, Tranche
from innozone.funds.services import tranches
from innozone.ledger import services as ledger
from innozone.ledger.models import LedgerEntry
from innozone.ledger.verify import verify

from .test_projects_factory import running, users


def test_project_signing_schedules_reports(demo):
    project = running()
    assert project.status == "running"
    periods = list(ProgressReport.objects.filter(project=project).values_list("period", flat=True))
    assert periods == ["2026H1", "2026H2", "2027H1", "2027H2"]
    assert sum(b.fiscal for b in project.budget_items.all()) == project.award.amount


def test_tranche_rules_and_the_staff_finance_chain(demo):
    u = users()
    project = running(amount="1000000")
    with pytest.raises(ValidationFailed) as e:  # the first tranche is at least 60 %
        tranches.tranche_request(actor=u["enterprise"], project=project, amount="500000", note="首笔")
    assert "首笔" in str(e.value.detail)
    with pytest.raises(ValidationFailed):  # more than the award
        tranches.tranche_request(actor=u["enterprise"], project=project, amount="1000000.01")
    with pytest.raises(Forbidden):
        tranches.tranche_request(actor=u["provider"], project=project, amount="600000")
    first = tranches.tranche_request(actor=u["enterprise"], project=project, amount="600000", note="任务书签订后首笔")
    with pytest.raises(ValidationFailed):  # 600 000 + 400 000.01 > the award
        tranches.tranche_request(actor=u["enterprise"], project=project, amount="400000.01")
    # finance cannot decide before the office
    with pytest.raises(Forbidden):
        tranches.tranche_decide(actor=u["finance"], tranche=first, approve=True)
    with pytest.raises(Conflict):  # nor pay what is not approved
        tranches.tranche_pay(actor=u["finance"], tranche=first, paid_on=dt.date(2026, 5, 1), payment_ref="X")
    tranches.tranche_decide(actor=u["office"], tranche=first, approve=True, note="同意")
    assert Tranche.objects.get(pk=first.pk).status == "requested"
    with pytest.raises(Forbidden):  # the office's stage is done
        tranches.tranche_decide(actor=u["office"], tranche=first, approve=True)
    tranches.tranche_decide(actor=u["finance"], tranche=first, approve=True, note="资金已安排")
    first.refresh_from_db()
    assert first.status == "approved"
    with pytest.raises(Forbidden):  # only finance pays
        tranches.tranche_pay(actor=u["office"], tranche=first, paid_on=dt.date(2026, 5, 1), payment_ref="ZF-1")
    tranches.tranche_pay(actor=u["finance"], tranche=first, paid_on=dt.date(2026, 5, 1), payment_ref="ZF-1")
    with pytest.raises(Conflict):
        tranches.tranche_pay(actor=u["finance"], tranche=first, paid_on=dt.date(2026, 5, 1), payment_ref="ZF-2")
    first.refresh_from_db()
    assert (first.status, first.payment_ref) == ("paid", "ZF-1")
    states = [
        json.loads(e.payload)["data"]["state"]["status"]
        for e in LedgerEntry.objects.filter(subject_type="funds.Tranche", subject_id=first.pk).order_by("index")
    ]
    assert states == ["requested", "approved", "paid"]
    # a second tranche, refused by the office → rejected; its amount no longer counts
    second = tranches.tranche_request(actor=u["office"], project=project, amount="400000")
    with pytest.raises(ValidationFailed):  # a refusal needs a reason
        tranches.tranche_decide(actor=u["office"], tranche=second, approve=False)
    tranches.tranche_decide(actor=u["office"], tranche=second, approve=False, note="材料不全")
    second.refresh_from_db()
    assert second.status == "rejected"
    third = tranches.tranche_request(actor=u["enterprise"], project=project, amount="400000")
    assert third.seq == 3
    tranches.tranche_decide(actor=u["office"], tranche=third, approve=True)
    tranches.tranche_decide(actor=u["finance"], tranche=third, approve=True)
    with pytest.raises(ValidationFailed):  # a payment reference is used once
        tranches.tranche_pay(actor=u["finance"], tranche=third, paid_on=dt.date(2026, 6, 1), payment_ref="ZF-1")

    ledger.head_sign_current()
    report = verify()
    assert report.ok, report.problems
    Tranche.objects.filter(pk=first.pk).update(amount=Decimal("600000.01"))
    report = verify()
    assert f"funds.Tranche {first.pk}: record differs from its last ledger event" in report.problems


def test_only_running_projects_get_tranches(demo):
    from innozone.funds.services import projects

    u = users()
    from .test_projects_factory import award

    project = projects.project_create(
        actor=u["office"], award=award(), starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31)
    )
    with pytest.raises(ValidationFailed) as e:
        tranches.tranche_request(actor=u["office"], project=project, amount="600000")
    assert "执行中" in str(e.value.detail)
    with pytest.raises(ValidationFailed):  # fiscal budget total must be the award
        projects.project_create(
            actor=u["office"],
            award=award(amount="500000"),
            starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2027, 3, 31),
            budget=[{"category": "设备费", "fiscal": "400000", "own": "0"}],
        )
