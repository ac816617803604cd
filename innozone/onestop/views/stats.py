"""The one-stop service statistics page: by department and month, by department, by item; a chart by month and
one comparing the departments' days with their limits; Excel. The office, leaders and auditors see every
department, a department its own items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.web import domain_view, require, xlsx_response

from ..exports.stats import stats_workbook
from ..models import ServiceItem
from ..permissions.stats import can_view_stats, stats_scope
from ..selectors import stats as selectors


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filters(params, user) -> dict:
    """year (default: this year), department (one the reader may see) and item type from a query string."""
    scope = stats_scope(user)
    year = _int(params.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    department = _int(params.get("department"))
    if department and scope is not None and department not in scope:
        department = None
    item_type = params.get("type", "")
    if item_type not in ServiceItem.Type.values:
        item_type = ""
    return {"year": year, "scope": scope, "department": department, "item_type": item_type}


def _f(value) -> float | None:
    return None if value is None else float(value)


def chart_data(stats: dict) -> dict:
    months = stats["by_month"]
    depts = stats["by_department"]
    return {
        "labels": {
            "received": _("收件"),
            "finished": _("办结"),
            "overdue_rate": _("逾期率"),
            "satisfaction": _("满意率"),
            "mean_days": _("平均用时"),
            "promised": _("承诺时限"),
            "statutory": _("法定时限"),
            "days": _("工作日"),
        },
        "months": [_("%(m)s月") % {"m": r["month"]} for r in months],
        "received": [r["received"] for r in months],
        "finished": [r["finished"] for r in months],
        "overdue_rate": [
            None if r["overdue_rate"] is None else round(float(r["overdue_rate"]) * 100, 1) for r in months
        ],
        "satisfaction": [
            None if r["satisfaction"] is None else round(float(r["satisfaction"]) * 100, 1) for r in months
        ],
        "departments": [r["department"] for r in depts],
        "mean_days": [_f(r["mean_days"]) for r in depts],
        "mean_promised": [_f(r["mean_promised"]) for r in depts],
        "mean_statutory": [_f(r["mean_statutory"]) for r in depts],
    }


@login_required
@domain_view
def stats(request):
    require(can_view_stats(request.user))
    f = filters(request.GET, request.user)
    data = selectors.service_stats(
        year=f["year"], scope=f["scope"], department=f["department"], item_type=f["item_type"]
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(stats_workbook(data), f"onestop-stats-{f['year']}.xlsx")
    total = data["total"]
    return render(
        request,
        "onestop/stats.html",
        {
            "stats": data,
            "f": f,
            "years": sorted({*selectors.years(), f["year"]}, reverse=True),
            "departments": selectors.departments(f["scope"]),
            "types": ServiceItem.Type.choices,
            "chart": chart_data(data),
            "has_data": bool(total["received"] or total["finished"] or total["open_overdue"] or total["ratings"]),
            "all_departments": f["scope"] is None,
        },
    )
