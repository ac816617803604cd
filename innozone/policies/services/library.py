"""Policy documents (政策文件) of the "1+N" system: the office creates and edits them (title, issuer, number,
dates, level, full text, owner, the framework policy an implementing rule hangs off), adds and removes
attachments, withdraws (废止) a policy, and the daily job marks a policy past its validity as expired (失效).
An expired or withdrawn policy stays readable; its clauses never match (selectors.library.clauses_in_force)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.selectors import office_organization, row_ref
from innozone.core.uploads import attachment_problem

from ..models import Policy, PolicyAttachment
from ..permissions import library as permissions
from .search import policy_index

TEXT_FIELDS = {"title": 200, "issuer": 200, "doc_number": 100, "source_url": 300}
OWNER_KINDS = ("government", "department", "committee", "leading_group", "leading_group_office")
DATE_FIELDS = ("issued_on", "effective_from", "effective_until")


def _date(value, field: str, errors: list) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append({"field": field, "message": _("日期格式应为 YYYY-MM-DD")})
        return None


def _clean(data: dict, policy: Policy | None) -> tuple[dict, list[dict]]:
    errors: list[dict] = []
    out: dict = {}
    for field, limit in TEXT_FIELDS.items():
        out[field] = str(data.get(field) or "").strip()
        if len(out[field]) > limit:
            errors.append({"field": field, "message": _("不超过 %(n)s 字") % {"n": limit}})
    if not out["title"]:
        errors.append({"field": "title", "message": _("请填写政策名称")})
    if not out["issuer"]:
        errors.append({"field": "issuer", "message": _("请填写发文机关")})
    if out["source_url"] and not out["source_url"].startswith(("http://", "https://")):
        errors.append({"field": "source_url", "message": _("原文链接须以 http:// 或 https:// 开头")})
    out["summary"] = str(data.get("summary") or "").strip()
    out["full_text"] = str(data.get("full_text") or "").strip()
    out["level"] = data.get("level") or Policy.Level.ZONE
    if out["level"] not in Policy.Level.values:
        errors.append({"field": "level", "message": _("请选择政策层级")})
    out["is_framework"] = bool(data.get("is_framework"))
    for field in DATE_FIELDS:
        out[field] = _date(data.get(field), field, errors)
    if out["effective_from"] and out["effective_until"] and out["effective_until"] < out["effective_from"]:
        errors.append({"field": "effective_until", "message": _("有效期至不能早于施行日期")})
    parent = row_ref(Policy, data.get("parent"))
    if parent is False:
        errors.append({"field": "parent", "message": _("所属框架政策不存在")})
        parent = None
    elif parent is not None:
        if not parent.is_framework:
            errors.append({"field": "parent", "message": _("“%(t)s”不是框架政策（“1”）") % {"t": parent.title}})
        elif policy is not None and _is_ancestor(policy, parent):
            errors.append({"field": "parent", "message": _("不能挂在自身或自身的实施细则之下")})
        elif parent.status == Policy.Status.WITHDRAWN:
            errors.append({"field": "parent", "message": _("所属框架政策已废止")})
    out["parent"] = parent
    owner = row_ref(Organization, data.get("owner"))
    if owner is False or (owner is not None and owner.kind not in OWNER_KINDS):
        errors.append({"field": "owner", "message": _("牵头单位须为政府、部门或管委会")})
        owner = None
    out["owner"] = owner
    if out["doc_number"]:
        clash = Policy.objects.filter(doc_number=out["doc_number"], issuer=out["issuer"])
        if policy is not None:
            clash = clash.exclude(pk=policy.pk)
        if clash.exists():
            errors.append({"field": "doc_number", "message": _("同一发文机关已有该文号的政策")})
    if policy is not None and policy.is_framework and not out["is_framework"] and policy.children.exists():
        errors.append({"field": "is_framework", "message": _("已有实施细则挂在该政策下，不能取消框架政策")})
    return out, errors


def _is_ancestor(policy: Policy, candidate: Policy) -> bool:
    """Whether `policy` is `candidate` or one of its ancestors (a cycle if hung there)."""
    seen = set()
    node = candidate
    while node is not None and node.pk not in seen:
        if node.pk == policy.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@transaction.atomic
def policy_create(*, actor, is_demo: bool = False, **data) -> Policy:
    """A new policy, as a draft (the owner defaults to the actor's unit, else the office)."""
    ensure_allowed(permissions.can_manage_policies(actor))
    values, errors = _clean(data, None)
    if errors:
        raise ValidationFailed(detail=errors)
    if values["owner"] is None:
        org = actor.organization if getattr(actor, "organization_id", None) else None
        values["owner"] = org if org is not None and org.kind in OWNER_KINDS else office_organization()
    policy = Policy.objects.create(**values, created_by=actor, is_demo=is_demo)
    policy_index(policy)
    audit.record(actor=actor, action="policies.policy.create", obj=policy, summary=policy.title, after=values)
    return policy


@transaction.atomic
def policy_update(*, actor, policy: Policy, **data) -> Policy:
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_edit_policy(actor, policy))
    values, errors = _clean(data, policy)
    if values["owner"] is None:
        values["owner"] = policy.owner
    if errors:
        raise ValidationFailed(detail=errors)
    ended = values["effective_until"] and values["effective_until"] < timezone.localdate()
    if policy.status == Policy.Status.PUBLISHED and ended:
        message = _("已发布政策的有效期不能改到今天之前，请使用废止")
        raise ValidationFailed(detail=[{"field": "effective_until", "message": message}])
    before = audit.snapshot(policy, list(values))
    for key, value in values.items():
        setattr(policy, key, value)
    policy.save()
    policy_index(policy)
    audit.record(
        actor=actor, action="policies.policy.update", obj=policy, summary=policy.title, before=before, after=values
    )
    return policy


@transaction.atomic
def policy_withdraw(*, actor, policy: Policy, reason: str) -> Policy:
    """废止: the policy stays readable, marked withdrawn; its clauses stop matching at once."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_withdraw(actor, policy))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写废止原因")}])
    before = policy.status
    policy.status = Policy.Status.WITHDRAWN
    policy.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="policies.policy.withdraw",
        obj=policy,
        summary=f"{policy.title}：{reason}"[:300],
        before={"status": before},
        after={"status": policy.status, "reason": reason},
    )
    return policy


@transaction.atomic
def policies_expire_due(*, today: dt.date | None = None, actor=None) -> list[Policy]:
    """Mark published policies whose validity ended before `today` as expired (失效); run daily. Returns them."""
    today = today or timezone.localdate()
    due = list(Policy.objects.select_for_update().filter(status=Policy.Status.PUBLISHED, effective_until__lt=today))
    for policy in due:
        policy.status = Policy.Status.EXPIRED
        policy.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="policies.policy.expire",
            obj=policy,
            summary=policy.title,
            after={"effective_until": policy.effective_until, "today": today},
        )
    return due


@transaction.atomic
def policy_attachment_add(*, actor, policy: Policy, upload, name: str = "") -> PolicyAttachment:
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_edit_policy(actor, policy))
    if upload is None:
        raise ValidationFailed(detail=[{"field": "file", "message": _("请选择要上传的文件")}])
    problem = attachment_problem(upload)
    if problem:
        raise ValidationFailed(problem, detail=[{"field": "file", "message": problem}])
    if policy.attachments.count() >= settings_max():
        raise Conflict(_("每个政策最多 %(n)s 个附件") % {"n": settings_max()})
    label = (name or "").strip() or upload.name
    attachment = PolicyAttachment.objects.create(policy=policy, name=label[:200], file=upload, uploaded_by=actor)
    audit.record(actor=actor, action="policies.attachment.add", obj=policy, summary=f"{policy.title}：{label}"[:300])
    return attachment


@transaction.atomic
def policy_attachment_remove(*, actor, attachment: PolicyAttachment) -> None:
    policy = Policy.objects.select_for_update().get(pk=attachment.policy_id)
    ensure_allowed(permissions.can_edit_policy(actor, policy))
    label = attachment.name
    attachment.file.delete(save=False)
    attachment.delete()
    audit.record(actor=actor, action="policies.attachment.remove", obj=policy, summary=f"{policy.title}：{label}"[:300])


def settings_max() -> int:
    return getattr(settings, "INNOZONE_POLICIES_MAX_ATTACHMENTS", 20)


@transaction.atomic
def policy_delete(*, actor, policy: Policy) -> None:
    """A draft that was never published, with no implementing rules under it, may be deleted (with its draft
    clauses, attachments and reviews); a published policy is withdrawn instead."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_edit_policy(actor, policy))
    if policy.status != Policy.Status.DRAFT or policy.published_at is not None:
        raise ValidationFailed(_("只有从未发布过的草稿政策可以删除；已发布的政策请废止"))
    if policy.children.exists():
        raise ValidationFailed(_("已有实施细则挂在该政策下，不能删除"))
    if policy.fair_reviews.exclude(approval=None).exists():
        raise ValidationFailed(_("已提交公平竞争审查的政策不能删除"))
    if policy.clauses.exclude(status="draft").exists() or policy.clauses.filter(grant_lists__isnull=False).exists():
        raise ValidationFailed(_("该政策有已发布或已兑现的条款，不能删除"))
    snapshot = audit.snapshot(policy, ["title", "issuer", "doc_number", "level", "status"])
    pk, title = policy.pk, policy.title
    for attachment in policy.attachments.all():
        attachment.file.delete(save=False)
    policy.delete()
    audit.record(
        actor=actor,
        action="policies.policy.delete",
        object_type="policies.Policy",
        object_id=pk,
        summary=title,
        before=snapshot,
    )
