"""Excel exports of the catalogue part: the items, the responsibility list, the negative list and a year of the
working-day calendar, through the one workbook builder (core.exports.table_workbook)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innozone.core.exports import table_workbook

from ..selectors.catalogue import PAUSE_LABELS

LIMIT = 50000
WEEKDAYS = [
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
]
KIND_LABELS = {
    "workday": gettext_lazy("工作日"),
    "weekend": gettext_lazy("休息日"),
    "holiday": gettext_lazy("法定节假日"),
    "makeup": gettext_lazy("调休上班"),
    "office": gettext_lazy("办公室调整"),
}


def items_workbook(items) -> bytes:
    headers = [
        _("事项编码"),
        _("事项名称"),
        _("事项类型"),
        _("主管部门"),
        _("并联审批部门"),
        _("设定依据"),
        _("时限规则"),
        _("法定办结时限（工作日）"),
        _("承诺办结时限（工作日）"),
        _("可延长（工作日）"),
        _("不计入时限的环节"),
        _("收费标准"),
        _("办理渠道"),
        _("可容缺受理"),
        _("状态"),
    ]
    rows = [
        [
            i.code,
            i.name,
            i.get_type_display(),
            i.department.name,
            "、".join(d.name for d in i.branch_departments.all()),
            i.legal_basis,
            i.get_clock_display(),
            i.statutory_days,
            i.promised_days,
            i.extension_days,
            "、".join(str(PAUSE_LABELS.get(p, p)) for p in i.pauses_allowed or []),
            i.fees,
            i.get_channel_display(),
            _("是") if i.allows_deferral else _("否"),
            i.get_status_display(),
        ]
        for i in items[:LIMIT]
    ]
    return table_workbook(_("事项清单"), headers, rows)


def powers_workbook(entries) -> bytes:
    headers = [_("部门"), _("职权名称"), _("职权类型"), _("设定依据"), _("责任事项"), _("追责情形"), _("对应事项编码")]
    rows = [
        [
            e.department.name,
            e.name,
            e.type,
            e.basis,
            e.responsibility,
            e.accountability,
            e.item.code if e.item_id else "",
        ]
        for e in entries[:LIMIT]
    ]
    return table_workbook(_("权责清单"), headers, rows)


def negatives_workbook(entries) -> bytes:
    headers = [_("类别"), _("内容"), _("依据")]
    rows = [[e.get_category_display(), e.text, e.basis] for e in entries[:LIMIT]]
    return table_workbook(_("负面清单"), headers, rows)


def calendar_workbook(days: list[dict], year: int) -> bytes:
    headers = [_("日期"), _("星期"), _("是否工作日"), _("类别"), _("节日"), _("办公室调整说明")]
    rows = []
    for d in days:
        day = dt.date.fromisoformat(d["day"])
        rows.append(
            [
                day,
                str(WEEKDAYS[day.weekday()]),
                _("是") if d["workday"] else _("否"),
                str(KIND_LABELS[d["kind"]]),
                d["festival"],
                d["note"],
            ]
        )
    return table_workbook(_("%(y)s年工作日历") % {"y": year}, headers, rows)
