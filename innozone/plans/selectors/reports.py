"""Progress reports as the acting user may see them: a unit its own, a lead unit those on its tasks."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from innozone.core.errors import Forbidden, NotFound
from innozone.core.permissions import is_office_admin
from innozone.core.roles import Role
from innozone.core.selectors import unit_ids_for

from ..models import Plan, Report, Responsibility, Task
from ..periods import Period, due_periods
from ..permissions import can_view_plan, can_view_report
from ..rules import reporting_responsibilities
from .plans import plan_periods, tasks_with_units


def _led_tasks(user):
    return Task.objects.filter(
        responsibilities__organization_id__in=unit_ids_for(user.organization),
        responsibilities__role=Responsibility.Role.LEAD,
    ).values("pk")


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
        return qs.filter(own | Q(task_id__in=_led_tasks(user)))
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
    return (
        qs.filter(task_id__in=_led_tasks(user)).exclude(organization_id=user.organization_id).order_by("submitted_at")
    )


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
        tasks_with_units()
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
            reporting_responsibilities(Responsibility.objects.filter(task__plan=plan))
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
