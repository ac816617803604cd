"""Report filing and review: the rules, and that refusals leave nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Notice, Region
from innozone.plans import services
from innozone.plans.models import Plan, Report, ReportAttachment, ReportQuantity, ReportReview
from innozone.plans.selectors import plan_progress


def _ind(task, name):
    return task.indicators.get(name=name)


def _file(task6, user, period="2020-Q1", **kw):
    params = {
        "actor": user,
        "task": task6,
        "period": period,
        "progress": "in_progress",
        "narrative": "本期完成情况良好。",
    }
    params.update(kw)
    return services.report_submit(**params)


def _state():
    return (
        Report.objects.count(),
        ReportQuantity.objects.count(),
        ReportAttachment.objects.count(),
        AuditEvent.objects.count(),
        Notice.objects.count(),
    )


def test_implementing_unit_files_and_lead_unit_accepts_then_totals_roll_up(
    task6, users, django_capture_on_commit_callbacks
):
    new_products = _ind(task6, "新产品")
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(task6, users["lzxq"], quantities=[services.QuantityInput(new_products.pk, "7")])
    assert report.status == Report.Status.SUBMITTED
    # the city of 兰州新区 is 兰州: the quantity is counted there
    assert report.quantities.get().region.name == "兰州市"
    # the lead unit's coordinator was told
    assert Notice.objects.filter(recipient=users["lanzhou"], link__contains=str(report.pk)).exists()
    progress = plan_progress(task6.plan, as_of=dt.date(2020, 2, 1))
    row = next(i for i in progress.indicators if i.indicator.name == "新产品")
    assert row.total == 0  # not yet accepted

    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(actor=users["lanzhou"], report=report, comment="核实无误")
    progress = plan_progress(task6.plan, as_of=dt.date(2020, 2, 1))
    row = next(i for i in progress.indicators if i.indicator.name == "新产品")
    assert row.total == Decimal(7)
    assert {s.label: s.total for s in row.splits} == {"兰州": Decimal(7), "白银": Decimal(0)}
    assert Notice.objects.filter(recipient=users["lzxq"], title__contains="已通过").exists()
    assert AuditEvent.objects.filter(action="plans.report.accept", object_id=str(report.pk)).exists()


def test_invalid_report_reports_every_problem_and_saves_nothing(task6, users):
    before = _state()
    with pytest.raises(ValidationFailed) as err:
        _file(
            task6,
            users["lzxq"],
            period="2021-Q1",
            progress="maybe",
            narrative="短",
            quantities=[services.QuantityInput(_ind(task6, "新产品").pk, "-3")],
            attachments=[SimpleUploadedFile("virus.exe", b"MZ")],
        )
    fields = {d["field"] for d in err.value.detail}
    assert {
        "period",
        "progress",
        "narrative",
        "attachments",
        f"quantity_{_ind(task6, '新产品').pk}",
    } <= fields
    assert _state() == before


def test_quantity_must_go_to_a_split_region(task6, users):
    ind = _ind(task6, "新产品")
    gansu = Region.objects.get(code="gs")
    with pytest.raises(ValidationFailed) as err:
        _file(task6, users["lzxq"], quantities=[services.QuantityInput(ind.pk, "2", gansu.pk)])
    assert "兰州" in err.value.detail[0]["message"]
    assert Report.objects.count() == 0


def test_province_level_unit_must_choose_a_region(task6, users, demo):
    from innozone.core.models import User

    # 省科技厅 is a cooperating unit of task 6 through the leading-group members
    kjt = User.objects.get(username="kjt")
    with pytest.raises(ValidationFailed) as err:
        _file(task6, kjt, quantities=[services.QuantityInput(_ind(task6, "新产品").pk, "1")])
    assert err.value.detail[0]["message"] == "请选择该数量计入的地区"
    by = Region.objects.get(code="by")
    report = _file(task6, kjt, quantities=[services.QuantityInput(_ind(task6, "新产品").pk, "1", by.pk)])
    assert report.quantities.get().region == by


def test_attachment_rules(task6, users, settings):
    settings.INNOZONE_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationFailed) as err:
        _file(task6, users["lzxq"], attachments=[SimpleUploadedFile("big.pdf", b"x" * 11)])
    assert "超过" in err.value.detail[0]["message"]
    report = _file(task6, users["lzxq"], attachments=[SimpleUploadedFile("ok.pdf", b"%PDF-1")])
    att = report.attachments.get()
    assert (att.kind, att.size, att.original_name) == ("document", 6, "ok.pdf")


def test_unit_without_responsibility_cannot_report(plan2020, users):
    task1 = plan2020.tasks.get(number="1")  # 兰州新区 has no part in task 1
    with pytest.raises(Forbidden):
        _file(task1, users["lzxq"])
    with pytest.raises(Forbidden):
        _file(plan2020.tasks.get(number="6"), users["leader"])
    assert Report.objects.count() == 0


def test_returned_report_can_be_corrected_and_accepted_one_is_final(task6, users):
    report = _file(task6, users["lzxq"])
    with pytest.raises(ValidationFailed):
        services.report_return(actor=users["lanzhou"], report=report, comment="")
    services.report_return(actor=users["lanzhou"], report=report, comment="请补充数据")
    again = _file(task6, users["lzxq"], narrative="补充后的进展说明。")
    assert again.pk == report.pk and again.status == Report.Status.SUBMITTED and again.review_comment == ""
    services.report_accept(actor=users["lanzhou"], report=again)
    with pytest.raises(ValidationFailed):
        _file(task6, users["lzxq"], narrative="想改已通过的报告。")
    assert list(ReportReview.objects.filter(report=report).values_list("decision", flat=True)) == [
        "returned",
        "accepted",
    ]


def test_review_rules(task6, users):
    report = _file(task6, users["lzxq"])
    with pytest.raises(Forbidden):  # a reporter does not review
        services.report_accept(actor=users["lzgx"], report=report)
    with pytest.raises(Forbidden):  # 白银 coordinator leads task 6 too, may review
        services.report_accept(actor=users["kjt"], report=report)  # but 省科技厅 is not a lead unit
    own = _file(task6, users["lanzhou"])  # a lead unit's own report goes to the office
    with pytest.raises(Forbidden):
        services.report_accept(actor=users["lanzhou"], report=own)
    services.report_accept(actor=users["office"], report=own)
    services.report_accept(actor=users["baiyin"], report=report)
    with pytest.raises(Conflict):
        services.report_accept(actor=users["office"], report=report)


def test_group_lead_members_review(plan2020, users):
    task3 = plan2020.tasks.get(number="3")  # lead: 自创区领导小组各成员单位 (a group incl. 省科技厅)
    report = _file(task3, users["lanzhou"])  # 兰州市 implements task 3
    services.report_accept(actor=users["kjt"], report=report)
    assert Report.objects.get(pk=report.pk).status == Report.Status.ACCEPTED


def test_plan_structure_with_unknown_units_is_refused_whole(demo):
    structure = {
        "year": 2031,
        "title": "坏计划",
        "tasks": [
            {
                "number": "1",
                "text": "任务一",
                "lead": ["不存在的单位"],
                "implementing": [],
                "cooperating": [],
            },
            {"number": "1", "text": "", "lead": ["兰州市"], "implementing": [], "cooperating": []},
        ],
        "indicators": [{"name": "X", "unit": "个", "target": "abc", "split": {"火星": 1}}],
    }
    before = (Plan.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as err:
        services.plan_create_from_structure(actor=None, structure=structure)
    messages = " ".join(d["message"] for d in err.value.detail)
    for expected in ["不存在的单位", "重复", "任务内容不能为空", "abc", "火星"]:
        assert expected in messages
    assert (Plan.objects.count(), AuditEvent.objects.count()) == before


def test_late_reminders_go_once_to_late_units(plan2020, users):
    as_of = dt.date(2020, 4, 20)  # Q1 due 2020-04-10
    late = [x for x in services.late_units_remind(as_of=as_of) if x[0] == plan2020]
    late_orgs = {org.name for _p, _t, org, _per in late}
    assert "兰州新区管委会" in late_orgs and all(per.key == "2020-Q1" for *_x, per in late)
    assert "兰州市人民政府" in late_orgs and "甘肃省科学技术厅" not in late_orgs  # cooperating units need not report
    n = Notice.objects.filter(recipient=users["lzxq"]).count()
    assert n > 0
    services.late_units_remind(as_of=as_of)
    assert Notice.objects.filter(recipient=users["lzxq"]).count() == n  # not twice
    _file(plan2020.tasks.get(number="6"), users["lzxq"], period="2020-Q1")
    late_after = services.late_units_remind(as_of=as_of)
    assert not any(t.number == "6" and o.name == "兰州新区管委会" for _p, t, o, _per in late_after)


def test_a_second_first_filing_of_the_same_period_is_a_conflict_not_a_crash(task6, users, monkeypatch):
    from innozone.core.errors import Conflict as ConflictError

    _file(task6, users["lzxq"])
    # simulate the race: the row lock finds nothing because the other filing is not visible yet
    monkeypatch.setattr(Report.objects, "select_for_update", lambda: Report.objects.none())
    with pytest.raises(ConflictError):
        _file(task6, users["lzxq"], narrative="同时提交的另一份。")
    assert Report.objects.count() == 1
