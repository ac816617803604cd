"""Writes of international cooperation: partners, agreements, projects and the partners of joint labs /
国际科技合作基地. Each function validates all its input first (one ValidationFailed listing every problem),
checks the permission, writes in one transaction and leaves an audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.audit import record, snapshot
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_money

from ..engine import countries
from ..models import Agreement, BasePartner, Partner, Project
from ..permissions import partners as perms
from ..selectors import partners as selectors

PARTNER_FIELDS = ["name", "name_local", "kind", "country", "city", "belt_and_road", "website"]
AGREEMENT_FIELDS = ["partner", "organization", "title", "kind", "signed_on", "expires_on", "status", "summary"]
PROJECT_FIELDS = [
    "partner",
    "organization",
    "agreement",
    "title",
    "kind",
    "field",
    "starts_on",
    "ends_on",
    "amount",
    "status",
    "listing_id",
]


class _Problems(list):
    def add(self, field, message):
        self.append({"field": field, "message": message})

    def raise_if_any(self):
        if self:
            raise ValidationFailed(detail=list(self))


def _text(data, key, problems, label, *, max_length, required=True) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        problems.add(key, _("请填写%(f)s") % {"f": label})
    elif len(value) > max_length:
        problems.add(key, _("%(f)s不能超过 %(n)s 个字") % {"f": label, "n": max_length})
    return value


def _date(data, key, problems, label, *, required=True):
    value = data.get(key)
    if value in (None, ""):
        if required:
            problems.add(key, _("请填写%(f)s") % {"f": label})
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(key, _("%(f)s不是有效日期（YYYY-MM-DD）") % {"f": label})
        return None


def _id(value):
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _flag(value) -> bool:
    return value is True or str(value or "").strip().lower() in ("1", "true", "on", "yes", "是")


# --- partners ------------------------------------------------------------------------------------------


def _clean_partner(data: dict, partner: Partner | None) -> dict:
    p = _Problems()
    out = {
        "name": _text(data, "name", p, _("名称"), max_length=200),
        "name_local": _text(data, "name_local", p, _("外文名称"), max_length=200, required=False),
        "city": _text(data, "city", p, _("城市"), max_length=100, required=False),
        "website": _text(data, "website", p, _("网址"), max_length=200, required=False),
    }
    kind = str(data.get("kind") or "")
    if kind not in Partner.Kind.values:
        p.add("kind", _("请选择合作伙伴类型"))
    out["kind"] = kind
    country = countries.normalize(data.get("country"))
    if not countries.is_code(country):
        p.add("country", _("国家/地区请填写两位字母代码（ISO 3166-1，如 KZ、DE）"))
    elif country == "CN":
        p.add("country", _("国外合作伙伴不能是中国（内地）的单位"))
    out["country"] = country
    if "belt_and_road" in data and data["belt_and_road"] not in (None, ""):
        out["belt_and_road"] = _flag(data["belt_and_road"])
    else:
        out["belt_and_road"] = countries.belt_and_road_default(country)
    if out["website"] and not out["website"].startswith(("http://", "https://")):
        p.add("website", _("网址应以 http:// 或 https:// 开头"))
    if out["name"] and countries.is_code(country):
        dup = selectors.partner_duplicate(out["name"], country, exclude_id=partner.pk if partner else None)
        if dup is not None:
            p.add("name", _("该国家已有同名合作伙伴：%(n)s（编号 %(id)s）") % {"n": dup.name, "id": dup.pk})
    p.raise_if_any()
    return out


@transaction.atomic
def partner_create(*, actor, data: dict, is_demo: bool = False) -> Partner:
    ensure_allowed(perms.can_add_partner(actor))
    values = _clean_partner(data, None)
    partner = Partner.objects.create(is_demo=is_demo, **values)
    record(
        actor=actor,
        action="cooperation.partner.create",
        obj=partner,
        summary=partner.name,
        after=snapshot(partner, PARTNER_FIELDS),
    )
    return partner


@transaction.atomic
def partner_update(*, actor, partner: Partner, data: dict) -> Partner:
    ensure_allowed(perms.can_edit_partner(actor, partner))
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    merged = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    merged.update({k: v for k, v in data.items() if k in PARTNER_FIELDS})
    values = _clean_partner(merged, partner)
    before = snapshot(partner, PARTNER_FIELDS)
    for k, v in values.items():
        setattr(partner, k, v)
    partner.save()
    record(
        actor=actor,
        action="cooperation.partner.update",
        obj=partner,
        summary=partner.name,
        before=before,
        after=snapshot(partner, PARTNER_FIELDS),
    )
    return partner


# --- agreements ----------------------------------------------------------------------------------------


def _partner_and_org(data, p, actor):
    partner = Partner.objects.filter(pk=_id(data.get("partner")) or 0).first()
    if partner is None:
        p.add("partner", _("请选择合作伙伴"))
    org_id = _id(data.get("organization")) or (None if perms.is_office_admin(actor) else actor.organization_id)
    organization = Organization.objects.filter(pk=org_id or 0, kind__in=perms.OWN_KINDS).first()
    if organization is None:
        p.add("organization", _("我方单位须为企业、高校或科研院所"))
    elif not perms.can_record_for(actor, organization)[0]:
        p.add("organization", _("只能登记本单位的合作协议和项目"))
    return partner, organization


def _clean_agreement(actor, data: dict) -> dict:
    p = _Problems()
    partner, organization = _partner_and_org(data, p, actor)
    out = {
        "partner": partner,
        "organization": organization,
        "title": _text(data, "title", p, _("协议名称"), max_length=200),
        "kind": _text(data, "kind", p, _("协议类型"), max_length=50),
        "summary": _text(data, "summary", p, _("主要内容"), max_length=5000, required=False),
        "signed_on": _date(data, "signed_on", p, _("签署日期")),
        "expires_on": _date(data, "expires_on", p, _("到期日期"), required=False),
    }
    if out["signed_on"] and out["signed_on"] > timezone.localdate():
        p.add("signed_on", _("签署日期不能晚于今天"))
    if out["signed_on"] and out["expires_on"] and out["expires_on"] < out["signed_on"]:
        p.add("expires_on", _("到期日期不能早于签署日期"))
    status = str(data.get("status") or Agreement.Status.ACTIVE)
    if status not in Agreement.Status.values:
        p.add("status", _("请选择有效的协议状态"))
    elif status == Agreement.Status.EXPIRED and not (out["expires_on"] and out["expires_on"] < timezone.localdate()):
        p.add("status", _("协议尚未到期，不能标记为“已到期”"))
    out["status"] = status
    p.raise_if_any()
    return out


@transaction.atomic
def agreement_create(*, actor, data: dict, is_demo: bool = False) -> Agreement:
    ensure_allowed(perms.can_record(actor))
    values = _clean_agreement(actor, data)
    agreement = Agreement.objects.create(is_demo=is_demo, **values)
    record(
        actor=actor,
        action="cooperation.agreement.create",
        obj=agreement,
        summary=agreement.title,
        after=snapshot(agreement, AGREEMENT_FIELDS),
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, data: dict) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("organization").get(pk=agreement.pk)
    ensure_allowed(perms.can_edit_record(actor, agreement))
    merged = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in AGREEMENT_FIELDS})
    values = _clean_agreement(actor, merged)
    before = snapshot(agreement, AGREEMENT_FIELDS)
    for k, v in values.items():
        setattr(agreement, k, v)
    agreement.save()
    record(
        actor=actor,
        action="cooperation.agreement.update",
        obj=agreement,
        summary=agreement.title,
        before=before,
        after=snapshot(agreement, AGREEMENT_FIELDS),
    )
    return agreement


# --- projects ------------------------------------------------------------------------------------------


def _clean_project(actor, data: dict) -> dict:
    p = _Problems()
    partner, organization = _partner_and_org(data, p, actor)
    out = {
        "partner": partner,
        "organization": organization,
        "title": _text(data, "title", p, _("项目名称"), max_length=200),
        "field": _text(data, "field", p, _("技术领域"), max_length=50, required=False),
        "starts_on": _date(data, "starts_on", p, _("开始日期")),
        "ends_on": _date(data, "ends_on", p, _("结束日期"), required=False),
    }
    kind = str(data.get("kind") or "")
    if kind not in Project.Kind.values:
        p.add("kind", _("请选择项目类型"))
    out["kind"] = kind
    status = str(data.get("status") or Project.Status.ACTIVE)
    if status not in Project.Status.values:
        p.add("status", _("请选择有效的项目状态"))
    out["status"] = status
    if out["starts_on"] and out["ends_on"] and out["ends_on"] < out["starts_on"]:
        p.add("ends_on", _("结束日期不能早于开始日期"))
    money_problems: list = []
    out["amount"] = parse_money(
        data.get("amount"), field="amount", errors=money_problems, required=False, positive=False
    )
    p.extend(money_problems)
    agreement = None
    agreement_id = _id(data.get("agreement"))
    if agreement_id:
        agreement = Agreement.objects.filter(pk=agreement_id).first()
        if agreement is None:
            p.add("agreement", _("合作协议不存在"))
        elif partner is not None and agreement.partner_id != partner.pk:
            p.add("agreement", _("所选协议不是与该合作伙伴签订的"))
        elif organization is not None and agreement.organization_id != organization.pk:
            p.add("agreement", _("所选协议不是本单位签订的"))
    out["agreement"] = agreement
    listing_id = _id(data.get("listing_id"))
    out["listing_id"] = None
    if data.get("listing_id") not in (None, ""):
        listing = selectors.listing_get(listing_id) if listing_id else None
        if listing is None:
            p.add("listing_id", _("技术市场中没有编号为 %(id)s 的挂牌信息") % {"id": data.get("listing_id")})
        elif not listing.international:
            p.add("listing_id", _("该挂牌信息未标记为“国际技术转移”，请先在技术市场中标记"))
        elif kind == Project.Kind.JOINT or kind == Project.Kind.TALENT:
            p.add("listing_id", _("只有技术引进或技术输出项目可以关联技术市场挂牌"))
        else:
            out["listing_id"] = listing.pk
    p.raise_if_any()
    return out


@transaction.atomic
def project_create(*, actor, data: dict, is_demo: bool = False) -> Project:
    ensure_allowed(perms.can_record(actor))
    values = _clean_project(actor, data)
    project = Project.objects.create(is_demo=is_demo, **values)
    record(
        actor=actor,
        action="cooperation.project.create",
        obj=project,
        summary=project.title,
        after=snapshot(project, PROJECT_FIELDS),
    )
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: dict) -> Project:
    project = Project.objects.select_for_update().select_related("organization").get(pk=project.pk)
    ensure_allowed(perms.can_edit_record(actor, project))
    merged = {f: getattr(project, f) for f in PROJECT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in PROJECT_FIELDS})
    values = _clean_project(actor, merged)
    before = snapshot(project, PROJECT_FIELDS)
    for k, v in values.items():
        setattr(project, k, v)
    project.save()
    record(
        actor=actor,
        action="cooperation.project.update",
        obj=project,
        summary=project.title,
        before=before,
        after=snapshot(project, PROJECT_FIELDS),
    )
    return project


# --- joint labs and 国际科技合作基地 ----------------------------------------------------------------------------


@transaction.atomic
def base_partner_add(*, actor, platform_id, partner_id, since=None) -> BasePartner:
    ensure_allowed(perms.can_manage_bases(actor))
    p = _Problems()
    platform = None
    try:
        platform = selectors.base_platform(actor, platform_id)
    except NotFound:
        p.add("platform", _("该平台不是国际联合实验室或国际科技合作基地"))
    partner = Partner.objects.filter(pk=_id(partner_id) or 0).first()
    if partner is None:
        p.add("partner", _("请选择合作伙伴"))
    since_date = _date({"since": since}, "since", p, _("合作起始"), required=False)
    if since_date and since_date > timezone.localdate():
        p.add("since", _("合作起始日期不能晚于今天"))
    p.raise_if_any()
    if BasePartner.objects.filter(platform_id=platform.pk, partner=partner).exists():
        raise Conflict(_("该合作伙伴已是此平台的合作方"))
    link = BasePartner.objects.create(platform_id=platform.pk, partner=partner, since=since_date)
    record(
        actor=actor,
        action="cooperation.base.add",
        obj=link,
        summary=f"{platform.name} · {partner.name}",
        after={"platform": platform.pk, "partner": partner.pk, "since": since_date},
    )
    return link


@transaction.atomic
def base_partner_remove(*, actor, link_id) -> None:
    ensure_allowed(perms.can_manage_bases(actor))
    link = BasePartner.objects.select_related("partner").filter(pk=_id(link_id) or 0).first()
    if link is None:
        raise ValidationFailed(detail=[{"field": "link", "message": _("该合作关系不存在")}])
    record(
        actor=actor,
        action="cooperation.base.remove",
        object_type="cooperation.BasePartner",
        object_id=link.pk,
        summary=link.partner.name,
        before={"platform": link.platform_id, "partner": link.partner_id},
    )
    link.delete()


# --- expiry warnings -----------------------------------------------------------------------------------


def expiry_notices(*, today=None) -> int:
    """Inbox notices to the organizations' users (or the office, when the organization has no account) about
    agreements ending within the warning window or past their end (once per agreement and end date). Returns
    the number of agreements noticed."""
    from innozone.core.inbox import notice_send
    from innozone.core.models import User

    today = today or timezone.localdate()
    n = 0
    for a in selectors.agreements_expiring(today):
        # the organization's users; the office when the organization has no account on the platform
        recipients = list(User.objects.filter(organization_id=a.organization_id, is_active=True))
        recipients = recipients or list(User.objects.filter(role="office_admin", is_active=True))
        if not recipients:
            continue
        days = (a.expires_on - today).days
        notice_send(
            recipients=recipients,
            title=_("国际合作协议即将到期：%(t)s") % {"t": a.title},
            body=_("与%(p)s签订的“%(t)s”将于 %(d)s 到期（剩余 %(n)s 天），请及时续签或办理终止。")
            % {"p": a.partner.name, "t": a.title, "d": a.expires_on.isoformat(), "n": max(days, 0)},
            link=f"/cooperation/agreements/{a.pk}/",
            dedupe_key=f"cooperation.agreement.expiry:{a.pk}:{a.expires_on.isoformat()}",
        )
        n += 1
    return n
