"""Who must report, and who may correct a report: each rule in one place, shown the same on every page."""

from django.urls import reverse

from innozone.core.models import Organization
from innozone.plans import services
from innozone.plans.permissions import can_edit_report
from innozone.plans.rules import must_report
from innozone.plans.selectors import plan_progress


def test_lead_and_implementing_units_report_cooperating_units_and_groups_do_not():
    department = Organization.Kind.DEPARTMENT
    assert must_report("lead", department) and must_report("implementing", department)
    assert not must_report("cooperating", department)
    assert not must_report("lead", Organization.Kind.GROUP)
    assert not must_report("implementing", Organization.Kind.LEADING_GROUP)


def test_task_page_says_who_need_not_report_as_the_late_list_counts(client, users, plan2020):
    rows = {r.task.number: r for r in plan_progress(plan2020).tasks}
    group_lead = rows["3"].lead[0]
    assert group_lead.organization.is_group and not group_lead.must_report
    assert group_lead.organization.name not in rows["3"].late_units
    cooperating = rows["5"].cooperating[0]
    assert not cooperating.must_report and cooperating.organization.name not in rows["5"].late_units
    client.force_login(users["office"])
    page = client.get(reverse("plans:task", args=[rows["5"].task.pk])).content.decode()
    assert page.count("无须定期报送") == len(rows["5"].cooperating)


def test_a_unit_corrects_its_own_report_until_it_is_accepted(users, task6):
    report = services.report_submit(
        actor=users["lzxq"], task=task6, period="2020-Q1", progress="in_progress", narrative="新区本期进展。"
    )
    assert can_edit_report(users["lzxq"], report) == (True, "")
    allowed, reason = can_edit_report(users["lzgx"], report)  # another unit on the same task
    assert not allowed and str(reason) == "只能修改本单位报送的报告"
    assert not can_edit_report(users["enterprise"], report)[0]
    services.report_accept(actor=users["lanzhou"], report=report)
    report.refresh_from_db()
    allowed, reason = can_edit_report(users["lzxq"], report)
    assert not allowed and str(reason) == "该期报告已审核通过，不能修改"


def test_report_page_offers_correction_only_where_the_rule_allows(client, users, task6):
    report = services.report_submit(
        actor=users["lzxq"], task=task6, period="2020-Q1", progress="in_progress", narrative="新区本期进展。"
    )
    url = reverse("plans:report", args=[report.pk])
    client.force_login(users["lzxq"])
    assert "修改并重新报送" in client.get(url).content.decode()
    client.force_login(users["lanzhou"])  # the lead unit sees it, but does not correct it
    assert "修改并重新报送" not in client.get(url).content.decode()
    services.report_accept(actor=users["lanzhou"], report=report)
    client.force_login(users["lzxq"])
    assert "修改并重新报送" not in client.get(url).content.decode()
