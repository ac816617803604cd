"""/api/onestop (stats part): the one-stop statistics by department and month, department, item and month — the
figures of the statistics page (/services/stats/), same selector and permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema

from innozone.core.errors import ensure_allowed
from innozone.onestop.permissions.stats import can_view_department_stats, stats_scope
from innozone.onestop.selectors.stats import service_stats

router = Router(tags=["onestop"])

ITEM_TYPES = "^(XK|QR|JL|JF|GG|QT)?$"


class OnestopStatsFigures(Schema):
    received: int
    accepted: int
    refused: int
    deferred: int
    corrected: int
    finished: int
    approved: int
    denied: int
    used_n: int
    mean_days: Decimal | None
    used_max: int | None
    mean_statutory: Decimal | None
    mean_promised: Decimal | None
    within_statutory: int
    within_statutory_rate: Decimal | None
    within_promised: int
    within_promised_rate: Decimal | None
    late: int
    open_overdue: int
    overdue: int
    overdue_rate: Decimal | None
    deferral_rate: Decimal | None
    correction_rate: Decimal | None
    ratings: int
    satisfied: int
    satisfaction: Decimal | None
    mean_level: Decimal | None
    bad: int
    rectified_on_time: int
    rectified_late: int
    rectify_overdue: int
    rectified_on_time_rate: Decimal | None


class OnestopStatsDepartmentOut(OnestopStatsFigures):
    department_id: int | None
    department: str


class OnestopStatsDepartmentMonthOut(OnestopStatsDepartmentOut):
    month: int


class OnestopStatsMonthOut(OnestopStatsFigures):
    month: int


class OnestopStatsItemOut(OnestopStatsDepartmentOut):
    item_id: int
    code: str
    item: str
    type: str
    statutory_days: int | None
    promised_days: int | None


class OnestopStatsOpenOut(Schema):
    count: int
    levels: dict[str, int]
    waiting: int


class OnestopStatsOut(Schema):
    year: int
    today: dt.date
    total: OnestopStatsFigures
    rows: list[OnestopStatsDepartmentMonthOut]
    by_department: list[OnestopStatsDepartmentOut]
    by_month: list[OnestopStatsMonthOut]
    by_item: list[OnestopStatsItemOut]
    open: OnestopStatsOpenOut


@router.get(
    "/stats",
    response=OnestopStatsOut,
    summary="Statistics by department and month: days vs limits, overdue, 容缺, 补正, satisfaction",
)
def onestop_stats(
    request,
    year: int | None = Query(None, ge=2000, le=2100),
    department: int | None = Query(None, ge=1, le=2**31 - 1),
    type: str = Query("", pattern=ITEM_TYPES),
):
    """Rates are fractions (0.1234 = 12.34%) or null when nothing was counted; days are working days. The office,
    leaders and auditors read every department, a department its own (another department: 403)."""
    ensure_allowed(can_view_department_stats(request.user, department))
    return service_stats(
        year=year or timezone.localdate().year,
        scope=stats_scope(request.user),
        department=department,
        item_type=type,
    )
