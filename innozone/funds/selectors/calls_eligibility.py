"""The registry's facts about an organization for the eligibility engine, and the engine's outcome codes as
Chinese sentences with their numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innozone.core import regions
from innozone.core.models import Organization, Region
from innozone.enterprises import selectors as registry

from ..engine import eligibility as engine
from ..models import Call, Sanction

SIZE_LABELS = {"large": _l("大型"), "medium": _l("中型"), "small": _l("小型"), "micro": _l("微型")}
#: the registry's qualification kinds (its models are its own: the labels are repeated here)
QUALIFICATION_LABELS = {
    "hnte": _l("高新技术企业"),
    "tsme": _l("科技型中小企业"),
    "little_giant": _l("专精特新“小巨人”企业"),
    "srdi": _l("省级专精特新中小企业"),
    "gazelle": _l("瞪羚企业"),
    "unicorn": _l("独角兽企业"),
    "tase": _l("技术先进型服务企业"),
}
FIGURE_LABELS = {
    "rd_ratio": _l("研发费用占销售收入比例"),
    "revenue": _l("销售收入（元）"),
    "employees": _l("职工总数"),
    "sci_staff": _l("科技人员数"),
    "sci_ratio": _l("科技人员占比"),
    "total_assets": _l("资产总额（元）"),
    "invention_patents": _l("发明专利（件）"),
}


def _labels(codes) -> str:
    names = dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))
    return "、".join(names.get(c, c) for c in codes)


def _kind_label(kind: str) -> str:
    return str(dict(Organization.Kind.choices).get(kind, kind))


def _qualification_labels(codes) -> str:
    names = QUALIFICATION_LABELS
    return "、".join(str(names.get(c, c)) for c in codes)


def region_codes(region_id: int | None) -> frozenset[str]:
    ids = regions.ancestors(region_id)
    return frozenset(Region.objects.filter(pk__in=ids).values_list("code", flat=True))


def _figures(entry) -> dict[str, Decimal]:
    by_year = registry.figures_by_year(entry)
    if not by_year:
        return {}
    row = next(iter(by_year.values()))
    out = {
        "revenue": row.revenue,
        "employees": Decimal(row.employees),
        "sci_staff": Decimal(row.sci_staff),
        "total_assets": row.total_assets,
        "invention_patents": Decimal(row.invention_patents),
    }
    if row.revenue and row.revenue > 0:
        out["rd_ratio"] = (row.rd_total / row.revenue).quantize(Decimal("0.0001"))
    if row.employees:
        out["sci_ratio"] = (Decimal(row.sci_staff) / Decimal(row.employees)).quantize(Decimal("0.0001"))
    return out


def sanctioned_until(organization_id: int, on: dt.date) -> dt.date | None:
    qs = Sanction.objects.filter(organization_id=organization_id, lifted=False, starts_on__lte=on, ends_on__gte=on)
    return qs.aggregate(m=Max("ends_on"))["m"]


def facts_for(organization: Organization, on: dt.date | None = None) -> engine.Facts:
    """What the registry knows about the organization on `on` (its entry's region and park, size, valid
    qualifications, registration date, the latest year's figures) and any active sanction."""
    on = on or timezone.localdate()
    entry = registry.enterprise_of(organization.pk)
    codes = set(region_codes(organization.region_id))
    if entry is None:
        until = sanctioned_until(organization.pk, on)
        return engine.Facts(on=on, kind=organization.kind, region_codes=frozenset(codes), sanctioned_until=until)
    codes |= region_codes(entry.region_id)
    if entry.park_id:
        codes |= region_codes(entry.park_id)
    return engine.Facts(
        on=on,
        kind=organization.kind,
        region_codes=frozenset(codes),
        size=entry.size or None,
        qualifications=frozenset(q.kind for q in registry.valid_qualifications(entry, on)),
        registered_on=entry.registered_on,
        figures=_figures(entry),
        sanctioned_until=sanctioned_until(organization.pk, on),
    )


def outcome_text(o: engine.Outcome) -> str:
    p = o.params
    code = o.code
    if code == "region.ok":
        return _("注册地在申报范围内（%(regions)s）") % {"regions": _labels(p["regions"])}
    if code == "region.outside":
        return _("注册地不在申报范围内（限 %(regions)s）") % {"regions": _labels(p["regions"])}
    if code == "kind.ok":
        return _("单位类型符合（%(actual)s）") % {"actual": _kind_label(p["actual"])}
    if code == "kind.other":
        kinds = "、".join(_kind_label(k) for k in p["kinds"])
        return _("单位类型不符（限 %(kinds)s，实际 %(actual)s）") % {"kinds": kinds, "actual": _kind_label(p["actual"])}
    if code in ("size.ok", "size.other", "size.missing"):
        sizes = "、".join(str(SIZE_LABELS.get(s, s)) for s in p["sizes"])
        if code == "size.missing":
            return _("企业规模未登记，无法判断（限 %(sizes)s）") % {"sizes": sizes}
        actual = str(SIZE_LABELS.get(p["actual"], p["actual"]))
        if code == "size.ok":
            return _("企业规模符合（%(actual)s）") % {"actual": actual}
        return _("企业规模不符（限 %(sizes)s，实际 %(actual)s）") % {"sizes": sizes, "actual": actual}
    if code == "qualification.ok":
        return _("持有有效资质：%(held)s") % {"held": _qualification_labels(p["held"])}
    if code == "qualification.none":
        return _("未持有所需的有效资质（任一：%(any)s）") % {"any": _qualification_labels(p["any"])}
    if code == "years.ok":
        return _("注册成立满 %(min)s 年（实际 %(actual)s 年）") % p
    if code == "years.short":
        return _("注册成立不满 %(min)s 年（实际 %(actual)s 年）") % p
    if code == "years.missing":
        return _("成立日期未登记，无法判断是否满 %(min)s 年") % p
    if code.startswith("figure."):
        label = str(FIGURE_LABELS.get(p["key"], p["key"]))
        values = {"label": label, "op": p["op"], "value": p["value"], "actual": p.get("actual", "")}
        if code == "figure.ok":
            return _("%(label)s %(op)s %(value)s（实际 %(actual)s）") % values
        if code == "figure.fails":
            return _("%(label)s 未达到 %(op)s %(value)s（实际 %(actual)s）") % values
        return _("%(label)s 未填报年度数据，无法判断") % values
    if code == "sanction.active":
        return _("处于限制申报期内（至 %(until)s）") % p
    if code == "sanction.none":
        return _("无限制申报记录")
    return _("无法识别的申报条件")


def eligibility_of(call: Call, organization: Organization, on: dt.date | None = None) -> tuple[bool, list[dict]]:
    """(eligible, rows) with each rule's outcome and sentence, for the live panel and the receipt."""
    outcomes = engine.check(list(call.eligibility or []), facts_for(organization, on))
    rows = [
        {"rule": o.rule, "passed": o.passed, "code": o.code, "params": o.params, "text": outcome_text(o)}
        for o in outcomes
    ]
    return engine.eligible(outcomes), rows


PROBLEM_TEXT = {
    "rules.not_list": _l("申报条件格式错误"),
    "rule.not_object": _l("条件格式错误"),
    "rule.unknown": _l("未知的条件类型"),
    "region.empty": _l("请选择至少一个地区"),
    "kind.empty": _l("请选择至少一种单位类型"),
    "size.invalid": _l("请选择有效的企业规模"),
    "qualification.empty": _l("请选择至少一种资质"),
    "years.invalid": _l("成立年限须为非负整数"),
    "figure.key": _l("请选择指标"),
    "figure.op": _l("比较方式无效"),
    "figure.value": _l("指标值须为数字"),
}


def rule_problems(rules) -> list[dict]:
    """The engine's validation as form problems (field `eligibility`, row = the rule's position from 1)."""
    return [
        {"field": "eligibility", "row": i + 1, "message": str(PROBLEM_TEXT.get(code, code))}
        for i, code in engine.validate(rules)
    ]


def organizations_for_usccs(codes) -> dict[str, Organization | None]:
    """{USCC: its registry organization or None} (codes upper-cased)."""
    wanted = [str(c).strip().upper() for c in codes if str(c).strip()]
    found = registry.organizations_by_uscc(wanted)
    orgs = Organization.objects.in_bulk([org for org, _name in found.values()])
    return {code: orgs.get(found[code][0]) if code in found else None for code in wanted}
