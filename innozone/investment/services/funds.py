"""Funds in place (到位资金): a project's money actually invested, reported by month and kind (固定资产投资 /
流动资金). One row per project × month × kind: a second report of the same month and kind corrects the row and
writes a new money event (`investment.funds`) — the ledger keeps every version. Funds are reported once the
project is signed (签约) and not for a month before the signing month or after the current month."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.money import parse_money

from ..engine import stages
from ..models import FundsInPlace, Project
from ..permissions import projects as permissions
from . import events

NOTE_MAX = 200
ORIGIN_MAX = 100


def parse_month(value, problems: list, *, field: str = "month", row: int | None = None) -> dt.date | None:
    """ "2026-05", "2026-05-01" or a date → the first day of that month."""
    extra = {"row": row} if row is not None else {}
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    if not text:
        problems.append({"field": field, "message": _("请填写月份"), **extra})
        return None
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        problems.append({"field": field, "message": _("月份“%(v)s”格式不正确（应为 YYYY-MM）") % {"v": text}, **extra})
        return None


@transaction.atomic
def funds_report(
    *, actor, project: Project, month, amount, kind: str = FundsInPlace.Kind.FIXED, origin: str = "", note: str = ""
) -> FundsInPlace:
    """Report (or correct) the funds in place of a month and kind."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_allowed(permissions.can_edit_project(actor, project))
    problems: list = []
    first = parse_month(month, problems)
    value = parse_money(amount, field="amount", errors=problems)
    if kind not in FundsInPlace.Kind.values:
        problems.append({"field": "kind", "message": _("请选择资金构成（固定资产投资或流动资金）")})
    origin, note = (origin or "").strip(), (note or "").strip()
    if len(origin) > ORIGIN_MAX:
        problems.append({"field": "origin", "message": _("资金来源地不能超过 %(n)s 字") % {"n": ORIGIN_MAX}})
    if len(note) > NOTE_MAX:
        problems.append({"field": "note", "message": _("说明不能超过 %(n)s 字") % {"n": NOTE_MAX}})
    if not stages.reached(project.stage, "signed") or project.signed_on is None:
        problems.append({"field": "project", "message": _("项目签约后才能填报到位资金")})
    elif first is not None and first < project.signed_on.replace(day=1):
        problems.append(
            {
                "field": "month",
                "message": _("月份不能早于签约月份（%(m)s）") % {"m": project.signed_on.strftime("%Y-%m")},
            }
        )
    if first is not None and first > timezone.localdate().replace(day=1):
        problems.append({"field": "month", "message": _("不能填报未来月份的到位资金")})
    if problems:
        raise ValidationFailed(_("到位资金填报有误"), detail=problems)
    row = FundsInPlace.objects.select_for_update().filter(project=project, month=first, kind=kind).first()
    if row is None:
        row = FundsInPlace.objects.create(
            project=project, month=first, kind=kind, amount=value, origin=origin, note=note, reported_by=actor
        )
        summary = _("填报到位资金 %(m)s %(a)s 元") % {"m": first.strftime("%Y-%m"), "a": f"{value:,.2f}"}
    else:
        old = row.amount
        row.amount, row.origin, row.note, row.reported_by = value, origin or row.origin, note or row.note, actor
        row.save(update_fields=["amount", "origin", "note", "reported_by"])
        summary = _("更正到位资金 %(m)s：%(o)s → %(a)s 元") % {
            "m": first.strftime("%Y-%m"), "o": f"{old:,.2f}", "a": f"{value:,.2f}"
        }  # fmt: skip
    org_id = project.enterprise_id or project.responsible_id
    events.funds_changed(actor=actor, row=row, organization_id=org_id, note=summary)
    today = timezone.localdate()
    if project.last_progress_on < today:
        project.last_progress_on = today
        project.save(update_fields=["last_progress_on", "updated_at"])
    return row
