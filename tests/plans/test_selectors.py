"""What each user sees, computed statuses, and bounded query counts."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from innozone.plans import selectors, services
from innozone.plans.models import Report
from innozone.plans.status import TaskStatus
from tests.factories import (
    OrganizationFactory,
    PlanFactory,
    ReportFactory,
    ResponsibilityFactory,
    TaskFactory,
)


def _file(task, user, period="2020-Q1", progress="in_progress"):
    return services.report_submit(actor=user, task=task, period=period, progress=progress, narrative="进展情况说明。")


def test_reporter_cannot_see_other_units_reports(task6, users):
    mine = _file(task6, users["lzxq"])
    theirs = _file(task6, users["lzgx"])
    visible = set(selectors.reports_visible(users["lzxq"]).values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible
    # the lead unit's coordinator and the office see both, the enterprise user nothing
    assert {mine.pk, theirs.pk} <= set(selectors.reports_visible(users["lanzhou"]).values_list("pk", flat=True))
    assert {mine.pk, theirs.pk} <= set(selectors.reports_visible(users["office"]).values_list("pk", flat=True))
    assert not selectors.reports_visible(users["enterprise"]).exists()
    # 白银高新区 is not a lead unit: it sees neither
    assert not selectors.reports_visible(users["bygx"]).filter(pk__in=[mine.pk, theirs.pk]).exists()


def test_review_queue_holds_only_reports_the_user_may_review(task6, users):
    r1 = _file(task6, users["lzxq"])
    own = _file(task6, users["lanzhou"])
    assert list(selectors.review_queue(users["lanzhou"])) == [r1]
    assert set(selectors.review_queue(users["office"])) == {r1, own}
    assert not selectors.review_queue(users["lzxq"]).exists()


def test_statuses_follow_the_rules_on_the_2020_plan(plan2020, users):
    task7 = plan2020.tasks.get(number="7")
    services.report_accept(actor=users["office"], report=_file(task7, users["lanzhou"], progress="completed"))
    services.report_accept(actor=users["office"], report=_file(task7, users["baiyin"], progress="completed"))
    early = {r.task.number: r.status for r in selectors.plan_progress(plan2020, as_of=dt.date(2020, 3, 1)).tasks}
    assert early["7"] == TaskStatus.DONE
    assert early["1"] == TaskStatus.NOT_STARTED
    after_q1 = {r.task.number: r for r in selectors.plan_progress(plan2020, as_of=dt.date(2020, 4, 20)).tasks}
    assert after_q1["1"].status == TaskStatus.AT_RISK and "兰州市人民政府" in after_q1["1"].late_units
    year_end = {r.task.number: r.status for r in selectors.plan_progress(plan2020, as_of=dt.date(2021, 1, 1)).tasks}
    assert year_end["1"] == TaskStatus.OVERDUE and year_end["7"] == TaskStatus.DONE


def test_task_filters_by_unit_through_groups_role_and_status(plan2020, users):
    rows = selectors.plan_progress(plan2020, as_of=dt.date(2020, 2, 1)).tasks
    kjt = users["kjt"].organization  # 省科技厅: named in tasks 5, 10 and, as a group member, in 1–4, 6, 7, 9
    numbers = [r.task.number for r in selectors.filter_task_rows(rows, unit_id=kjt.pk)]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "9", "10"]
    lead = [r.task.number for r in selectors.filter_task_rows(rows, unit_id=kjt.pk, role="lead")]
    assert lead == ["3"]
    lzxq = users["lzxq"].organization
    assert [r.task.number for r in selectors.filter_task_rows(rows, unit_id=lzxq.pk)] == ["5", "6", "7", "9", "10"]
    assert selectors.filter_task_rows(rows, status="done") == []
    assert [r.task.number for r in selectors.filter_task_rows(rows, query="六个一百")] == ["6"]


def _plan_with(n_tasks: int, n_units: int):
    plan = PlanFactory(year=2030)
    units = [OrganizationFactory() for _ in range(n_units)]
    for _ in range(n_tasks):
        task = TaskFactory(plan=plan)
        for i, unit in enumerate(units):
            ResponsibilityFactory(task=task, organization=unit, role="lead" if i == 0 else "implementing")
            ReportFactory(task=task, organization=unit, period="2030-Q1")
    return plan


def test_plan_progress_query_count_does_not_grow_with_tasks(db):
    small, large = _plan_with(2, 2), _plan_with(12, 4)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            progress = selectors.plan_progress(plan, as_of=dt.date(2030, 5, 1))
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 10
    assert len(progress.tasks) == 12 and all(r.accepted == 4 for r in progress.tasks)


def test_my_tasks_lists_own_reports_per_period(plan2020, users):
    report = _file(plan2020.tasks.get(number="6"), users["lzxq"])
    items = {i.task.number: i for i in selectors.my_tasks(users["lzxq"]) if i.task.plan_id == plan2020.pk}
    assert set(items) == {"5", "6", "7", "9", "10"}
    assert items["6"].reports == {"2020-Q1": report} and items["6"].roles == ["实施单位"]
    assert selectors.my_tasks(users["enterprise"]) == []
    assert Report.objects.count() == 1
