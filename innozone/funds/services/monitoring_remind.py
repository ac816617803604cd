"""`funds remind`: overdue progress reports are noticed to the project organization's users (once per report
and day, through the inbox like the plans' reminders), and overdue acceptances become sanctions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.inbox import notice_send
from innozone.core.models import User

from .inspections import acceptance_overdue_sanction
from .monitoring import overdue_reports


def reports_remind(*, as_of: dt.date | None = None) -> list:
    """Notice every active user of the organization of each overdue report; returns the overdue reports."""
    as_of = as_of or timezone.localdate()
    late = list(overdue_reports(as_of=as_of))
    users: dict[int, list] = {}
    for user in User.objects.filter(is_active=True, organization_id__in={r.project.organization_id for r in late}):
        users.setdefault(user.organization_id, []).append(user)
    for report in late:
        recipients = users.get(report.project.organization_id, [])
        if recipients:
            notice_send(
                recipients=recipients,
                title=_("逾期提醒：项目 %(p)s 的 %(period)s 进展报告尚未报送")
                % {"p": report.project.number, "period": report.period},
                body=_("报送期限为%(d)s，请尽快登录平台报送。") % {"d": report.due_on.isoformat()},
                link=reverse("funds:project", args=[report.project_id]),
                dedupe_key=f"fund-report-late:{report.pk}:{as_of.isoformat()}",
            )
    return late


def funds_remind(*, as_of: dt.date | None = None) -> dict:
    late = reports_remind(as_of=as_of)
    sanctions = acceptance_overdue_sanction(as_of=as_of)
    return {"reports_overdue": len(late), "sanctions": len(sanctions)}
