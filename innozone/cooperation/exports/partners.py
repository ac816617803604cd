"""Excel workbooks of international cooperation (SafeWorkbook: text never read as a formula)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook

from ..engine import countries


def _yes(flag) -> str:
    return _("是") if flag else _("否")


def partners_workbook(rows) -> bytes:
    headers = [
        _("名称"),
        _("外文名称"),
        _("类型"),
        _("国家/地区"),
        _("代码"),
        _("城市"),
        _("一带一路"),
        _("协议数"),
        _("项目数"),
    ]
    data = (
        [
            p.name,
            p.name_local,
            p.get_kind_display(),
            countries.name(p.country, get_language() or "zh"),
            p.country,
            p.city,
            _yes(p.belt_and_road),
            getattr(p, "n_agreements", 0),
            getattr(p, "n_projects", 0),
        ]
        for p in rows
    )
    return table_workbook(_("国外合作伙伴"), headers, data)


def agreements_workbook(rows) -> bytes:
    headers = [
        _("协议名称"),
        _("协议类型"),
        _("合作伙伴"),
        _("国家/地区"),
        _("我方单位"),
        _("签署日期"),
        _("到期日期"),
        _("状态"),
        _("剩余天数"),
    ]
    data = (
        [
            a.title,
            a.kind,
            a.partner.name,
            countries.name(a.partner.country, get_language() or "zh"),
            a.organization.name,
            a.signed_on,
            a.expires_on,
            a.get_status_display(),
            a.expiry["days_left"],
        ]
        for a in rows
    )
    return table_workbook(_("国际合作协议"), headers, data)


def projects_workbook(rows) -> bytes:
    headers = [
        _("项目名称"),
        _("类型"),
        _("合作伙伴"),
        _("国家/地区"),
        _("我方单位"),
        _("开始日期"),
        _("结束日期"),
        _("金额（元）"),
        _("状态"),
        _("技术市场挂牌编号"),
    ]
    data = (
        [
            p.title,
            p.get_kind_display(),
            p.partner.name,
            countries.name(p.partner.country, get_language() or "zh"),
            p.organization.name,
            p.starts_on,
            p.ends_on,
            p.amount,
            p.get_status_display(),
            p.listing_id,
        ]
        for p in rows
    )
    return table_workbook(_("国际合作项目"), headers, data)


def stats_workbook(stats: dict) -> bytes:
    headers = [
        _("国家/地区"),
        _("代码"),
        _("一带一路"),
        _("合作伙伴"),
        _("合作协议"),
        _("执行中协议"),
        _("合作项目"),
        _("项目金额（元）"),
        _("外籍专家"),
    ]
    rows = [
        [
            r["name"],
            r["country"],
            _yes(r["belt_and_road"]),
            r["partners"],
            r["agreements"],
            r["active_agreements"],
            r["projects"],
            r["amount"],
            r["experts"],
        ]
        for r in stats["rows"]
    ]
    t = stats["totals"]
    rows.append(
        [
            _("合计"),
            "",
            "",
            t["partners"],
            t["agreements"],
            t["active_agreements"],
            t["projects"],
            t["amount"],
            t["experts"],
        ]
    )
    b = stats["belt_and_road"]
    rows.append(
        [
            _("其中：共建“一带一路”国家"),
            "",
            "",
            b["partners"],
            b["agreements"],
            b["active_agreements"],
            b["projects"],
            b["amount"],
            b["experts"],
        ]
    )
    return table_workbook(_("国别统计"), headers, rows)
