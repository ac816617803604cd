"""Statistics of the one-stop service by lead department and month (and by item): intake, processing time in
working days against the statutory (法定) and promised (承诺) limits, overdue rate, 容缺 and 补正 rates,
satisfaction (好差评) and bad reviews rectified on time.

Which month a case counts in (calendar months in the platform's time zone, Asia/Shanghai):

* intake — received, accepted, refused, 容缺 (accepted with materials deferred), 补正 (at least one one-time
  correction notice) — in the month the case was **submitted**;
* finished cases (准予办理 / 不予办理) and their working days — in the month of the **decision**; the days are
  `Case.used_days` (the clock's count when the case was decided, pauses excluded), or, where missing, the clock
  (`engine.clock`) from the acceptance date to the decision with the case's pauses;
* open cases past their due date (the clock's level `overdue` today) — in the month of the **due date**;
* ratings — in the month of the **rating**, by the department the rating names.

Rates (fractions 0–1, None when the denominator is 0):

* overdue rate (逾期率) = (finished late + open overdue) / (finished + open overdue); late = used days above the
  case's own limit (`Case.limit_days`, extension included);
* within statutory = used days ≤ the item's statutory days (+ its extension days when the case was extended);
  within promised = used days ≤ the item's promised days;
* 容缺率 = accepted under 容缺 / accepted; 补正率 = cases with a correction notice / received;
* satisfaction (满意率) = ratings 满意 or 非常满意 (level ≥ 4) / ratings; mean level = mean of the 1–5 levels;
* bad reviews (差评, level ≤ 2) rectified on time = rectified on or before `Rating.rectify_due` / bad reviews.

SQL does the counting at the grain item × month (three grouped queries); the rows are rolled up to department ×
month, department, month, item and the total in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone

from innozone.core import workdays
from innozone.core.models import Organization

from ..engine import clock
from ..models import Case, Correction, Rating, ServiceItem
from .cases import clock_of

FINISHED = (Case.Status.APPROVED, Case.Status.DENIED)
OPEN = (Case.Status.ACCEPTED, Case.Status.BRANCHES, Case.Status.PAUSED)
SATISFIED_LEVEL = 4
BAD_LEVEL = 2

#: counters summed over the grain
COUNTERS = (
    "received",
    "accepted",
    "refused",
    "deferred",
    "corrected",
    "finished",
    "approved",
    "denied",
    "used_n",
    "used_sum",
    "statutory_sum",
    "promised_sum",
    "within_statutory",
    "within_promised",
    "late",
    "open_overdue",
    "ratings",
    "satisfied",
    "level_sum",
    "bad",
    "rectified_on_time",
    "rectified_late",
    "rectify_overdue",
)

RATE = Decimal("0.0001")
DAYS = Decimal("0.1")
LEVEL = Decimal("0.01")


def _zero() -> dict:
    row = dict.fromkeys(COUNTERS, 0)
    row["used_max"] = None
    return row


def _ratio(num: int, den: int, q: Decimal = RATE) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) / Decimal(den)).quantize(q, rounding=ROUND_HALF_UP)


def _add(into: dict, part: dict) -> None:
    for k in COUNTERS:
        into[k] += part.get(k) or 0
    m = part.get("used_max")
    if m is not None and (into["used_max"] is None or m > into["used_max"]):
        into["used_max"] = m


def finish(row: dict) -> dict:
    """The derived figures of a row of counters (in place; returns the row)."""
    row["mean_days"] = _ratio(row["used_sum"], row["used_n"], DAYS)
    row["mean_statutory"] = _ratio(row["statutory_sum"], row["finished"], DAYS)
    row["mean_promised"] = _ratio(row["promised_sum"], row["finished"], DAYS)
    row["overdue"] = row["late"] + row["open_overdue"]
    row["overdue_rate"] = _ratio(row["overdue"], row["finished"] + row["open_overdue"])
    row["within_statutory_rate"] = _ratio(row["within_statutory"], row["used_n"])
    row["within_promised_rate"] = _ratio(row["within_promised"], row["used_n"])
    row["deferral_rate"] = _ratio(row["deferred"], row["accepted"])
    row["correction_rate"] = _ratio(row["corrected"], row["received"])
    row["satisfaction"] = _ratio(row["satisfied"], row["ratings"])
    row["mean_level"] = _ratio(row["level_sum"], row["ratings"], LEVEL)
    row["rectified_on_time_rate"] = _ratio(row["rectified_on_time"], row["bad"])
    return row


def _empty(row: dict) -> bool:
    return not any(row[k] for k in ("received", "finished", "open_overdue", "ratings"))


def _cases(scope, department, item_type):
    qs = Case.objects.all()
    if scope is not None:
        qs = qs.filter(item__department_id__in=scope)
    if department:
        qs = qs.filter(item__department_id=department)
    if item_type:
        qs = qs.filter(item__type=item_type)
    return qs


def _ratings(scope, department, item_type):
    qs = Rating.objects.all()
    if scope is not None:
        qs = qs.filter(department_id__in=scope)
    if department:
        qs = qs.filter(department_id=department)
    if item_type:
        qs = qs.filter(case__item__type=item_type)
    return qs


def _grain(scope, department, item_type, year: int, today: dt.date, is_workday) -> dict[tuple, dict]:
    """{(item id, department id, month): counters} of the year (without the open cases)."""
    grain: dict[tuple, dict] = defaultdict(_zero)
    items = dict(ServiceItem.objects.values_list("id", "department_id"))

    corrected = Exists(Correction.objects.filter(case=OuterRef("pk")))
    intake = (
        _cases(scope, department, item_type)
        .filter(submitted_at__year=year)
        .annotate(month=ExtractMonth("submitted_at"), has_correction=corrected)
        .values("item_id", "month")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            refused=Count("pk", filter=Q(status=Case.Status.REFUSED)),
            deferred=Count("pk", filter=Q(deferred=True, accepted_at__isnull=False)),
            corrected=Count("pk", filter=Q(has_correction=True)),
        )
        .order_by()
    )
    for r in intake:
        _add(grain[(r["item_id"], items[r["item_id"]], r["month"])], r)

    statutory_limit = Q(used_days__lte=F("item__statutory_days")) | Q(
        extended=True, used_days__lte=F("item__statutory_days") + F("item__extension_days")
    )
    finished_qs = _cases(scope, department, item_type).filter(status__in=FINISHED, decided_at__year=year)
    finished = (
        finished_qs.annotate(month=ExtractMonth("decided_at"))
        .values("item_id", "month")
        .annotate(
            finished=Count("pk"),
            approved=Count("pk", filter=Q(status=Case.Status.APPROVED)),
            denied=Count("pk", filter=Q(status=Case.Status.DENIED)),
            used_n=Count("used_days"),
            used_sum=Sum("used_days"),
            used_max=Max("used_days"),
            statutory_sum=Sum("item__statutory_days"),
            promised_sum=Sum("item__promised_days"),
            within_statutory=Count("pk", filter=statutory_limit),
            within_promised=Count("pk", filter=Q(used_days__lte=F("item__promised_days"))),
            late=Count("pk", filter=Q(limit_days__gt=0, used_days__gt=F("limit_days"))),
        )
        .order_by()
    )
    for r in finished:
        _add(grain[(r["item_id"], items[r["item_id"]], r["month"])], r)

    # finished cases whose used days were not recorded: the clock counts them
    missing = finished_qs.filter(used_days__isnull=True, accepted_at__isnull=False).select_related("item")
    for case in missing.prefetch_related("pauses"):
        state = clock_of(case, is_workday=is_workday(), on=today)
        if state is None:
            continue
        used, item = state.used, case.item
        statutory = item.statutory_days + (item.extension_days if case.extended else 0)
        part = {
            "used_n": 1,
            "used_sum": used,
            "used_max": used,
            "within_statutory": int(used <= statutory),
            "within_promised": int(used <= item.promised_days),
            "late": int(used > case.limit_days),
        }
        _add(grain[(case.item_id, item.department_id, timezone.localtime(case.decided_at).month)], part)

    on_time = Q(level__lte=BAD_LEVEL, rectified_at__isnull=False) & (
        Q(rectify_due__isnull=True) | Q(rectified_on__lte=F("rectify_due"))
    )
    ratings = (
        _ratings(scope, department, item_type)
        .filter(rated_at__year=year)
        .annotate(month=ExtractMonth("rated_at"), rectified_on=TruncDate("rectified_at"))
        .values("case__item_id", "department_id", "month")
        .annotate(
            ratings=Count("pk"),
            satisfied=Count("pk", filter=Q(level__gte=SATISFIED_LEVEL)),
            level_sum=Sum("level"),
            bad=Count("pk", filter=Q(level__lte=BAD_LEVEL)),
            rectified_on_time=Count("pk", filter=on_time),
            rectified_late=Count("pk", filter=Q(level__lte=BAD_LEVEL, rectified_at__isnull=False) & ~on_time),
            rectify_overdue=Count(
                "pk", filter=Q(level__lte=BAD_LEVEL, rectified_at__isnull=True, rectify_due__lt=today)
            ),
        )
        .order_by()
    )
    for r in ratings:
        _add(grain[(r["case__item_id"], r["department_id"], r["month"])], r)
    return grain


def _open(scope, department, item_type, year: int, today: dt.date, is_workday, grain) -> dict:
    """The open cases today by the clock's level (green / yellow / red / overdue / paused); those overdue whose
    due date fell in the year are added to the grain in the due date's month."""
    levels = dict.fromkeys(clock.LEVELS[:5], 0)
    qs = _cases(scope, department, item_type).filter(status__in=OPEN, accepted_at__isnull=False)
    for case in qs.select_related("item").prefetch_related("pauses"):
        state = clock_of(case, is_workday=is_workday(), on=today)
        if state is None:
            continue
        levels[state.level] = levels.get(state.level, 0) + 1
        if state.level == "overdue" and state.due_on is not None and state.due_on.year == year:
            grain[(case.item_id, case.item.department_id, state.due_on.month)]["open_overdue"] += 1
    waiting = _cases(scope, department, item_type).filter(status__in=(Case.Status.SUBMITTED, Case.Status.CORRECTING))
    return {"count": sum(levels.values()), "levels": levels, "waiting": waiting.count()}


class _Calendar:
    """The working-day calendar, read once and only when a clock is needed."""

    def __init__(self):
        self.fn = None

    def __call__(self):
        if self.fn is None:
            self.fn = workdays.calendar()
        return self.fn


def service_stats(
    *,
    year: int,
    scope: list[int] | None = None,
    department: int | None = None,
    item_type: str = "",
    today: dt.date | None = None,
) -> dict:
    """The statistics of a year. `scope`: the departments the reader may see (None: all — see
    permissions.stats.stats_scope); `department` and `item_type` narrow it further."""
    today = today or timezone.localdate()
    is_workday = _Calendar()
    grain = _grain(scope, department, item_type, year, today, is_workday)
    open_now = _open(scope, department, item_type, year, today, is_workday, grain)
    dept_ids = {d for (_i, d, _m) in grain}
    names = dict(Organization.objects.filter(pk__in=dept_ids).values_list("id", "name"))
    item_info = {
        i["id"]: i
        for i in ServiceItem.objects.filter(pk__in={i for (i, _d, _m) in grain}).values(
            "id", "code", "name", "type", "department_id", "statutory_days", "promised_days"
        )
    }
    total, months = _zero(), {m: _zero() for m in range(1, 13)}
    by_dept, by_dept_month, by_item = defaultdict(_zero), defaultdict(_zero), defaultdict(_zero)
    for (item_id, dept_id, month), part in grain.items():
        for bucket in (total, months[month], by_dept[dept_id], by_dept_month[(dept_id, month)], by_item[item_id]):
            _add(bucket, part)

    def dept_row(dept_id, row, **extra):
        return finish({"department_id": dept_id, "department": names.get(dept_id, "—"), **extra, **row})

    type_labels = dict(ServiceItem.Type.choices)
    items = []
    for item_id, row in by_item.items():
        info = item_info.get(item_id, {})
        extra = {
            "item_id": item_id,
            "code": info.get("code", ""),
            "item": info.get("name", ""),
            "type": info.get("type", ""),
            "type_label": str(type_labels.get(info.get("type"), "")),
            "statutory_days": info.get("statutory_days"),
            "promised_days": info.get("promised_days"),
        }
        items.append(dept_row(info.get("department_id"), row, **extra))
    return {
        "year": year,
        "today": today,
        "total": finish(total),
        "by_month": [finish({"month": m, **row}) for m, row in months.items()],
        "by_department": sorted((dept_row(d, r) for d, r in by_dept.items()), key=lambda r: r["department"]),
        "rows": sorted(
            (dept_row(d, r, month=m) for (d, m), r in by_dept_month.items() if not _empty(r)),
            key=lambda r: (r["department"], r["month"]),
        ),
        "by_item": sorted(items, key=lambda r: r["code"]),
        "open": open_now,
    }


def departments(scope: list[int] | None) -> list[tuple[int, str]]:
    """The lead departments of the catalogue's items the reader may filter by."""
    qs = Organization.objects.filter(service_items__isnull=False)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    return list(qs.distinct().order_by("name").values_list("id", "name"))


def years(today: dt.date | None = None) -> list[int]:
    """The years with cases (newest first), always including this year."""
    this_year = (today or timezone.localdate()).year
    first = Case.objects.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    start = min(timezone.localtime(first).year, this_year) if first else this_year
    return list(range(this_year, start - 1, -1))


def cockpit_summary(*, year: int | None = None, today: dt.date | None = None) -> dict:
    """The leader's card: this year's totals and the open cases by the clock's level."""
    today = today or timezone.localdate()
    stats = service_stats(year=year or today.year, today=today)
    return {
        "year": stats["year"],
        "total": stats["total"],
        "open": stats["open"],
        "departments": stats["by_department"],
    }
