"""Platform records: register (the host or the office), edit, change status (the office: 运行, 整改, 撤销)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.enterprises import selectors as registry

from .. import permissions
from ..models import Kind, Level, Platform
from .history import event_add

EDITABLE = ("name", "kind_id", "level", "tier", "field", "description")
STATUS_MOVES = {
    Platform.Status.RECOGNISED: {Platform.Status.OPERATING, Platform.Status.RECTIFYING, Platform.Status.REVOKED},
    Platform.Status.OPERATING: {Platform.Status.RECTIFYING, Platform.Status.REVOKED},
    Platform.Status.RECTIFYING: {Platform.Status.OPERATING, Platform.Status.REVOKED},
    Platform.Status.CULTIVATING: {Platform.Status.REVOKED},
    Platform.Status.REVOKED: set(),
}


def _validate(data: dict, *, host: Organization | None, platform: Platform | None = None) -> list[dict]:
    problems = []
    name = (data.get("name") or "").strip()
    if not name:
        problems.append({"field": "name", "message": _("请填写平台名称")})
    elif len(name) > 200:
        problems.append({"field": "name", "message": _("平台名称不能超过 200 个字")})
    elif host is not None:
        clash = Platform.objects.filter(name=name, host=host)
        if platform is not None:
            clash = clash.exclude(pk=platform.pk)
        if clash.exists():
            problems.append({"field": "name", "message": _("该依托单位已有同名平台")})
    if not Kind.objects.filter(pk=data.get("kind_id") or 0, active=True).exists():
        problems.append({"field": "kind", "message": _("请选择平台类型")})
    if data.get("level") not in Level.values:
        problems.append({"field": "level", "message": _("请选择级别")})
    if len((data.get("field") or "").strip()) > 30:
        problems.append({"field": "field", "message": _("技术领域不能超过 30 个字")})
    if len((data.get("tier") or "").strip()) > 20:
        problems.append({"field": "tier", "message": _("等级不能超过 20 个字")})
    return problems


def _host(host_id) -> tuple[Organization | None, object]:
    try:
        host = Organization.objects.filter(pk=int(host_id)).first()
    except (TypeError, ValueError):
        host = None
    return host, registry.enterprise_of(host.pk) if host else None


@transaction.atomic
def platform_create(*, actor, host_id, **data) -> Platform:
    """Register a platform (status 培育 until recognised). The host must have an entry in the registry."""
    ensure_allowed(permissions.can_register(actor))
    if not permissions.can_manage(actor)[0]:
        host_id = actor.organization_id  # a host registers its own platforms only
    host, entry = _host(host_id)
    problems = _validate(data, host=host)
    if host is None:
        problems.append({"field": "host", "message": _("请选择依托单位")})
    elif entry is None:
        problems.append({"field": "host", "message": _("依托单位尚未在企业库登记，请先登记")})
    if problems:
        raise ValidationFailed(detail=problems)
    platform = Platform.objects.create(
        host=host,
        region_id=entry.park_id or entry.region_id,
        **{k: (data.get(k) or "").strip() if isinstance(data.get(k), str) else data.get(k) for k in EDITABLE},
    )
    event_add(actor=actor, subject=platform, action="create", after=platform.status)
    audit.record(actor=actor, action="platforms.platform.create", obj=platform, summary=platform.name)
    return platform


@transaction.atomic
def platform_update(*, actor, platform: Platform, **data) -> Platform:
    ensure_allowed(permissions.can_edit(actor, platform))
    platform = Platform.objects.select_for_update().get(pk=platform.pk)
    merged = {k: getattr(platform, k) for k in EDITABLE} | {k: v for k, v in data.items() if k in EDITABLE}
    problems = _validate(merged, host=platform.host, platform=platform)
    if problems:
        raise ValidationFailed(detail=problems)
    before = {k: str(getattr(platform, k)) for k in EDITABLE}
    for k in EDITABLE:
        value = merged[k]
        setattr(platform, k, value.strip() if isinstance(value, str) else value)
    platform.save()
    event_add(actor=actor, subject=platform, action="update")
    audit.record(
        actor=actor,
        action="platforms.platform.update",
        obj=platform,
        summary=platform.name,
        before=before,
        after={k: str(getattr(platform, k)) for k in EDITABLE},
    )
    return platform


@transaction.atomic
def platform_status(*, actor, platform: Platform, status: str, note: str) -> Platform:
    """The office moves a platform: 运行, 整改 (with a reason), 撤销 (with a reason)."""
    ensure_allowed(permissions.can_manage(actor))
    platform = Platform.objects.select_for_update().get(pk=platform.pk)
    note = (note or "").strip()
    problems = []
    if status not in STATUS_MOVES.get(platform.status, set()):
        problems.append(
            {
                "field": "status",
                "message": _("平台当前为“%(s)s”，不能改为该状态") % {"s": platform.get_status_display()},
            }
        )
    if status in (Platform.Status.RECTIFYING, Platform.Status.REVOKED) and len(note) < 2:
        problems.append({"field": "note", "message": _("整改或撤销须写明原因")})
    if len(note) > 300:
        problems.append({"field": "note", "message": _("说明不能超过 300 个字")})
    if problems:
        raise ValidationFailed(detail=problems)
    before = platform.status
    platform.status = status
    platform.save(update_fields=["status", "updated_at"])
    event_add(actor=actor, subject=platform, action="status", before=before, after=status, note=note)
    audit.record(
        actor=actor,
        action="platforms.platform.status",
        obj=platform,
        summary=platform.name,
        before={"status": before},
        after={"status": status, "note": note},
    )
    return platform
