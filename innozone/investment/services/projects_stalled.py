"""Stalled-project warnings (久未推进预警): every active project before 达产 without progress in
INNOZONE_INVESTMENT_STALLED_DAYS days (default 60; engine.stages.stalled) is reported once per period of
silence — the inbox notice's dedupe key holds the last progress date — to the users of its responsible unit
and the investment staff of its park."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit, regions
from innozone.core.inbox import notice_send
from innozone.core.models import User
from innozone.core.permissions import STAFF_ROLES

from ..engine import stages
from ..models import Project
from ..permissions.projects import STAFF_KINDS
from ..selectors.projects import stalled_days, stalled_qs


def recipients_of(project: Project, tree) -> list[User]:
    parks = tree.ancestors(project.park_id)
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(organization_id=project.responsible_id)
            | Q(role__in=STAFF_ROLES, organization__kind__in=STAFF_KINDS, organization__region_id__in=parks[:2])
        )
        .distinct()
    )


def stalled_warn(*, today: dt.date | None = None, days: int | None = None) -> dict:
    today = today or timezone.localdate()
    days = days or stalled_days()
    tree = regions.tree()
    found = notices = 0
    for project in stalled_qs(Project.objects.all(), days, today).select_related("park").order_by("pk").iterator():
        if not stages.stalled(project.last_progress_on, today, days):  # the query and the engine agree
            continue
        found += 1
        idle = stages.days_since(project.last_progress_on, today)
        notices += notice_send(
            recipients=recipients_of(project, tree),
            title=_("招商项目久未推进：%(n)s") % {"n": project.name},
            body=_("项目 %(c)s（%(s)s）已 %(d)s 天没有进展（最近进展 %(on)s），请跟进并登记进展。")
            % {"c": project.code, "s": project.get_stage_display(), "d": idle, "on": project.last_progress_on},
            link=reverse("investment:project", args=[project.pk]),
            dedupe_key=f"investment.stalled:{project.pk}:{project.last_progress_on.isoformat()}",
        )
    if found:
        audit.record(actor=None, action="investment.stalled_warn", object_type="investment.Project",
                     summary=_("久未推进项目 %(n)s 个，发出提醒 %(m)s 条") % {"n": found, "m": notices})  # fmt: skip
    return {"stalled": found, "notices": notices, "days": days}
