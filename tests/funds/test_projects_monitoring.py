"""Monitoring and closing: reports, change requests (extension once and ≤ 1 year), acceptance by a drawn panel
(不通过 → repayment due and a 3-year sanction), overdue reminders and sanctions, matching funds, the burn-down
and the auditors' dossier."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Notice
from innozone.core.sources import named_totals
from innozone.funds.models import BudgetItem, ProgressReport, Repayment, Sanction
from innozone.funds.selectors import money
from innozone.funds.services import (
    dossier,
    inspections,
    matching,
    monitoring,
    monitoring_remind,
    repayments,
    tranches,
)
from innozone.ledger.services import head_sign_current
from innozone.ledger.verify import verify

from .test_projects_factory import running, users


def _paid(project, amount, ref, on=dt.date(2026, 5, 10), evidence=None):
    u = users()
    t = tranches.tranche_request(actor=u["enterprise"], project=project, amount=amount, evidence=evidence)
    tranches.tranche_decide(actor=u["office"], tranche=t, approve=True)
    tranches.tranche_decide(actor=u["finance"], tranche=t, approve=True)
    return tranches.tranche_pay(actor=u["finance"], tranche=t, paid_on=on, payment_ref=ref)


def test_extension_only_once_and_within_a_year(demo):
    u = users()
    project = running()
    with pytest.raises(ValidationFailed):  # more than a year past the original end (2027-12-31)
        monitoring.change_request(
            actor=u["enterprise"], project=project, kind="extension", new_end=dt.date(2029, 1, 1), reason="设备到货延迟"
        )
    change = monitoring.change_request(
        actor=u["enterprise"], project=project, kind="extension", new_end=dt.date(2028, 6, 30), reason="设备到货延迟"
    )
    with pytest.raises(ValidationFailed):  # one at a time
        monitoring.change_request(actor=u["enterprise"], project=project, kind="other", reason="更换联系人员")
    with pytest.raises(Forbidden):
        monitoring.change_decide(actor=u["enterprise"], change=change, approve=True)
    monitoring.change_decide(actor=u["office"], change=change, approve=True, note="同意延期")
    project.refresh_from_db()
    assert project.extended_to == dt.date(2028, 6, 30)
    with pytest.raises(ValidationFailed) as e:  # only once
        monitoring.change_request(
            actor=u["enterprise"],
            project=project,
            kind="extension",
            new_end=dt.date(2028, 9, 30),
            reason="再次延期申请",
        )
    assert "一次" in str(e.value.detail)
    # a budget adjustment keeps the fiscal total
    with pytest.raises(ValidationFailed):
        monitoring.change_request(
            actor=u["enterprise"],
            project=project,
            kind="budget",
            reason="调整设备费",
            budget=[{"category": "设备费", "fiscal": "900000", "own": "0"}],
        )
    change = monitoring.change_request(
        actor=u["enterprise"],
        project=project,
        kind="budget",
        reason="调整设备费",
        budget=[{"category": "设备费", "fiscal": "700000", "own": "0"}, {"category": "测试化验费", "fiscal": "300000"}],
    )
    monitoring.change_decide(actor=u["office"], change=change, approve=True)
    assert dict(BudgetItem.objects.filter(project=project).values_list("category", "fiscal")) == {
        "设备费": Decimal("700000.00"),
        "测试化验费": Decimal("300000.00"),
    }


def test_reports_and_reminders(demo):
    u = users()
    project = running()
    first = ProgressReport.objects.filter(project=project).order_by("due_on").first()
    with pytest.raises(ValidationFailed):
        monitoring.report_submit(actor=u["enterprise"], report=first, text="短", spent="x")
    monitoring.report_submit(actor=u["enterprise"], report=first, text="完成样机设计，采购主要设备。", spent="300000")
    with pytest.raises(ValidationFailed):  # a return needs a note
        monitoring.report_review(actor=u["office"], report=first, approve=False)
    monitoring.report_review(actor=u["office"], report=first, approve=True)
    late = monitoring_remind.funds_remind(as_of=dt.date(2027, 2, 1))  # 2026H2 (due 2027-01-15) is late
    assert late["reports_overdue"] == 1
    assert Notice.objects.filter(recipient=u["enterprise"], title__contains="2026H2").exists()
    # the acceptance is overdue 6 months after the end: a sanction until it is done, once
    assert monitoring_remind.funds_remind(as_of=dt.date(2028, 7, 1))["sanctions"] == 1
    assert monitoring_remind.funds_remind(as_of=dt.date(2028, 7, 2))["sanctions"] == 0
    assert Sanction.objects.get(project=project).ends_on == inspections.UNTIL_DONE


def test_failed_acceptance_recovers_and_bars(innovation):
    u = users()
    project = running(amount="1000000")
    _paid(project, "600000", "ZF-A1")
    report = ProgressReport.objects.filter(project=project).order_by("due_on").first()
    monitoring.report_submit(actor=u["enterprise"], report=report, text="部分设备已采购，进度滞后。", spent="250000")
    acceptance = inspections.inspection_open(actor=u["office"], project=project, kind="acceptance")
    with pytest.raises(Forbidden):
        inspections.inspection_open(actor=u["enterprise"], project=project, kind="midterm")
    with pytest.raises(ValidationFailed):  # no panel yet
        inspections.inspection_record(
            actor=u["office"], inspection=acceptance, held_on=dt.date(2026, 6, 1), outcome="fail", opinion="未完成"
        )
    draw = inspections.inspection_draw(actor=u["office"], inspection=acceptance, seed="acc")
    assert draw.pk
    with pytest.raises(Conflict):
        inspections.inspection_draw(actor=u["office"], inspection=acceptance, seed="again")
    inspections.inspection_record(
        actor=u["office"], inspection=acceptance, held_on=dt.date(2026, 6, 1), outcome="fail", opinion="主要指标未完成"
    )
    project.refresh_from_db()
    assert project.status == "failed"
    due = Repayment.objects.get(project=project)
    assert (due.amount, due.status) == (Decimal("350000.00"), "due")  # paid 600 000 − spent 250 000
    sanction = Sanction.objects.get(project=project)
    assert (sanction.organization_id, sanction.ends_on) == (project.organization_id, dt.date(2029, 6, 1))
    repayments.repayment_pay(actor=u["finance"], row=due, paid_on=dt.date(2026, 6, 20), reference="JK-1")
    assert verify().ok


def test_matching_burn_down_sources_and_cockpit(demo):
    u = users()
    project = running(amount="1000000", share="0.5")
    _paid(project, "600000", "ZF-B1", on=dt.date(2026, 5, 10))
    matching.matching_record(actor=u["office"], project=project, amount="200000", paid_on=dt.date(2026, 5, 20))
    with pytest.raises(Forbidden):
        matching.matching_record(actor=u["enterprise"], project=project, amount="1", paid_on=dt.date(2026, 5, 20))
    row = next(r for r in money.matching_rows() if r["project"] == project)
    assert (row["expected"], row["paid"], row["outstanding"]) == (
        Decimal("500000.00"),
        Decimal("200000"),
        Decimal("300000"),
    )
    line = next(r for r in money.burn_rows() if r["line"] == project.award.budget_line)
    assert (line["budget"], line["awarded"], line["paid"], line["remaining"]) == (
        Decimal("20000000"),
        Decimal("1000000"),
        Decimal("600000"),
        Decimal("19000000"),
    )
    months = {
        m["month"]: m for m in money.burn_by_month(year=2026, programme_id=project.award.budget_line.programme_id)
    }
    assert months["2026-03"]["awarded"] == Decimal("1000000")
    assert months["2026-05"]["paid"] == Decimal("600000") and months["2026-12"]["paid_total"] == Decimal("600000")
    region = project.award.application.region_id
    assert (named_totals("funds:专项资金拨付金额", 2026) or {}).get(region) == Decimal("600000")
    card = money.cockpit_card(year=2026)
    assert {c["city"] for c in card["cities"]} == {"兰州", "白银"}
    assert sum(c["paid"] for c in card["cities"]) >= Decimal("600000")
    assert card["paid_this_year"] >= Decimal("600000")


def test_dossier_zip(demo):
    u = users()
    project = running()
    evidence = SimpleUploadedFile("拨付申请.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    paid = _paid(project, "600000", "ZF-C1", evidence=evidence)
    data = dossier.dossier_zip(actor=u["auditor"], project=project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        content = json.loads(archive.read("project.json"))
        proofs = json.loads(archive.read("ledger.json"))
    assert "tranches/1/拨付申请.pdf" in names or any(n.startswith("tranches/1/") for n in names)
    assert content["award"]["letter_no"] == project.award.letter_no
    assert content["tranches"][0]["payment_ref"] == "ZF-C1"
    assert [t["stage"] for t in content["tranches"][0]["approval"]] == [1, 2]
    assert len(proofs["tranches"][str(paid.pk)]["events"]) == 3
    assert dossier.dossier_zip(actor=u["enterprise"], project=project)  # its own project
    with pytest.raises(Forbidden):
        dossier.dossier_zip(actor=u["provider"], project=project)


def test_enterprise_dossier_section(demo):
    from innozone.core.dossier import sections_for

    u = users()
    project = running()
    org = project.organization_id
    section = next(s for s in sections_for(org, u["office"]) if s.key == "funds")
    assert any(project.number in cells for _url, cells in section.lines)
    assert any(s.key == "funds" for s in sections_for(org, u["enterprise"]))  # its own
    assert not any(s.key == "funds" for s in sections_for(org, u["provider"]))


def test_termination_recovers_the_balance(demo):
    u = users()
    project = running()
    _paid(project, "600000", "ZF-T1")
    pending = tranches.tranche_request(actor=u["enterprise"], project=project, amount="100000")
    with pytest.raises(ValidationFailed):  # a tranche still under approval
        inspections.project_terminate(actor=u["office"], project=project, reason="承担单位破产")
    tranches.tranche_decide(actor=u["office"], tranche=pending, approve=False, note="项目拟终止")
    with pytest.raises(Forbidden):
        inspections.project_terminate(actor=u["leader"], project=project, reason="承担单位破产")
    inspections.project_terminate(actor=u["office"], project=project, reason="承担单位破产", recover_all=True)
    project.refresh_from_db()
    assert project.status == "terminated"
    assert Repayment.objects.get(project=project).amount == Decimal("600000.00")
    head_sign_current()
    assert verify().ok


def test_performance_feeds_the_live_source(demo):
    u = users()
    project = running()
    with pytest.raises(ValidationFailed):
        monitoring.performance_record(actor=u["enterprise"], project=project, year=2026, data={"patents": "-1"})
    monitoring.performance_record(
        actor=u["enterprise"], project=project, year=2026, data={"patents": "3", "revenue": "1,500,000", "jobs": "12"}
    )
    region = project.award.application.region_id
    assert named_totals("funds:专项资金项目专利", 2026)[region] == Decimal(3)
    assert named_totals("funds:专项资金项目新增销售收入", 2026)[region] == Decimal("1500000.00")
