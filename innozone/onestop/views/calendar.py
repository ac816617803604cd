"""The office's working-day calendar (/services/calendar/): a year's months with holidays, 调休 working days and
the office's entries, the entries with their reasons, adding and removing one (or a range), a warning when the
next year is known to neither the package nor the office, and the year as Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import catalogue as exports
from ..permissions import catalogue as permissions
from ..selectors import calendar as selectors
from ..services import calendar as services


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if selectors.YEAR_MIN <= year <= selectors.YEAR_MAX else timezone.localdate().year


def _back(day: str):
    return redirect(f"{reverse('onestop:calendar')}?year={_year(str(day)[:4])}")


@login_required
@domain_view
def calendar_page(request):
    require(permissions.can_view_calendar(request.user))
    year = _year(request.GET.get("year"))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.calendar_workbook(selectors.days_list(year), year), f"calendar-{year}.xlsx")
    context = {
        "view": selectors.year_view(year),
        "year": year,
        "next_unknown": selectors.next_year_warning(),
        "can_manage": permissions.can_manage_calendar(request.user)[0],
        "weekdays": [str(w) for w in exports.WEEKDAYS],
    }
    return render(request, "onestop/calendar.html", context)


@require_POST
@login_required
@domain_view
def calendar_set(request):
    require(permissions.can_manage_calendar(request.user))
    kind = request.POST.get("kind", "")
    try:
        saved = services.override_set(
            actor=request.user,
            day=request.POST.get("day", ""),
            day_to=request.POST.get("day_to", ""),
            is_workday={"workday": True, "holiday": False}.get(kind, kind),
            note=request.POST.get("note", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已保存 %(n)s 天的调整") % {"n": len(saved)})
    return _back(request.POST.get("day", ""))


@require_POST
@login_required
@domain_view
def calendar_remove(request):
    require(permissions.can_manage_calendar(request.user))
    day = request.POST.get("day", "")
    try:
        services.override_remove(actor=request.user, day=day)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已删除 %(d)s 的调整") % {"d": day})
    return _back(day)
