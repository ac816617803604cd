"""Chains (产业链) and their nested links (环节), kept by the office and by the chain's lead unit: create,
edit and delete with every problem listed at once, each change audited. Placing registry enterprises on links
(with their output value in a year) is in chains_placements.py; the import of a chain from Excel in
chains_import.py."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_decimal
from innozone.core.selectors import row_ref

from ..models import Chain, Link
from ..permissions import chains as permissions

CODE = re.compile(r"^[A-Za-z0-9_-]{1,30}$")
#: GB/T 4754 codes: a section letter and 2 to 4 digits (门类字母 + 大类/中类/小类), e.g. C3240
INDUSTRY_CODE = re.compile(r"^[A-T]\d{2,4}$")
LEAD_KINDS = ("government", "department", "committee", "leading_group", "leading_group_office")
MAX_DEPTH = 5  # chain level 1..5 (research 6.3)
LINK_FIELDS = ("name", "segment", "parent", "industry_codes", "min_enterprises", "min_output", "is_key", "order")


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "是", "y")
    return bool(value)


def _int(value, field: str, errors: list, *, default: int, low: int, high: int, row=None) -> int:
    if value in (None, ""):
        return default
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        errors.append(
            {"field": field, "message": _("须为 %(a)s 到 %(b)s 之间的整数") % {"a": low, "b": high}}
            | ({"row": row} if row is not None else {})
        )
        return default
    return int(text)


def industry_codes(value, errors: list, *, row=None) -> list[str]:
    """Codes from a list or a text separated by commas, spaces or 、; each a GB/T 4754 code."""
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,，、;；]+", str(value))
    codes = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if not INDUSTRY_CODE.match(code):
            errors.append(
                {"field": "industry_codes", "message": _("“%(c)s”不是国民经济行业代码（如 C3240）") % {"c": item}}
                | ({"row": row} if row is not None else {})
            )
        elif code not in codes:
            codes.append(code)
    if len(codes) > 30:
        errors.append({"field": "industry_codes", "message": _("行业代码最多 30 个")})
    return codes


# ------------------------------------------------------------------------------------------------- chains


def _clean_chain(data: dict, chain: Chain | None) -> tuple[dict, list[dict]]:
    errors: list[dict] = []
    out = {
        "code": str(data.get("code") or "").strip(),
        "name": str(data.get("name") or "").strip(),
        "description": str(data.get("description") or "").strip(),
        "is_leading": _bool(data.get("is_leading", True)),
    }
    if not out["code"]:
        errors.append({"field": "code", "message": _("请填写产业链编码")})
    elif not CODE.match(out["code"]):
        errors.append({"field": "code", "message": _("编码只能由字母、数字、下划线和短横线组成，不超过 30 位")})
    else:
        clash = Chain.objects.filter(code=out["code"])
        if chain is not None:
            clash = clash.exclude(pk=chain.pk)
        if clash.exists():
            errors.append({"field": "code", "message": _("编码“%(c)s”已被其他产业链使用") % {"c": out["code"]}})
    if not out["name"]:
        errors.append({"field": "name", "message": _("请填写产业链名称")})
    elif len(out["name"]) > 100:
        errors.append({"field": "name", "message": _("不超过 %(n)s 字") % {"n": 100}})
    out["order"] = _int(data.get("order"), "order", errors, default=0, low=0, high=999)
    lead = row_ref(Organization, data.get("lead"))
    if lead is False or (lead is not None and lead.kind not in LEAD_KINDS):
        errors.append({"field": "lead", "message": _("牵头单位须为政府、部门或管委会")})
        lead = None
    out["lead"] = lead
    return out, errors


@transaction.atomic
def chain_create(*, actor, is_demo: bool = False, **data) -> Chain:
    ensure_allowed(permissions.can_manage_chains(actor))
    values, errors = _clean_chain(data, None)
    if errors:
        raise ValidationFailed(detail=errors)
    chain = Chain.objects.create(**values, is_demo=is_demo)
    audit.record(actor=actor, action="investment.chain.create", obj=chain, summary=chain.name, after=values)
    return chain


@transaction.atomic
def chain_update(*, actor, chain: Chain, **data) -> Chain:
    chain = Chain.objects.select_for_update().get(pk=chain.pk)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    values, errors = _clean_chain(data, chain)
    if errors:
        raise ValidationFailed(detail=errors)
    if values["lead"] != chain.lead and not permissions.can_manage_chains(actor)[0]:
        raise ValidationFailed(detail=[{"field": "lead", "message": _("牵头单位只能由自创区办公室调整")}])
    before = audit.snapshot(chain, list(values))
    for key, value in values.items():
        setattr(chain, key, value)
    chain.save()
    audit.record(
        actor=actor, action="investment.chain.update", obj=chain, summary=chain.name, before=before, after=values
    )
    return chain


@transaction.atomic
def chain_delete(*, actor, chain: Chain) -> None:
    """A chain whose links no project fills may be deleted, with its links, placements and targets."""
    chain = Chain.objects.select_for_update().get(pk=chain.pk)
    ensure_allowed(permissions.can_manage_chains(actor))
    from ..models import Project

    if Project.objects.filter(link__chain=chain).exists():
        raise Conflict(_("已有招商项目对应该产业链的环节，不能删除；请先调整项目的补链环节"))
    pk, name = chain.pk, chain.name
    counts = {"links": chain.links.count()}
    chain.delete()
    audit.record(
        actor=actor,
        action="investment.chain.delete",
        object_type="investment.Chain",
        object_id=pk,
        summary=name,
        before=counts,
    )


# -------------------------------------------------------------------------------------------------- links


def depth_of(link: Link | None) -> int:
    """1 for a top-level link (None: 0)."""
    depth, seen = 0, set()
    while link is not None and link.pk not in seen:
        seen.add(link.pk)
        depth += 1
        link = link.parent
    return depth


def subtree_height(link: Link) -> int:
    """Levels in the link's subtree, itself included (1 for a leaf)."""
    below = Link.objects.filter(parent=link)
    return 1 + max((subtree_height(child) for child in below), default=0)


def _clean_link(
    chain: Chain, data: dict, link: Link | None, *, row=None, clash: bool = True
) -> tuple[dict, list[dict]]:
    errors: list[dict] = []
    where = {"row": row} if row is not None else {}
    out: dict = {"name": str(data.get("name") or "").strip()}
    if not out["name"]:
        errors.append({"field": "name", "message": _("请填写环节名称"), **where})
    elif len(out["name"]) > 100:
        errors.append({"field": "name", "message": _("不超过 %(n)s 字") % {"n": 100}, **where})
    parent = row_ref(Link, data.get("parent"))
    if parent is False or (parent is not None and parent.chain_id != chain.pk):
        errors.append({"field": "parent", "message": _("上级环节不属于该产业链"), **where})
        parent = None
    segment = str(data.get("segment") or "").strip()
    if parent is not None and not segment:
        segment = parent.segment
    if segment not in Link.Segment.values:
        errors.append({"field": "segment", "message": _("请选择链位（上游、中游或下游）"), **where})
    elif parent is not None and parent.segment != segment:
        errors.append({"field": "segment", "message": _("下级环节的链位须与上级环节一致"), **where})
    if parent is not None and link is not None:
        node, seen = parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == link.pk:
                errors.append({"field": "parent", "message": _("不能挂在自身或自身的下级环节之下"), **where})
                break
            seen.add(node.pk)
            node = node.parent
    if parent is not None and not any(e["field"] == "parent" for e in errors):
        height = subtree_height(link) if link is not None and link.pk else 1
        if depth_of(parent) + height > MAX_DEPTH:
            errors.append({"field": "parent", "message": _("环节最多 %(n)s 级") % {"n": MAX_DEPTH}, **where})
    out["parent"] = parent
    out["segment"] = segment
    out["industry_codes"] = industry_codes(data.get("industry_codes"), errors, row=row)
    out["min_enterprises"] = _int(
        data.get("min_enterprises"), "min_enterprises", errors, default=1, low=0, high=9999, row=row
    )
    out["min_output"] = parse_decimal(
        data.get("min_output"), field="min_output", errors=errors, required=False, places=2, row=row
    )
    out["is_key"] = _bool(data.get("is_key"))
    out["order"] = _int(data.get("order"), "order", errors, default=0, low=0, high=9999, row=row)
    if clash and out["name"] and not any(e["field"] == "parent" for e in errors):
        clash = Link.objects.filter(chain=chain, parent=parent, name=out["name"])
        if link is not None and link.pk:
            clash = clash.exclude(pk=link.pk)
        if clash.exists():
            errors.append({"field": "name", "message": _("同一上级下已有环节“%(n)s”") % {"n": out["name"]}, **where})
    return out, errors


@transaction.atomic
def link_create(*, actor, chain: Chain, **data) -> Link:
    chain = Chain.objects.select_for_update().get(pk=chain.pk)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    values, errors = _clean_link(chain, data, None)
    if errors:
        raise ValidationFailed(detail=errors)
    link = Link.objects.create(chain=chain, **values)
    audit.record(
        actor=actor, action="investment.link.create", obj=link, summary=f"{chain.name}：{link.name}", after=values
    )
    return link


@transaction.atomic
def link_update(*, actor, link: Link, **data) -> Link:
    chain = Chain.objects.select_for_update().get(pk=link.chain_id)
    link = Link.objects.get(pk=link.pk)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    values, errors = _clean_link(chain, data, link)
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(link, list(LINK_FIELDS))
    for key, value in values.items():
        setattr(link, key, value)
    link.save()
    if values["segment"] != before.get("segment"):
        _segment_down(link)  # the sub-links follow: they share their parent's segment
    audit.record(
        actor=actor,
        action="investment.link.update",
        obj=link,
        summary=f"{chain.name}：{link.name}",
        before=before,
        after=values,
    )
    return link


def _segment_down(link: Link) -> None:
    for child in Link.objects.filter(parent=link):
        if child.segment != link.segment:
            child.segment = link.segment
            child.save(update_fields=["segment"])
        _segment_down(child)


@transaction.atomic
def link_delete(*, actor, link: Link) -> None:
    """A link without sub-links, placements, targets or projects may be deleted."""
    chain = Chain.objects.select_for_update().get(pk=link.chain_id)
    link = Link.objects.get(pk=link.pk)
    ensure_allowed(permissions.can_edit_chain(actor, chain))
    problems = []
    if link.children.exists():
        problems.append(_("请先删除或移走其下级环节"))
    if link.placements.exists():
        problems.append(_("请先移除其上的企业"))
    if link.targets.exists():
        problems.append(_("请先删除其招商目标"))
    if link.projects.exists():
        problems.append(_("已有招商项目对应该环节"))
    if problems:
        raise Conflict(_("该环节不能删除：") + _("；").join(problems), detail=[{"message": p} for p in problems])
    pk, name = link.pk, link.name
    snapshot = audit.snapshot(link, ["name", "segment", "parent", "industry_codes", "min_enterprises", "is_key"])
    link.delete()
    audit.record(
        actor=actor,
        action="investment.link.delete",
        object_type="investment.Link",
        object_id=pk,
        summary=f"{chain.name}：{name}",
        before=snapshot,
    )
