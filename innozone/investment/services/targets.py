"""The target list (招商目标库): outside companies to attract for a chain's link, with their status from
identified to signed (or dropped); kept by the office and the chain's lead unit, each change audited."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed

from ..models import Chain, Link, Project, Target
from ..permissions import chains as permissions

USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
FIELDS = ("company", "uscc", "location", "ranking", "reason", "priority", "status", "project")
LIMITS = {"company": 200, "location": 100, "ranking": 100, "reason": 2000}


def clean(data: dict, link: Link, target: Target | None, *, row=None) -> tuple[dict, list[dict]]:
    errors: list[dict] = []
    where = {"row": row} if row is not None else {}
    out: dict = {}
    for field, limit in LIMITS.items():
        out[field] = str(data.get(field) or "").strip()
        if len(out[field]) > limit:
            errors.append({"field": field, "message": _("不超过 %(n)s 字") % {"n": limit}, **where})
    if not out["company"]:
        errors.append({"field": "company", "message": _("请填写目标企业名称"), **where})
    out["uscc"] = str(data.get("uscc") or "").strip().upper()
    if out["uscc"] and not USCC.match(out["uscc"]):
        errors.append({"field": "uscc", "message": _("统一社会信用代码应为 18 位"), **where})
    priority = str(data.get("priority") or "2").strip()
    if priority not in ("1", "2", "3"):
        errors.append({"field": "priority", "message": _("优先级须为 1（高）、2（中）或 3（低）"), **where})
        priority = "2"
    out["priority"] = int(priority)
    out["status"] = str(data.get("status") or Target.Status.IDENTIFIED).strip()
    if out["status"] not in Target.Status.values:
        errors.append({"field": "status", "message": _("请选择状态"), **where})
    project = data.get("project")
    if project in (None, ""):
        out["project"] = None
    else:
        text = str(getattr(project, "pk", project)).strip()
        found = Project.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 18 else None
        if found is None:
            found = Project.objects.filter(code=text).first()
        if found is None:
            errors.append({"field": "project", "message": _("招商项目“%(p)s”不存在") % {"p": text}, **where})
        out["project"] = found
    if out["status"] == Target.Status.SIGNED and out.get("project") is None:
        errors.append({"field": "project", "message": _("已签约的目标须关联招商项目"), **where})
    if out["company"]:
        clash = Target.objects.filter(link=link, company=out["company"])
        if target is not None:
            clash = clash.exclude(pk=target.pk)
        if clash.exists():
            errors.append(
                {"field": "company", "message": _("该环节的目标库中已有“%(c)s”") % {"c": out["company"]}, **where}
            )
    return out, errors


@transaction.atomic
def target_create(*, actor, link: Link, **data) -> Target:
    chain = Chain.objects.select_for_update().get(pk=link.chain_id)
    ensure_allowed(permissions.can_manage_targets(actor, chain))
    values, errors = clean(data, link, None)
    if errors:
        raise ValidationFailed(detail=errors)
    target = Target.objects.create(link=link, **values)
    audit.record(
        actor=actor,
        action="investment.target.create",
        obj=target,
        summary=f"{link.name}：{target.company}"[:300],
        after={**values, "project": getattr(values["project"], "pk", None)},
    )
    return target


@transaction.atomic
def target_update(*, actor, target: Target, **data) -> Target:
    target = Target.objects.select_for_update().select_related("link__chain").get(pk=target.pk)
    ensure_allowed(permissions.can_manage_targets(actor, target.link.chain))
    merged = {f: getattr(target, f) for f in FIELDS if f != "project"} | {"project": target.project_id} | data
    values, errors = clean(merged, target.link, target)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(target, list(FIELDS))
    for key, value in values.items():
        setattr(target, key, value)
    target.save()
    audit.record(
        actor=actor,
        action="investment.target.update",
        obj=target,
        summary=f"{target.link.name}：{target.company}"[:300],
        before=before,
        after={**values, "project": getattr(values["project"], "pk", None)},
    )
    return target


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    target = Target.objects.select_for_update().select_related("link__chain").get(pk=target.pk)
    ensure_allowed(permissions.can_manage_targets(actor, target.link.chain))
    pk = target.pk
    snapshot = audit.snapshot(target, list(FIELDS))
    summary = f"{target.link.name}：{target.company}"[:300]
    target.delete()
    audit.record(
        actor=actor,
        action="investment.target.delete",
        object_type="investment.Target",
        object_id=pk,
        summary=summary,
        before=snapshot,
    )
