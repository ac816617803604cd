"""Reads for plans, scoped to what the acting user may see. Query counts are bounded per page."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innozone.core.errors import Forbidden, NotFound
from innozone.core.models import Organization
from innozone.core.permissions import is_office_admin
from innozone.core.roles import Role
from innozone.core.selectors import unit_ids_for

from .models import Indicator, IndicatorSplit, Plan, Report, ReportQuantity, Responsibility, Task
from .periods import Period, due_periods, periods_for
from .permissions import can_view_plan, can_view_report
from .status import TaskFacts, TaskStatus, task_status

STATUS_LABELS = {
    TaskStatus.NOT_STARTED: gettext_noop("未启动"),
    TaskStatus.ON_TRACK: gettext_noop("正常推进"),
    TaskStatus.AT_RISK: gettext_noop("有风险"),
    TaskStatus.OVERDUE: gettext_noop("已逾期"),
    TaskStatus.DONE: gettext_noop("已完成"),
}


def status_label(status: TaskStatus) -> str:
    return _(STATUS_LABELS[TaskStatus(status)])


def period_label(period: Period | str) -> str:
    key = period.key if isinstance(period, Period) else period
    year, part = key.split("-")
    if part.startswith("Q"):
        return _("%(year)s年第%(n)s季度") % {"year": year, "n": part[1:]}
    return _("%(year)s年%(n)s月") % {"year": year, "n": int(part)}


def plan_periods(plan: Plan) -> list[Period]:
    return periods_for(plan.year, plan.report_frequency, plan.report_grace_days)


def plans_for(user):
    if not can_view_plan(user)[0]:
        return Plan.objects.none()
    return Plan.objects.annotate(task_count=Count("tasks", distinct=True)).order_by("-year", "id")


def plan_get(user, plan_id: int) -> Plan:
    allowed, reason = can_view_plan(user)
    if not allowed:
        raise Forbidden(reason)
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    return plan


def plan_by_year(year: int, title: str | None = None) -> Plan:
    qs = Plan.objects.filter(year=year)
    if title:
        qs = qs.filter(title=title)
    plan = qs.order_by("id").first()
    if plan is None:
        raise NotFound(_("没有%(year)s年度的工作计划") % {"year": year})
    return plan


def _tasks_qs():
    return Task.objects.select_related("section", "plan").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("organization").order_by("role", "order", "id"),
        )
    )


def task_get(user, task_id: int) -> Task:
    allowed, reason = can_view_plan(user)
    if not allowed:
        raise Forbidden(reason)
    task = _tasks_qs().filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


# ---------------------------------------------------------------- progress of a plan


@dataclass
class SplitRow:
    label: str
    region_id: int
    target: Decimal
    total: Decimal = Decimal(0)

    @property
    def ratio(self) -> Decimal:
        return self.total / self.target if self.target else Decimal(0)


@dataclass
class IndicatorRow:
    indicator: Indicator
    total: Decimal = Decimal(0)
    splits: list[SplitRow] = field(default_factory=list)
    other: Decimal = Decimal(0)  # counted in no split region

    @property
    def ratio(self) -> Decimal:
        target = self.indicator.target
        return self.total / target if target else Decimal(1)

    @property
    def met(self) -> bool:
        return self.indicator.is_met(self.total)


@dataclass
class TaskRow:
    task: Task
    status: TaskStatus
    lead: list
    implementing: list
    cooperating: list
    accepted: int = 0
    pending: int = 0
    late_units: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    # Unit names joined as a document writes them; cheaper to render than a loop per unit.
    @property
    def lead_text(self) -> str:
        return "、".join(r.name_as_written for r in self.lead)

    @property
    def implementing_text(self) -> str:
        return "、".join(r.name_as_written for r in self.implementing)

    @property
    def cooperating_text(self) -> str:
        return "、".join(r.name_as_written for r in self.cooperating)


@dataclass
class PlanProgress:
    plan: Plan
    as_of: dt.date
    tasks: list[TaskRow]
    indicators: list[IndicatorRow]

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TaskStatus, 0)
        for row in self.tasks:
            counts[row.status] += 1
        return counts


def _indicator_rows(plan: Plan) -> list[IndicatorRow]:
    indicators = list(
        plan.indicators.prefetch_related(
            Prefetch("splits", queryset=IndicatorSplit.objects.select_related("region").order_by("id"))
        )
    )
    sums = (
        ReportQuantity.objects.filter(indicator__plan=plan, report__status=Report.Status.ACCEPTED)
        .values("indicator_id", "region_id")
        .annotate(total=Sum("value"))
    )
    by_indicator: dict[int, dict] = defaultdict(dict)
    for row in sums:
        by_indicator[row["indicator_id"]][row["region_id"]] = row["total"] or Decimal(0)
    rows = []
    for ind in indicators:
        totals = by_indicator.get(ind.pk, {})
        splits = [
            SplitRow(s.label, s.region_id, s.target, totals.get(s.region_id, Decimal(0))) for s in ind.splits.all()
        ]
        split_regions = {s.region_id for s in splits}
        rows.append(
            IndicatorRow(
                indicator=ind,
                total=sum(totals.values(), Decimal(0)),
                splits=splits,
                other=sum((v for k, v in totals.items() if k not in split_regions), Decimal(0)),
            )
        )
    return rows


@dataclass(frozen=True)
class UnitRef:
    """A light stand-in for Organization in large tables (no model instances per row)."""

    pk: int
    name: str
    kind: str

    @property
    def is_group(self) -> bool:
        return self.kind in (Organization.Kind.GROUP, Organization.Kind.LEADING_GROUP)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ResponsibilityRef:
    task_id: int
    organization: UnitRef
    role: str
    name_as_written: str

    @property
    def organization_id(self) -> int:
        return self.organization.pk

    def get_role_display(self) -> str:
        return str(Responsibility.Role(self.role).label)


def _responsibilities(plan: Plan) -> dict[int, list[ResponsibilityRef]]:
    units: dict[int, UnitRef] = {}
    by_task: dict[int, list[ResponsibilityRef]] = defaultdict(list)
    rows = (
        Responsibility.objects.filter(task__plan=plan)
        .order_by("task_id", "role", "order", "id")
        .values_list(
            "task_id",
            "organization_id",
            "organization__name",
            "organization__kind",
            "role",
            "name_as_written",
        )
    )
    for task_id, org_id, name, kind, role, written in rows:
        unit = units.get(org_id) or units.setdefault(org_id, UnitRef(org_id, name, kind))
        by_task[task_id].append(ResponsibilityRef(task_id, unit, role, written))
    return by_task


def plan_progress(plan: Plan, *, as_of: dt.date | None = None) -> PlanProgress:
    """Status of every task and progress of every indicator, in a fixed number of queries."""
    as_of = as_of or timezone.localdate()
    tasks = list(Task.objects.filter(plan=plan).select_related("section", "plan"))
    responsibilities = _responsibilities(plan)
    indicator_rows = _indicator_rows(plan)
    periods = plan_periods(plan)
    year_start, year_end = periods[0].start, periods[-1].end
    due = due_periods(periods, as_of)

    group_ids = {r.organization_id for rs in responsibilities.values() for r in rs if r.organization.is_group}
    members: dict[int, set[int]] = defaultdict(set)  # member id -> groups
    for m in Organization.members.through.objects.filter(from_organization_id__in=group_ids):
        members[m.to_organization_id].add(m.from_organization_id)

    # One pass over the plan's reports, grouped by task, unit, review status and progress: the latest
    # accepted progress per unit, the reports filed for due periods, and the counts per review status.
    latest: dict[int, dict[int, tuple]] = defaultdict(dict)  # task -> unit -> (last period, progress)
    filed: dict[tuple, int] = defaultdict(int)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    due_keys = [p.key for p in due]
    grouped = (
        Report.objects.filter(task__plan=plan)
        .values_list("task_id", "organization_id", "status", "progress")
        .annotate(last=Max("period"), n=Count("id"), n_due=Count("id", filter=Q(period__in=due_keys)))
        .order_by()
    )
    for task_id, org_id, status, progress, last, n, n_due in grouped:
        counts[task_id][status] += n
        filed[(task_id, org_id)] += n_due
        if status == Report.Status.ACCEPTED:
            by_unit = latest[task_id]
            if org_id not in by_unit or last > by_unit[org_id][0]:
                by_unit[org_id] = (last, progress)

    ratios_by_task: dict[int, list[Decimal]] = defaultdict(list)
    for ind_row in indicator_rows:
        if ind_row.indicator.task_id:
            ratios_by_task[ind_row.indicator.task_id].append(ind_row.ratio)

    rows = []
    for task in tasks:
        resp = responsibilities.get(task.pk, [])
        by_role = {role: [r for r in resp if r.role == role] for role in Responsibility.Role.values}
        deadline = task.deadline or year_end
        task_due = [p for p in due if p.start <= deadline]
        completed, blocked = set(), set()
        task_latest = latest.get(task.pk, {})
        for org_id, (_last, progress) in task_latest.items():
            if progress == Report.Progress.COMPLETED:
                completed |= {org_id} | members.get(org_id, set())
            elif progress == Report.Progress.BLOCKED:
                blocked |= {org_id} | members.get(org_id, set())
        required = [
            r.organization for r in resp if r.role != Responsibility.Role.COOPERATING and not r.organization.is_group
        ]
        late = [o for o in required if filed[(task.pk, o.pk)] < len(task_due)]
        facts = TaskFacts(
            deadline=deadline,
            year_start=year_start,
            lead_units=frozenset(r.organization_id for r in by_role["lead"]),
            completed_units=frozenset(completed),
            blocked_units=frozenset(blocked),
            has_accepted_report=bool(task_latest),
            late_units=frozenset(o.pk for o in late),
            indicator_ratios=tuple(ratios_by_task.get(task.pk, ())),
        )
        rows.append(
            TaskRow(
                task=task,
                status=task_status(facts, as_of),
                lead=by_role["lead"],
                implementing=by_role["implementing"],
                cooperating=by_role["cooperating"],
                accepted=counts[task.pk][Report.Status.ACCEPTED],
                pending=counts[task.pk][Report.Status.SUBMITTED],
                late_units=sorted({o.name for o in late}),
            )
        )
    return PlanProgress(plan=plan, as_of=as_of, tasks=rows, indicators=indicator_rows)


def filter_task_rows(
    rows: list[TaskRow],
    *,
    unit: Organization | None = None,
    role: str = "",
    status: str = "",
    query: str = "",
) -> list[TaskRow]:
    """The task table's filters: a unit (directly or through a group), its role, a status, a text."""
    unit_ids = unit_ids_for(unit) if unit else None
    result = []
    for row in rows:
        resp = row.lead + row.implementing + row.cooperating
        if unit_ids is not None:
            resp = [r for r in resp if r.organization_id in unit_ids]
            if not resp:
                continue
        if role and not any(r.role == role for r in resp):
            continue
        if status and row.status != status:
            continue
        if query and query not in row.task.text and query != row.task.number:
            continue
        result.append(row)
    return result


# ---------------------------------------------------------------- reports


def reports_visible(user):
    qs = Report.objects.select_related("task", "task__plan", "organization", "submitted_by")
    if not can_view_plan(user)[0]:
        return qs.none()
    if is_office_admin(user) or user.role in (Role.LEADER, Role.AUDITOR):
        return qs
    if user.organization_id is None:
        return qs.none()
    own = Q(organization_id=user.organization_id)
    if user.role == Role.COORDINATOR:
        led = Task.objects.filter(
            responsibilities__organization_id__in=unit_ids_for(user.organization),
            responsibilities__role=Responsibility.Role.LEAD,
        ).values("pk")
        return qs.filter(own | Q(task_id__in=led))
    return qs.filter(own)


def report_get(user, report_id: int) -> Report:
    report = (
        Report.objects.select_related("task", "task__plan", "organization", "submitted_by", "reviewed_by")
        .prefetch_related(
            "quantities__indicator",
            "quantities__region",
            "attachments",
            "reviews__reviewer",
            "task__responsibilities",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound()
    allowed, reason = can_view_report(user, report)
    if not allowed:
        raise Forbidden(reason)
    return report


def task_reports(user, task: Task):
    return (
        reports_visible(user)
        .filter(task=task)
        .prefetch_related("quantities__indicator", "quantities__region", "attachments")
        .order_by("-period", "organization_id")
    )


def review_queue(user):
    """Submitted reports this user may accept or return."""
    qs = reports_visible(user).filter(status=Report.Status.SUBMITTED)
    if is_office_admin(user):
        return qs.order_by("submitted_at")
    if user.role != Role.COORDINATOR:
        return qs.none()
    led = Task.objects.filter(
        responsibilities__organization_id__in=unit_ids_for(user.organization),
        responsibilities__role=Responsibility.Role.LEAD,
    ).values("pk")
    return qs.filter(task_id__in=led).exclude(organization_id=user.organization_id).order_by("submitted_at")


@dataclass
class MyTask:
    task: Task
    roles: list[str]
    reports: dict  # period key -> Report
    periods: list[Period]


def my_tasks(user) -> list[MyTask]:
    """Tasks the user's unit is responsible for, with the unit's own reports per period."""
    if user.organization_id is None or not can_view_plan(user)[0]:
        return []
    units = unit_ids_for(user.organization)
    tasks = list(
        _tasks_qs()
        .filter(responsibilities__organization_id__in=units)
        .distinct()
        .order_by("-plan__year", "plan_id", "order")
    )
    reports = Report.objects.filter(task__in=tasks, organization_id=user.organization_id)
    by_task: dict[int, dict] = defaultdict(dict)
    for r in reports:
        by_task[r.task_id][r.period] = r
    result = []
    period_cache: dict[int, list[Period]] = {}
    for task in tasks:
        if task.plan_id not in period_cache:
            period_cache[task.plan_id] = plan_periods(task.plan)
        roles = sorted({r.get_role_display() for r in task.responsibilities.all() if r.organization_id in units})
        result.append(MyTask(task=task, roles=roles, reports=by_task[task.pk], periods=period_cache[task.plan_id]))
    return result


def late_reports(*, as_of: dt.date | None = None):
    """(plan, task, organization, period) for every required report that is missing after its due date."""
    as_of = as_of or timezone.localdate()
    result = []
    for plan in Plan.objects.filter(is_active=True).order_by("year", "id"):
        periods = plan_periods(plan)
        due = due_periods(periods, as_of)
        if not due:
            continue
        keys = [p.key for p in due]
        filed = set(
            Report.objects.filter(task__plan=plan, period__in=keys).values_list("task_id", "organization_id", "period")
        )
        resp = (
            Responsibility.objects.filter(task__plan=plan)
            .exclude(role=Responsibility.Role.COOPERATING)
            .exclude(organization__kind__in=[Organization.Kind.GROUP, Organization.Kind.LEADING_GROUP])
            .select_related("task", "organization")
            .order_by("task__order", "organization_id")
        )
        seen = set()
        for r in resp:
            deadline = r.task.deadline or periods[-1].end
            for p in due:
                key = (r.task_id, r.organization_id, p.key)
                if p.start > deadline or key in filed or key in seen:
                    continue
                seen.add(key)
                result.append((plan, r.task, r.organization, p))
    return result


def accepted_totals_by_region(indicator_name: str, year: int) -> dict[int, Decimal]:
    """Accepted quantities of every plan indicator with this name in plans of `year`, summed by the region
    of the reporting unit (for live evaluation indicators). Empty when no plan has such an indicator."""
    rows = (
        ReportQuantity.objects.filter(
            indicator__name=indicator_name, indicator__plan__year=year, report__status=Report.Status.ACCEPTED
        )
        .values("report__organization__region_id")
        .annotate(total=Sum("value"))
    )
    return {r["report__organization__region_id"]: r["total"] for r in rows if r["report__organization__region_id"]}


def plan_indicator_names(year: int) -> set[str]:
    return set(Indicator.objects.filter(plan__year=year).values_list("name", flat=True))
