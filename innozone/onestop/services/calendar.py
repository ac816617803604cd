"""The office's entries in the working-day calendar (core.WorkdayOverride): the next year's holidays and 调休
working weekends when the State Council has published them before `chinese-calendar` has, or a local closure.
Every entry has a reason; an entry that repeats what the package already says is refused (it would hide a later
correction of the package); ranges are entered in one go (a 7-day holiday is one act)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit, workdays
from innozone.core.errors import NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import WorkdayOverride

from ..permissions import catalogue as permissions
from ..selectors.calendar import YEAR_MAX, YEAR_MIN

MAX_RANGE_DAYS = 31


def parse_day(value, field: str, errors: list) -> dt.date | None:
    if isinstance(value, dt.date):
        day = value
    else:
        text = str(value or "").strip()
        if not text:
            errors.append({"field": field, "message": _("请填写日期")})
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            errors.append({"field": field, "message": _("“%(v)s”不是有效日期（格式 YYYY-MM-DD）") % {"v": text[:20]}})
            return None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        errors.append({"field": field, "message": _("日期须在 %(a)s 到 %(b)s 年之间") % {"a": YEAR_MIN, "b": YEAR_MAX}})
        return None
    return day


def _refresh_clocks(days: list[dt.date]) -> None:
    """Open cases' due dates move with the calendar: the cases part recomputes them when it offers the hook."""
    try:
        from . import cases
    except ImportError:  # the cases part is not installed
        return
    refresh = getattr(cases, "cases_refresh_due", None)
    if refresh is not None and days:
        refresh(since=min(days))


@transaction.atomic
def override_set(*, actor, day, day_to=None, is_workday, note: str) -> list[WorkdayOverride]:
    """Mark `day` (to `day_to`, inclusive) as a working day or a day off, with a reason."""
    ensure_allowed(permissions.can_manage_calendar(actor))
    errors: list[dict] = []
    first = parse_day(day, "day", errors)
    last = parse_day(day_to, "day_to", errors) if day_to not in (None, "") else first
    note = (note or "").strip()
    if not note or len(note) > 100:
        errors.append({"field": "note", "message": _("请填写调整原因（不超过 100 字），如“2027年春节放假”")})
    if not isinstance(is_workday, bool):
        errors.append({"field": "is_workday", "message": _("请选择工作日或休息日")})
    if first and last:
        if last < first:
            errors.append({"field": "day_to", "message": _("结束日期不能早于开始日期")})
        elif (last - first).days >= MAX_RANGE_DAYS:
            errors.append({"field": "day_to", "message": _("一次最多调整 %(n)s 天") % {"n": MAX_RANGE_DAYS}})
    if errors:
        raise ValidationFailed(detail=errors)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    same = [d for d in days if workdays.package_is_workday(d) is is_workday]
    if same and len(same) == len(days):
        state = _("工作日") if is_workday else _("休息日")
        raise ValidationFailed(
            detail=[
                {
                    "field": "day",
                    "message": _("官方日历中%(d)s已是%(s)s，无需调整")
                    % {"d": "、".join(d.isoformat() for d in same[:5]), "s": state},
                }
            ]
        )
    saved = []
    for d in days:
        if d in same:  # the package says the same: no entry needed (an old opposite entry goes)
            old = WorkdayOverride.objects.select_for_update().filter(day=d).first()
            if old is not None:
                audit.record(
                    actor=actor,
                    action="onestop.calendar.remove",
                    obj=old,
                    summary=f"{d.isoformat()} {note}",
                    before={"is_workday": old.is_workday, "note": old.note},
                )
                old.delete()
            continue
        before = WorkdayOverride.objects.select_for_update().filter(day=d).first()
        entry, _created = WorkdayOverride.objects.update_or_create(
            day=d,
            defaults={
                "is_workday": is_workday,
                "note": note,
                "created_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        audit.record(
            actor=actor,
            action="onestop.calendar.set",
            obj=entry,
            summary=f"{d.isoformat()} {'工作日' if is_workday else '休息日'} {note}",
            before={"is_workday": before.is_workday, "note": before.note} if before else None,
            after={"is_workday": is_workday, "note": note},
        )
        saved.append(entry)
    _refresh_clocks(days)
    return saved


@transaction.atomic
def override_remove(*, actor, day) -> None:
    ensure_allowed(permissions.can_manage_calendar(actor))
    errors: list[dict] = []
    d = parse_day(day, "day", errors)
    if errors:
        raise ValidationFailed(detail=errors)
    entry = WorkdayOverride.objects.select_for_update().filter(day=d).first()
    if entry is None:
        raise NotFound(_("%(d)s 没有办公室的调整") % {"d": d.isoformat()})
    audit.record(
        actor=actor,
        action="onestop.calendar.remove",
        obj=entry,
        summary=f"{d.isoformat()} {entry.note}",
        before={"is_workday": entry.is_workday, "note": entry.note},
    )
    entry.delete()
    _refresh_clocks([d])
