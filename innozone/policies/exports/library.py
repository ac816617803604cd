"""Excel exports of the policy library (through core.exports.table_workbook): the policies of a search with
their state, and the clauses with their condition and amount rule in words."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook

from ..selectors.library import policy_state, state_label
from ..selectors.library_rules import amount_words, condition_words

LIMIT = 20000


def _day(value):
    return value.isoformat() if value else ""


def policies_workbook(policies) -> bytes:
    today = timezone.localdate()
    headers = [
        _("政策名称"),
        _("文号"),
        _("发文机关"),
        _("层级"),
        _("所属框架政策"),
        _("发布日期"),
        _("施行日期"),
        _("有效期至"),
        _("状态"),
        _("条款数"),
    ]
    rows = [
        [
            p.title,
            p.doc_number,
            p.issuer,
            p.get_level_display(),
            p.parent.title if p.parent_id else "",
            _day(p.issued_on),
            _day(p.effective_from),
            _day(p.effective_until),
            str(state_label(policy_state(p, today))),
            getattr(p, "clause_count", None) if getattr(p, "clause_count", None) is not None else p.clauses.count(),
        ]
        for p in list(policies)[:LIMIT]
    ]
    return table_workbook(_("政策文件"), headers, rows)


def clauses_workbook(clauses) -> bytes:
    headers = [
        _("政策名称"),
        _("条款号"),
        _("条款名称"),
        _("支持方式"),
        _("申享条件"),
        _("金额规则"),
        _("免申即享"),
        _("涉及特定经营者的优惠"),
        _("状态"),
        _("版本"),
    ]
    rows = [
        [
            c.policy.title,
            c.number,
            c.title,
            c.get_kind_display(),
            condition_words(c.condition) or c.condition_text,
            amount_words(c.amount_rule),
            _("是") if c.no_application else _("否"),
            _("是") if c.favours_specific else _("否"),
            c.get_status_display(),
            c.version,
        ]
        for c in list(clauses)[:LIMIT]
    ]
    return table_workbook(_("政策条款"), headers, rows)
