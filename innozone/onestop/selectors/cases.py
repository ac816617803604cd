"""Reads of cases (办件): the cases a user may see, the department's queue, one case with everything its page
shows, and the legal clock of a case from the clock engine (onestop.engine.clock) on the official calendar
(core.workdays).

The clock of a case starts on the day of acceptance (that day is not counted) and runs for `limit_days`
working days; the pauses (补正 after acceptance, expert review, hearing, test, 公示) do not count. Before
acceptance and after a refusal or withdrawal a case has no clock; after the decision the clock is `done`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from innozone.core import workdays
from innozone.core.errors import NotFound
from innozone.core.permissions import sees_all

from ..engine import clock as clock_engine
from ..models import Case, ClockPause, ServiceItem
from ..permissions import cases as permissions

OPEN = permissions.OPEN
RUNNING = (Case.Status.ACCEPTED, Case.Status.BRANCHES, Case.Status.PAUSED)
LEVELS = ("green", "yellow", "red", "overdue", "paused", "done")


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def today() -> dt.date:
    return timezone.localdate()


def _base():
    return Case.objects.select_related("item", "item__department", "applicant").prefetch_related("pauses")


def cases_for(user):
    """Every case the user may see: the office, leaders and auditors all; others their organization's own
    applications, and the cases of the items their organization handles or takes a parallel branch of."""
    qs = _base()
    if sees_all(user):
        return qs
    org = getattr(user, "organization_id", None) if user.is_authenticated else None
    if not org:
        return qs.none()
    return qs.filter(Q(applicant_id=org) | Q(item__department_id=org) | Q(item__branch_departments__id=org)).distinct()


def cases_mine(user):
    org = getattr(user, "organization_id", None) if user.is_authenticated else None
    return _base().filter(applicant_id=org) if org else Case.objects.none()


def cases_queue(user, *, tab: str = "accept"):
    """The department's work: to accept (submitted), 补正 out, in progress (accepted, branches, paused), finished;
    branch departments see the cases of the items they take a branch of."""
    org = getattr(user, "organization_id", None) if user.is_authenticated else None
    if not org:
        return Case.objects.none()
    qs = _base().filter(Q(item__department_id=org) | Q(item__branch_departments__id=org)).distinct()
    by_tab = {
        "accept": [Case.Status.SUBMITTED],
        "correcting": [Case.Status.CORRECTING],
        "progress": list(RUNNING),
        "finished": [Case.Status.APPROVED, Case.Status.DENIED, Case.Status.REFUSED, Case.Status.WITHDRAWN],
    }
    if tab == "warnings":
        return qs.filter(status__in=RUNNING).order_by("due_on", "pk")
    if tab not in ("progress", "finished"):  # acceptance and 补正 are the lead department's alone
        qs = _base().filter(item__department_id=org)
    return qs.filter(status__in=by_tab.get(tab, by_tab["accept"]))


def case_search(qs, *, q: str = "", status: str = "", department: str = "", item: str = ""):
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(applicant__name__icontains=q))
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    if str(department).isdigit():
        qs = qs.filter(item__department_id=int(department))
    if str(item).isdigit():
        qs = qs.filter(item_id=int(item))
    return qs


def case_get(user, case_id: int) -> Case:
    case = (
        Case.objects.select_related("item", "item__department", "applicant", "submitted_by", "approval")
        .prefetch_related("item__branch_departments", "pauses")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not permissions.can_view_case(user, case)[0]:
        raise NotFound()
    return case


def case_by_number(number: str) -> Case | None:
    return _base().filter(number=number.strip()).first()


def departments():
    """The organizations that handle at least one item (filter of the office's list)."""
    from innozone.core.models import Organization

    return Organization.objects.filter(service_items__isnull=False).distinct().order_by("name")


# ------------------------------------------------------------------------------------------------ the clock


def pauses_of(case: Case, *, since: dt.date | None = None) -> list[tuple[dt.date, dt.date | None]]:
    """The pauses of the case as (started_on, ended_on or None) from `since` on (the clock's start): a 补正
    before acceptance stops the acceptance period, not the handling clock."""
    rows = sorted(case.pauses.all(), key=lambda p: (p.started_on, p.pk))
    return [(p.started_on, p.ended_on) for p in rows if since is None or p.started_on >= since]


def clock_start(case: Case) -> dt.date | None:
    return local_date(case.accepted_at)


def clock_of(case: Case, *, is_workday=None, on: dt.date | None = None):
    """The case's clock (engine.clock.Clock: used, remaining, due_on, level) or None before acceptance and for
    refused or withdrawn cases. A decided case is measured at its decision day (level `done`)."""
    start = clock_start(case)
    if start is None or case.status in (Case.Status.REFUSED, Case.Status.WITHDRAWN):
        return None
    is_workday = is_workday or workdays.calendar()
    done_on = local_date(case.decided_at)
    on = done_on or on or today()
    return clock_engine.state(
        start, case.limit_days, pauses_of(case, since=start), on, is_workday, case.item.warn_days, done_on=done_on
    )


def due_date(case: Case, *, is_workday=None) -> dt.date | None:
    start = clock_start(case)
    if start is None:
        return None
    is_workday = is_workday or workdays.calendar()
    return clock_engine.due_date(start, case.limit_days, pauses_of(case, since=start), is_workday)


def used_days(case: Case, end: dt.date, *, is_workday=None) -> int:
    start = clock_start(case)
    if start is None:
        return 0
    is_workday = is_workday or workdays.calendar()
    return clock_engine.working_days(start, end, is_workday, pauses_of(case, since=start))


def with_clocks(cases, *, is_workday=None, on: dt.date | None = None) -> list[Case]:
    """The cases (a page of them) each with `.clock` set; one calendar read for all."""
    is_workday = is_workday or workdays.calendar()
    rows = list(cases)
    for case in rows:
        case.clock = clock_of(case, is_workday=is_workday, on=on)
    return rows


def acceptance_due(case: Case, *, is_workday=None) -> dt.date:
    """The last day to decide on acceptance: `acceptance_days` working days from receipt, or from the answer
    of the 补正 (the period restarts on a complete answer)."""
    is_workday = is_workday or workdays.calendar()
    answered = [c.answered_at for c in case.corrections.all() if c.answered_at]
    start = local_date(max(answered)) if answered else local_date(case.submitted_at)
    return clock_engine.add_working_days(start, case.item.acceptance_days, is_workday)


def deferral_latest(item: ServiceItem, *, on: dt.date | None = None, is_workday=None) -> dt.date:
    """The latest date a 容缺 material may be promised for: the promised handling time from today."""
    is_workday = is_workday or workdays.calendar()
    return clock_engine.add_working_days(on or today(), item.promised_days, is_workday)


def open_pause(case: Case) -> ClockPause | None:
    return next((p for p in case.pauses.all() if p.ended_on is None), None)


def nav_links(user) -> dict[str, bool]:
    """Which cases pages the user may open (for the one-stop nav)."""
    return {
        "case_mine": permissions.is_applicant_user(user),
        "case_queue": permissions.can_view_queue(user)[0],
        "case_list": permissions.can_view_all(user)[0],
        "rating_list": permissions.can_view_ratings(user)[0],
    }


def item_get(item_id: int) -> ServiceItem:
    """An item to apply for (whether the user may apply is the service's check), or NotFound."""
    item = ServiceItem.objects.select_related("department").filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


def is_decided(case: Case) -> bool:
    """Approved or denied: the result document exists."""
    return case.status in (Case.Status.APPROVED, Case.Status.DENIED)


def items_applicable():
    return ServiceItem.objects.filter(status=ServiceItem.Status.PUBLISHED, flow_url="")
