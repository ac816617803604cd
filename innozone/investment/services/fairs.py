"""Fairs (节会: 兰洽会, 兰州科技成果博览会, other promotions): the office records them; projects name their fair."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed

from ..models import Fair
from ..permissions import projects as permissions


def _date(value, field: str, label: str, problems: list) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        problems.append({"field": field, "message": _("请填写%(d)s（YYYY-MM-DD）") % {"d": label}})
        return None


@transaction.atomic
def fair_create(*, actor, name: str, kind: str, starts_on, ends_on, location: str = "") -> Fair:
    ensure_allowed(permissions.can_manage_fairs(actor))
    problems: list = []
    name, location = (name or "").strip(), (location or "").strip()
    if not name:
        problems.append({"field": "name", "message": _("请填写节会名称")})
    if len(name) > 200:
        problems.append({"field": "name", "message": _("节会名称不能超过 200 字")})
    if len(location) > 100:
        problems.append({"field": "location", "message": _("地点不能超过 100 字")})
    if kind not in Fair.Kind.values:
        problems.append({"field": "kind", "message": _("请选择节会类型")})
    start = _date(starts_on, "starts_on", _("开始日期"), problems)
    end = _date(ends_on, "ends_on", _("结束日期"), problems)
    if start and end and end < start:
        problems.append({"field": "ends_on", "message": _("结束日期不能早于开始日期")})
    if problems:
        raise ValidationFailed(detail=problems)
    if Fair.objects.filter(kind=kind, year=start.year, name=name).exists():
        raise ValidationFailed(detail=[{"field": "name", "message": _("同名节会已存在")}])
    fair = Fair.objects.create(name=name, kind=kind, year=start.year, starts_on=start, ends_on=end, location=location)
    audit.record(actor=actor, action="investment.fair_create", obj=fair, summary=name)
    return fair
