"""A plan's progress: every task's status and every indicator against its target, in a fixed number of
queries however many tasks and reports there are."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone

from innozone.core.models import Organization
from innozone.core.regions import RegionTree
from innozone.core.selectors import unit_ids_for
from innozone.core.sources import named_totals, total_within

from ..models import Indicator, IndicatorSplit, Plan, Report, ReportQuantity, Responsibility, Task
from ..periods import due_periods
from ..rules import GROUP_KINDS, must_report
from ..status import TaskFacts, TaskStatus, task_status
from .plans import plan_get, plan_periods, status_label, task_get


@dataclass
class SplitRow:
    label: str
    region_id: int
    target: Decimal
    total: Decimal = Decimal(0)  # the authoritative figure (reported, or the registry's when so set)
    reported: Decimal = Decimal(0)  # accepted quantities reported for this region
    registry: Decimal | None = None  # the indicator's live source for the region and what lies under it

    @property
    def ratio(self) -> Decimal:
        return self.total / self.target if self.target else Decimal(0)


@dataclass
class IndicatorRow:
    indicator: Indicator
    total: Decimal = Decimal(0)  # the authoritative figure: what the plan counts (charts, status, exports)
    splits: list[SplitRow] = field(default_factory=list)
    other: Decimal = Decimal(0)  # counted in no split region
    reported: Decimal = Decimal(0)  # accepted quantities reported
    registry: Decimal | None = None  # the live source's figure for the plan's year; None: no source (or unknown)

    @property
    def source_label(self) -> str:
        """The source as people read it: 企业库·高新技术企业 (the registering app's name, then the key)."""
        kind, _sep, key = self.indicator.source.partition(":")
        try:
            name = apps.get_app_config(kind).verbose_name
        except LookupError:
            name = kind
        return f"{name}·{key}"

    @property
    def uses_source(self) -> bool:
        """The registry's figure is the one that counts (set so, and the source answers)."""
        return self.registry is not None and self.indicator.authoritative == Indicator.Authoritative.SOURCE

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


def indicator_rows(plan: Plan) -> list[IndicatorRow]:
    """Each indicator of the plan with the accepted quantities summed in total and per split region, and,
    for an indicator with a live source (e.g. enterprises:高新技术企业), the source's figure for the plan's
    year beside them (a split counts its region and every region under it). `total` is the authoritative
    one of the two (the indicator's setting; the reported figure when the source does not answer)."""
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
    tree = RegionTree.load() if any(ind.source for ind in indicators) else None
    known: dict[str, set[str]] = {}
    rows = []
    for ind in indicators:
        totals = by_indicator.get(ind.pk, {})
        live = named_totals(ind.source, plan.year, keys_seen=known) if ind.source else None
        splits = []
        for s in ind.splits.all():
            reported = totals.get(s.region_id, Decimal(0))
            registry = None
            if live is not None:
                registry = total_within(live, s.region_id, tree)
            splits.append(SplitRow(s.label, s.region_id, s.target, reported, reported, registry))
        split_regions = {s.region_id for s in splits}
        row = IndicatorRow(
            indicator=ind,
            total=sum(totals.values(), Decimal(0)),
            splits=splits,
            other=sum((v for k, v in totals.items() if k not in split_regions), Decimal(0)),
        )
        row.reported = row.total
        if live is not None:
            row.registry = sum(live.values(), Decimal(0))
            if row.uses_source:
                row.total = row.registry
                row.other = sum(
                    (v for rid, v in live.items() if not any(tree.within(rid, k) for k in split_regions)), Decimal(0)
                )
                for split in splits:
                    split.total = split.registry
        rows.append(row)
    return rows


@dataclass(frozen=True)
class UnitRef:
    """A light stand-in for Organization in large tables (no model instances per row)."""

    pk: int
    name: str
    kind: str

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

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

    @property
    def must_report(self) -> bool:
        return must_report(self.role, self.organization.kind)

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
    indicators = indicator_rows(plan)
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
    for ind_row in indicators:
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
        required = [r.organization for r in resp if r.must_report]
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
    return PlanProgress(plan=plan, as_of=as_of, tasks=rows, indicators=indicators)


def filter_task_rows(
    rows: list[TaskRow],
    *,
    unit_id: int | str | None = None,
    role: str = "",
    status: str = "",
    query: str = "",
) -> list[TaskRow]:
    """The task table's filters: a unit (directly or through a group), its role, a status, a text.
    An unknown unit filters nothing."""
    unit = Organization.objects.filter(pk=unit_id).first() if unit_id else None
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


def plan_tasks(user, plan_id: int, *, as_of: dt.date | None = None, **filters) -> list[TaskRow]:
    """The rows of a plan's task table, with `filter_task_rows`' filters."""
    progress = plan_progress(plan_get(user, plan_id), as_of=as_of)
    return filter_task_rows(progress.tasks, **filters)


def plan_indicators(user, plan_id: int) -> list[IndicatorRow]:
    return indicator_rows(plan_get(user, plan_id))


@dataclass
class TaskProgress:
    task: Task
    row: TaskRow
    indicators: list[IndicatorRow]


def task_progress(user, task_id: int) -> TaskProgress:
    """One task: its row of the plan's progress table and its indicators."""
    task = task_get(user, task_id)
    progress = plan_progress(task.plan)
    row = next(r for r in progress.tasks if r.task.pk == task.pk)
    indicators = [i for i in progress.indicators if i.indicator.task_id == task.pk]
    return TaskProgress(task=task, row=row, indicators=indicators)


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
