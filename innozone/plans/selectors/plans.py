"""Plans and tasks as the acting user may see them, and the labels they are shown with."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innozone.core.errors import Forbidden, NotFound

from ..models import Indicator, Plan, Responsibility, Task
from ..periods import Period, periods_for
from ..permissions import can_view_plan
from ..status import TaskStatus

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


def tasks_with_units():
    """Tasks with their section, plan and responsible units (in role order) loaded."""
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
    task = tasks_with_units().filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


def plan_indicator_names(year: int) -> set[str]:
    return set(Indicator.objects.filter(plan__year=year).values_list("name", flat=True))
