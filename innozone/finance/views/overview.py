"""The overview of technology finance: statistics by bank, city, park and year, with charts and Excel."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook
from innozone.core.web import domain_view, require, xlsx_response

from .. import permissions
from ..selectors import finance_stats
from .common import number


def _pie(rows, key: str) -> str:
    return json.dumps([{"name": r["name"], "value": float(r[key]), "key": ""} for r in rows], ensure_ascii=False)


def _headers() -> list[str]:
    return [
        _("名称"),
        _("贷款笔数"),
        _("贷款金额（元）"),
        _("加权平均利率（%）"),
        _("逾期/不良笔数"),
        _("风险补偿支出（元）"),
        _("贴息支付（元）"),
    ]


def _rows(rows):
    for r in rows:
        yield [r["name"], r["loans"], r["amount"], r["avg_rate"], r["defaults"], r["compensation"], r["subsidies"]]


@login_required
@domain_view
def overview(request):
    require(permissions.can_view_overview(request.user))
    year = number(request.GET, "year")
    stats = finance_stats(year)
    if request.GET.get("format") == "xlsx":
        rows = [[_("按银行")], *_rows(stats["by_bank"]), [_("按城市")], *_rows(stats["by_city"])]
        rows += [[_("按园区（区县）")], *_rows(stats["by_park"])]
        return xlsx_response(table_workbook(_("科技金融统计"), _headers(), rows), "finance-stats.xlsx")
    this_year = timezone.localdate().year
    return render(
        request,
        "finance/overview.html",
        {
            "stats": stats,
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            "bank_pie": _pie(stats["by_bank"], "amount"),
            "city_pie": _pie(stats["by_city"], "amount"),
        },
    )
