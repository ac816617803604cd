"""The service catalogue (事项清单): the office creates and edits items (department, basis, conditions, steps,
limits and the clock rule, fees, channel, the platform's own flow, parallel departments) and their materials
(templates; which may be supplied later under 容缺受理), publishes and suspends them; and keeps the
responsibility list (权责清单) and the negative list (负面清单).

Rules checked here (sources in docs/onestop.md):
- item code: upper-case letters, digits and hyphens (Gansu: `62052400MZ-XK-0001` = region + department code +
  type + sequence); a type segment in the code must match the item's type; unique;
- limits in working days: 1 ≤ promised ≤ statutory ≤ 365; a 行政许可 item on the licence clock decides within 20
  working days (+ 10 extension), 45 (+ 15) when several departments handle it jointly (行政许可法 第四十二条), and
  tells the applicant what to correct within 5 (第三十二条); hearings, tests and expert review may stop the
  clock (第四十五条);
- a material may be deferred (容缺) only when the item allows deferral;
- publishing needs a legal basis, the acceptance conditions and at least one material (or the platform flow that
  takes the item).
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization, Region
from innozone.core.uploads import attachment_problem

from ..engine import clock as engine
from ..models import ItemMaterial, NegativeEntry, PowerEntry, ServiceItem
from ..permissions import catalogue as permissions

CODE = re.compile(r"^[0-9A-Z]{2,20}(-[0-9A-Z]{1,12}){0,4}$")
TYPE_SEGMENT = re.compile(r"-(XK|QR|JL|JF|GG|QT|CF|QZ|ZS|CJ)-")
HANDLING_KINDS = ("department", "government", "committee", "leading_group_office")
MAX_DAYS = 365
TEXT_FIELDS = {
    "name": 200,
    "implementer": 200,
    "fees": 200,
    "flow_url": 100,
    "flow_note": 200,
    "result_name": 100,
    "contact": 100,
}
FIELDS = (
    "code",
    "name",
    "type",
    "department",
    "implementer",
    "region",
    "legal_basis",
    "conditions",
    "steps",
    "clock",
    "statutory_days",
    "promised_days",
    "extension_days",
    "acceptance_days",
    "pauses_allowed",
    "warn_days",
    "fees",
    "channel",
    "allows_deferral",
    "flow_url",
    "flow_note",
    "branch_days",
    "result_name",
    "contact",
)


def _int(data, field, label, errors, *, default=None, low=0, high=MAX_DAYS):
    value = data.get(field)
    if value is None or str(value).strip() == "":
        if default is not None:
            return default
        errors.append({"field": field, "message": _("请填写%(f)s") % {"f": label}})
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append({"field": field, "message": _("%(f)s须为整数") % {"f": label}})
        return None
    if not low <= number <= high:
        errors.append(
            {"field": field, "message": _("%(f)s须在 %(a)s 到 %(b)s 之间") % {"f": label, "a": low, "b": high}}
        )
        return None
    return number


def _bool(value) -> bool:
    return value in (True, 1, "1", "true", "True", "on", "yes")


def _org(ref, field, label, errors):
    ref = str(ref if ref is not None else "").strip()
    org = None
    if ref.isdigit() and len(ref) < 18:
        org = Organization.objects.filter(pk=int(ref)).first()
    elif ref:
        org = Organization.objects.filter(name=ref).first() or Organization.objects.filter(aliases__alias=ref).first()
    if org is None:
        errors.append(
            {
                "field": field,
                "message": _("请选择%(f)s") % {"f": label}
                if not ref
                else _("%(f)s“%(r)s”不存在") % {"f": label, "r": ref},
            }
        )
        return None
    if org.kind not in HANDLING_KINDS:
        errors.append({"field": field, "message": _("“%(n)s”不是政府部门或管理机构，不能办理事项") % {"n": org.name}})
        return None
    return org


def flow_url_problem(name: str) -> str | None:
    """Why a flow URL name may not be kept (it must name a page of the platform taking no arguments)."""
    if not name:
        return None
    if ":" not in name:
        return _("办理入口须为平台页面名称，如 vouchers:apply")
    try:
        reverse(name)
    except NoReverseMatch:
        return _("平台内没有名为“%(n)s”的页面（或该页面需要参数）") % {"n": name}
    return None


def _clean(data: dict, item: ServiceItem | None) -> tuple[dict, list, list[dict]]:
    errors: list[dict] = []
    out: dict = {}
    code = str(data.get("code") or "").strip().upper()
    if not CODE.match(code):
        errors.append(
            {"field": "code", "message": _("事项编码只能由大写字母、数字和连字符组成，如 62000000KJ-XK-0001")}
        )
    out["code"] = code
    for field, limit in TEXT_FIELDS.items():
        value = str(data.get(field) or "").strip()
        if len(value) > limit:
            errors.append({"field": field, "message": _("不能超过 %(n)s 字") % {"n": limit}})
        out[field] = value
    if not out["name"]:
        errors.append({"field": "name", "message": _("请填写事项名称")})
    out["fees"] = out["fees"] or "不收费"
    for field in ("legal_basis", "conditions"):
        value = str(data.get(field) or "").strip()
        if len(value) > 5000:
            errors.append({"field": field, "message": _("不能超过 %(n)s 字") % {"n": 5000}})
        out[field] = value
    out["type"] = data.get("type") or ""
    if out["type"] not in ServiceItem.Type.values:
        errors.append({"field": "type", "message": _("请选择事项类型")})
    segment = TYPE_SEGMENT.search(code)
    if segment and out["type"] in ServiceItem.Type.values and segment.group(1) != out["type"]:
        errors.append(
            {
                "field": "code",
                "message": _("事项编码中的类型代码“%(c)s”与事项类型“%(t)s”不一致")
                % {"c": segment.group(1), "t": ServiceItem.Type(out["type"]).label},
            }
        )
    out["department"] = _org(data.get("department"), "department", _("主管部门"), errors)
    out["region"] = None
    if str(data.get("region") or "").strip():
        ref = str(data["region"]).strip()
        region = Region.objects.filter(code=ref).first()
        if region is None and ref.isdigit() and len(ref) < 18:
            region = Region.objects.filter(pk=int(ref)).first()
        if region is None:
            errors.append({"field": "region", "message": _("地区“%(r)s”不存在") % {"r": ref}})
        out["region"] = region
    out["clock"] = data.get("clock") or ServiceItem.Clock.OWN
    if out["clock"] not in ServiceItem.Clock.values:
        errors.append({"field": "clock", "message": _("请选择时限规则")})
    out["statutory_days"] = _int(data, "statutory_days", _("法定办结时限"), errors, low=1)
    out["promised_days"] = _int(data, "promised_days", _("承诺办结时限"), errors, low=1)
    out["extension_days"] = _int(data, "extension_days", _("可延长时限"), errors, default=0)
    out["acceptance_days"] = _int(data, "acceptance_days", _("受理/补正告知时限"), errors, default=5, low=1, high=30)
    out["warn_days"] = _int(data, "warn_days", _("黄灯预警天数"), errors, default=3, high=60)
    out["branch_days"] = _int(data, "branch_days", _("并联环节时限"), errors, default=10, low=1)
    statutory, promised = out["statutory_days"], out["promised_days"]
    if statutory and promised and promised > statutory:
        errors.append({"field": "promised_days", "message": _("承诺办结时限不能长于法定办结时限")})
    if statutory and out["warn_days"] is not None and out["warn_days"] >= statutory:
        errors.append({"field": "warn_days", "message": _("黄灯预警天数须少于法定办结时限")})
    pauses = data.get("pauses_allowed") or []
    if isinstance(pauses, str):
        pauses = [p for p in re.split(r"[\s,，、]+", pauses) if p]
    unknown = [p for p in pauses if p not in engine.PAUSE_REASONS]
    if unknown:
        errors.append(
            {"field": "pauses_allowed", "message": _("不计时环节“%(p)s”无效") % {"p": "、".join(map(str, unknown))}}
        )
    out["pauses_allowed"] = [p for p in engine.PAUSE_REASONS if p in pauses]
    out["channel"] = data.get("channel") or ServiceItem.Channel.ONLINE
    if out["channel"] not in ServiceItem.Channel.values:
        errors.append({"field": "channel", "message": _("请选择办理渠道")})
    out["allows_deferral"] = _bool(data.get("allows_deferral"))
    problem = flow_url_problem(out["flow_url"])
    if problem:
        errors.append({"field": "flow_url", "message": problem})
    steps = []
    for i, step in enumerate(data.get("steps") or [], start=1):
        name = str((step or {}).get("name") or "").strip()
        text = str((step or {}).get("text") or "").strip()
        if not name and not text:
            continue
        if not name or len(name) > 50 or len(text) > 1000:
            errors.append(
                {
                    "field": "steps",
                    "row": i,
                    "message": _("第 %(n)s 步：请填写环节名称（不超过 50 字），说明不超过 1000 字") % {"n": i},
                }
            )
        steps.append({"name": name, "text": text})
    out["steps"] = steps
    branches = []
    for ref in data.get("branch_departments") or []:
        if str(ref).strip() == "":
            continue
        org = _org(ref, "branch_departments", _("并联审批部门"), errors)
        if org is not None and org not in branches:
            branches.append(org)
    if out["department"] is not None and out["department"] in branches:
        errors.append({"field": "branch_departments", "message": _("主管部门不必列为并联审批部门")})
    if branches and statutory and out["branch_days"] and out["branch_days"] > statutory:
        errors.append({"field": "branch_days", "message": _("并联环节时限不能长于法定办结时限")})
    if out["clock"] == ServiceItem.Clock.LICENCE and out["type"] != ServiceItem.Type.LICENCE:
        errors.append({"field": "clock", "message": _("只有行政许可事项适用《行政许可法》时限")})
    if out["clock"] == ServiceItem.Clock.LICENCE:
        limit, extension = (
            (engine.JOINT_DAYS, engine.JOINT_EXTENSION_DAYS)
            if branches
            else (engine.LICENCE_DAYS, engine.LICENCE_EXTENSION_DAYS)
        )
        if statutory and statutory > limit:
            errors.append(
                {
                    "field": "statutory_days",
                    "message": _("行政许可事项%(j)s的法定时限不能超过 %(n)s 个工作日（行政许可法第四十二条）")
                    % {"j": _("（多部门联合办理）") if branches else "", "n": limit},
                }
            )
        if out["extension_days"] and out["extension_days"] > extension:
            errors.append(
                {
                    "field": "extension_days",
                    "message": _("行政许可事项的延长期限不能超过 %(n)s 个工作日（行政许可法第四十二条）")
                    % {"n": extension},
                }
            )
        if out["acceptance_days"] and out["acceptance_days"] > engine.LICENCE_NOTICE_DAYS:
            errors.append(
                {
                    "field": "acceptance_days",
                    "message": _("行政许可事项须在 %(n)s 个工作日内一次性告知补正内容（行政许可法第三十二条）")
                    % {"n": engine.LICENCE_NOTICE_DAYS},
                }
            )
    if code and not any(e["field"] == "code" for e in errors):
        clash = ServiceItem.objects.filter(code=code)
        if item is not None:
            clash = clash.exclude(pk=item.pk)
            if code != item.code and item.cases.exists():
                errors.append({"field": "code", "message": _("该事项已有办件，不能修改事项编码")})
        if clash.exists():
            errors.append({"field": "code", "message": _("事项编码“%(c)s”已被使用") % {"c": code}})
    return out, branches, errors


def _snapshot(item: ServiceItem) -> dict:
    data = audit.snapshot(item, list(FIELDS))
    data["branch_departments"] = sorted(item.branch_departments.values_list("pk", flat=True)) if item.pk else []
    return data


@transaction.atomic
def item_create(*, actor, is_demo: bool = False, **data) -> ServiceItem:
    ensure_allowed(permissions.can_manage_catalogue(actor))
    values, branches, errors = _clean(data, None)
    if errors:
        raise ValidationFailed(detail=errors)
    try:
        with transaction.atomic():  # two offices creating the same code at once: one wins, one is told
            item = ServiceItem.objects.create(**values, is_demo=is_demo)
    except IntegrityError:
        raise ValidationFailed(
            detail=[{"field": "code", "message": _("事项编码“%(c)s”已被使用") % {"c": values["code"]}}]
        ) from None
    item.branch_departments.set(branches)
    audit.record(
        actor=actor, action="onestop.item.create", obj=item, summary=f"{item.code} {item.name}", after=_snapshot(item)
    )
    return item


@transaction.atomic
def item_update(*, actor, item: ServiceItem, **data) -> ServiceItem:
    ensure_allowed(permissions.can_manage_catalogue(actor))
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    values, branches, errors = _clean(data, item)
    if errors:
        raise ValidationFailed(detail=errors)
    before = _snapshot(item)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    item.branch_departments.set(branches)
    if not item.allows_deferral:
        item.materials.filter(may_defer=True).update(may_defer=False)
    audit.record(
        actor=actor,
        action="onestop.item.update",
        obj=item,
        summary=f"{item.code} {item.name}",
        before=before,
        after=_snapshot(item),
    )
    return item


def publish_problems(item: ServiceItem) -> list[dict]:
    problems = []
    if not item.legal_basis.strip():
        problems.append({"field": "legal_basis", "message": _("发布前请填写设定依据")})
    if not item.conditions.strip():
        problems.append({"field": "conditions", "message": _("发布前请填写受理条件")})
    if not item.flow_url and not item.materials.exists():
        problems.append({"field": "materials", "message": _("发布前请至少列出一项申请材料（或设置平台内办理入口）")})
    if item.flow_url and flow_url_problem(item.flow_url):
        problems.append({"field": "flow_url", "message": flow_url_problem(item.flow_url)})
    return problems


@transaction.atomic
def item_set_status(*, actor, item: ServiceItem, status: str, reason: str = "") -> ServiceItem:
    """publish (draft/suspended → published), suspend (published → suspended, with a reason), back to draft
    (only while no case was ever opened)."""
    ensure_allowed(permissions.can_manage_catalogue(actor))
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    reason = (reason or "").strip()
    if status not in ServiceItem.Status.values:
        raise ValidationFailed(detail=[{"field": "status", "message": _("状态无效")}])
    if status == item.status:
        raise Conflict(_("事项已是“%(s)s”状态") % {"s": item.get_status_display()})
    if status == ServiceItem.Status.PUBLISHED:
        problems = publish_problems(item)
        if problems:
            raise ValidationFailed(_("事项还不能发布"), detail=problems)
    elif status == ServiceItem.Status.SUSPENDED:
        if item.status != ServiceItem.Status.PUBLISHED:
            raise Conflict(_("只有已发布的事项可以暂停办理"))
        if not reason or len(reason) > 300:
            raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写暂停办理的原因（不超过 300 字）")}])
    elif item.cases.exists():
        raise Conflict(_("该事项已有办件，不能退回草稿，可暂停办理"))
    before = item.status
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action=f"onestop.item.{ {'published': 'publish', 'suspended': 'suspend', 'draft': 'draft'}[status] }",
        obj=item,
        summary=(f"{item.code} {item.name} " + reason).strip(),
        before={"status": before},
        after={"status": status, "reason": reason},
    )
    return item


# --- materials ------------------------------------------------------------------------------------------------


def _material_clean(item: ServiceItem, data: dict) -> tuple[dict, list[dict]]:
    errors = []
    out = {
        "name": str(data.get("name") or "").strip(),
        "copies": str(data.get("copies") or "").strip() or "电子件1份",
        "note": str(data.get("note") or "").strip(),
        "required": _bool(data.get("required", True)),
        "may_defer": _bool(data.get("may_defer")),
    }
    if not out["name"] or len(out["name"]) > 200:
        errors.append({"field": "name", "message": _("请填写材料名称（不超过 200 字）")})
    if len(out["copies"]) > 50:
        errors.append({"field": "copies", "message": _("不能超过 %(n)s 字") % {"n": 50}})
    if len(out["note"]) > 300:
        errors.append({"field": "note", "message": _("不能超过 %(n)s 字") % {"n": 300}})
    if out["may_defer"] and not item.allows_deferral:
        errors.append({"field": "may_defer", "message": _("本事项不实行容缺受理，材料不能标为可容缺后补")})
    order = data.get("order")
    try:
        out["order"] = int(order) if str(order or "").strip() else None
        if out["order"] is not None and not 0 <= out["order"] <= 999:
            raise ValueError
    except ValueError:
        errors.append({"field": "order", "message": _("排序须为 0 到 999 的整数")})
        out["order"] = None
    template = data.get("template")
    if template:
        problem = attachment_problem(template)
        if problem:
            errors.append({"field": "template", "message": problem})
    return out, errors


@transaction.atomic
def material_save(*, actor, item: ServiceItem, material: ItemMaterial | None = None, **data) -> ItemMaterial:
    ensure_allowed(permissions.can_manage_catalogue(actor))
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if material is not None and material.item_id != item.pk:
        raise ValidationFailed(detail=[{"field": "material", "message": _("材料不属于该事项")}])
    values, errors = _material_clean(item, data)
    if values["name"]:
        clash = item.materials.filter(name=values["name"])
        if material is not None:
            clash = clash.exclude(pk=material.pk)
        if clash.exists():
            errors.append({"field": "name", "message": _("该事项已有同名材料")})
    if errors:
        raise ValidationFailed(detail=errors)
    if values["order"] is None:
        values["order"] = material.order if material is not None else item.materials.count() + 1
    before = (
        audit.snapshot(material, ["name", "required", "may_defer", "copies", "note", "order"]) if material else None
    )
    if material is None:
        material = ItemMaterial(item=item)
    for key, value in values.items():
        setattr(material, key, value)
    if data.get("template"):
        if material.template:
            material.template.delete(save=False)
        material.template = data["template"]
    elif _bool(data.get("remove_template")) and material.template:
        material.template.delete(save=False)
        material.template = ""
    material.save()
    audit.record(
        actor=actor,
        action="onestop.material.save",
        obj=material,
        summary=f"{item.code} {material.name}",
        before=before,
        after={
            **audit.snapshot(material, ["name", "required", "may_defer", "copies", "note", "order"]),
            "template": material.template.name or "",
        },
    )
    return material


@transaction.atomic
def material_delete(*, actor, material: ItemMaterial) -> None:
    ensure_allowed(permissions.can_manage_catalogue(actor))
    item = ServiceItem.objects.select_for_update().get(pk=material.item_id)
    if item.status == ServiceItem.Status.PUBLISHED and not item.flow_url and item.materials.count() == 1:
        raise Conflict(_("已发布事项至少保留一项申请材料"))
    audit.record(
        actor=actor,
        action="onestop.material.delete",
        obj=material,
        summary=f"{item.code} {material.name}",
        before=audit.snapshot(material, ["name", "required", "may_defer", "copies", "note"]),
    )
    if material.template:
        material.template.delete(save=False)
    material.delete()


# --- the responsibility list and the negative list --------------------------------------------------------------


@transaction.atomic
def power_save(*, actor, entry: PowerEntry | None = None, **data) -> PowerEntry:
    ensure_allowed(permissions.can_manage_lists(actor))
    errors: list[dict] = []
    department = _org(data.get("department"), "department", _("部门"), errors)
    values = {k: str(data.get(k) or "").strip() for k in ("name", "type", "basis", "responsibility", "accountability")}
    if not values["name"] or len(values["name"]) > 200:
        errors.append({"field": "name", "message": _("请填写职权名称（不超过 200 字）")})
    if not values["type"] or len(values["type"]) > 20:
        errors.append({"field": "type", "message": _("请填写职权类型（不超过 20 字），如 行政许可、行政确认")})
    if not values["basis"]:
        errors.append({"field": "basis", "message": _("请填写设定依据")})
    item = None
    code = str(data.get("item") or "").strip()
    if code:
        item = ServiceItem.objects.filter(code=code.upper()).first()
        if item is None:
            errors.append({"field": "item", "message": _("事项编码“%(c)s”不存在") % {"c": code}})
    order = _int(data, "order", _("排序"), errors, default=0, high=9999)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(entry) if entry else None
    if entry is None:
        entry = PowerEntry()
    for key, value in values.items():
        setattr(entry, key, value)
    entry.department, entry.item, entry.order = department, item, order
    entry.save()
    audit.record(
        actor=actor,
        action="onestop.power.save",
        obj=entry,
        summary=entry.name,
        before=before,
        after=audit.snapshot(entry),
    )
    return entry


@transaction.atomic
def power_delete(*, actor, entry: PowerEntry) -> None:
    ensure_allowed(permissions.can_manage_lists(actor))
    audit.record(
        actor=actor, action="onestop.power.delete", obj=entry, summary=entry.name, before=audit.snapshot(entry)
    )
    entry.delete()


@transaction.atomic
def negative_save(*, actor, entry: NegativeEntry | None = None, **data) -> NegativeEntry:
    ensure_allowed(permissions.can_manage_lists(actor))
    errors: list[dict] = []
    category = data.get("category") or ""
    if category not in NegativeEntry.Category.values:
        errors.append({"field": "category", "message": _("请选择类别")})
    text = str(data.get("text") or "").strip()
    if not text or len(text) > 2000:
        errors.append({"field": "text", "message": _("请填写内容（不超过 2000 字）")})
    basis = str(data.get("basis") or "").strip()
    if len(basis) > 300:
        errors.append({"field": "basis", "message": _("不能超过 %(n)s 字") % {"n": 300}})
    order = _int(data, "order", _("排序"), errors, default=0, high=9999)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(entry) if entry else None
    if entry is None:
        entry = NegativeEntry()
    entry.category, entry.text, entry.basis, entry.order = category, text, basis, order
    entry.save()
    audit.record(
        actor=actor,
        action="onestop.negative.save",
        obj=entry,
        summary=text[:100],
        before=before,
        after=audit.snapshot(entry),
    )
    return entry


@transaction.atomic
def negative_delete(*, actor, entry: NegativeEntry) -> None:
    ensure_allowed(permissions.can_manage_lists(actor))
    audit.record(
        actor=actor, action="onestop.negative.delete", obj=entry, summary=entry.text[:100], before=audit.snapshot(entry)
    )
    entry.delete()
