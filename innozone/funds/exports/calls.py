"""Excel exports of the calls part's lists, through the one workbook builder (core.exports.table_workbook)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook

from ..selectors.calls import CHAIN_LABELS, call_effective_stage, stage_label

LIMIT = 50000


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def programmes_workbook(programmes) -> bytes:
    headers = [
        _("专项名称"),
        _("专项类别"),
        _("预算年度"),
        _("预算总额（元）"),
        _("每个申报单位每年资助上限（元）"),
        _("状态"),
    ]
    rows = [
        [p.name, p.get_kind_display(), p.year, p.total or 0, p.cap_per_applicant, p.get_status_display()]
        for p in programmes[:LIMIT]
    ]
    return table_workbook(_("专项"), headers, rows)


def calls_workbook(calls) -> bytes:
    headers = [
        _("通知标题"),
        _("专项"),
        _("批次"),
        _("阶段"),
        _("申报开始"),
        _("申报截止"),
        _("本批次可安排资金（元）"),
        _("单项申请上限（元）"),
    ]
    rows = [
        [
            c.title,
            c.programme.name,
            c.round,
            stage_label(call_effective_stage(c)),
            _when(c.opens_at),
            _when(c.closes_at),
            c.budget,
            c.max_amount,
        ]
        for c in calls[:LIMIT]
    ]
    return table_workbook(_("申报通知"), headers, rows)


def applications_workbook(applications, title=None) -> bytes:
    headers = [
        _("受理编号"),
        _("项目名称"),
        _("申报单位"),
        _("所在地区"),
        _("申报通知"),
        _("申请资助（元）"),
        _("项目总投入（元）"),
        _("状态"),
        _("当前推荐层级"),
        _("提交时间"),
    ]
    rows = [
        [
            a.number,
            a.title,
            a.applicant.name,
            a.region.name if a.region else "",
            a.call.title,
            a.amount,
            a.total_budget,
            a.get_status_display(),
            str(CHAIN_LABELS.get(a.chain_stage, "")),
            _when(a.submitted_at),
        ]
        for a in applications[:LIMIT]
    ]
    return table_workbook(title or _("项目申报"), headers, rows)
