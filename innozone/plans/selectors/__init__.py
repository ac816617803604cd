"""Reads for plans, scoped to what the acting user may see. Query counts are bounded per page.

Other apps read plans through this package; `plans`, `progress` and `reports` hold the use cases."""

from ..permissions import can_view_plan
from .plans import (
    period_label,
    plan_by_year,
    plan_get,
    plan_indicator_names,
    plan_periods,
    plans_for,
    status_label,
    task_get,
    tasks_with_units,
)
from .progress import (
    PlanProgress,
    accepted_totals_by_region,
    filter_task_rows,
    plan_indicators,
    plan_progress,
    plan_tasks,
    task_progress,
)
from .reports import late_reports, my_tasks, report_get, reports_visible, review_queue, task_reports

__all__ = [
    "PlanProgress",
    "accepted_totals_by_region",
    "can_view_plan",
    "filter_task_rows",
    "late_reports",
    "my_tasks",
    "period_label",
    "plan_by_year",
    "plan_get",
    "plan_indicator_names",
    "plan_indicators",
    "plan_periods",
    "plan_progress",
    "plan_tasks",
    "plans_for",
    "report_get",
    "reports_visible",
    "review_queue",
    "status_label",
    "task_get",
    "task_progress",
    "task_reports",
    "tasks_with_units",
]
