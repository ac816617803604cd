"""The daily work of the cases part (onestop/tasks.py):

- yellow / red warnings to the department's users for every running case (once per case, level and day);
- an overdue notice once per case (to the department and the office);
- 行政许可 cases not decided within the acceptance period are deemed accepted on receipt (行政许可法 第三十二条:
  逾期不告知的，自收到申请材料之日起即为受理);
- 容缺 promises past their date: a reminder to the applicant and the department (once);
- bad ratings not rectified by their date: a reminder to the department (once).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import workdays
from innozone.core.inbox import notice_send
from innozone.core.models import User
from innozone.core.roles import Role

from ..models import Case, Rating, ServiceItem
from ..selectors import cases as selectors
from .cases import applicant_users, case_accept, case_link, department_users


def _send(users, title, body, link, key) -> int:
    return notice_send(recipients=users, title=title, body=body, link=link, dedupe_key=key)


def cases_daily(*, on: dt.date | None = None, progress=None) -> dict:
    on = on or timezone.localdate()
    is_workday = workdays.calendar()
    result = {"deemed_accepted": 0, "yellow": 0, "red": 0, "overdue": 0, "deferred_late": 0, "rectify_late": 0}
    submitted = Case.objects.filter(status=Case.Status.SUBMITTED, item__clock=ServiceItem.Clock.LICENCE)
    for case in submitted.select_related("item").prefetch_related("corrections"):
        if selectors.acceptance_due(case, is_workday=is_workday) < on:
            case_accept(actor=None, case=case, deemed=True)
            result["deemed_accepted"] += 1
    office = list(User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True))
    running = (
        Case.objects.filter(status__in=selectors.RUNNING)
        .select_related("item", "item__department", "applicant")
        .prefetch_related("pauses")
    )
    for case in running:
        state = selectors.clock_of(case, is_workday=is_workday, on=on)
        if state is None or state.level not in ("yellow", "red", "overdue"):
            continue
        link = case_link(case)
        if state.level == "overdue":
            title = _("办件已超期：%(n)s") % {"n": case.number}
            body = _("“%(i)s”办结期限为 %(d)s，已超期。") % {"i": case.item.name, "d": state.due_on}
            result["overdue"] += _send(department_users(case) + office, title, body, link, f"onestop-overdue-{case.pk}")
            continue
        light = _("黄灯") if state.level == "yellow" else _("红灯")
        title = _("办件%(l)s预警：%(n)s 剩余 %(r)s 个工作日") % {"l": light, "n": case.number, "r": state.remaining}
        body = _("“%(i)s”办结期限为 %(d)s。") % {"i": case.item.name, "d": state.due_on}
        key = f"onestop-{state.level}-{case.pk}-{on.isoformat()}"
        result[state.level] += _send(department_users(case), title, body, link, key)
    late = Case.objects.filter(
        deferred=True, deferred_done_at__isnull=True, deferred_until__lt=on, status__in=selectors.OPEN
    ).select_related("item")
    for case in late:
        title = _("容缺材料逾期未补齐：%(n)s") % {"n": case.number}
        body = _("承诺补齐日期为 %(d)s。") % {"d": case.deferred_until}
        result["deferred_late"] += _send(
            applicant_users(case) + department_users(case),
            title,
            body,
            case_link(case),
            f"onestop-deferred-late-{case.pk}",
        )
    ratings = Rating.objects.filter(rectify_due__lt=on, rectified_at__isnull=True).select_related("case", "case__item")
    for rating in ratings:
        users = list(User.objects.filter(organization_id=rating.department_id, is_active=True))
        title = _("差评整改已逾期：%(n)s") % {"n": rating.case.number}
        body = _("整改期限为 %(d)s。") % {"d": rating.rectify_due}
        result["rectify_late"] += _send(users, title, body, case_link(rating.case), f"onestop-rectify-late-{rating.pk}")
    if progress:
        progress(result)
    return result
