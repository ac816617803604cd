"""Telling enterprises about newly published clauses: `notify_matches(clause_ids)` puts an inbox notice in
the inbox of every user of each enterprise a clause matches ("符合条件") and, with separate wording, of each
enterprise that nearly qualifies ("接近符合", with the condition it lacks), once per clause version
(MatchNotice). Few clauses run in the request; more than INNOZONE_POLICIES_NOTIFY_INLINE clauses (default 5)
are handed to django-tasks (services.notify.notify_task, also policies.tasks.notify) when `enqueue` is not False."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from innozone.core.inbox import notice_send
from innozone.core.models import User

from ..models import Clause, MatchNotice
from ..selectors import facts as facts_selectors
from ..selectors import matching as matching_selectors


def inline_limit() -> int:
    return int(getattr(settings, "INNOZONE_POLICIES_NOTIFY_INLINE", 5))


def notify_matches(clause_ids, *, enqueue: bool | None = None) -> dict:
    """Notices for the given clauses (published ones in force; others are skipped). Returns counts
    {"clauses", "eligible", "near", "notices"} (or {"enqueued": n})."""
    ids = sorted({int(i) for i in clause_ids})
    if enqueue is None:
        enqueue = len(ids) > inline_limit()
    if enqueue and ids:
        notify_task.enqueue(ids)
        return {"enqueued": len(ids)}
    return notify_now(ids)


def _users_by_org(org_ids) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    for user in User.objects.filter(organization_id__in=list(org_ids), is_active=True):
        out.setdefault(user.organization_id, []).append(user)
    return out


def notify_now(clause_ids) -> dict:
    from ..selectors.library import clauses_in_force

    clauses = list(clauses_in_force().filter(pk__in=list(clause_ids)))
    counts = {"clauses": len(clauses), "eligible": 0, "near": 0, "notices": 0}
    if not clauses:
        return counts
    data = facts_selectors.bulk()
    link = reverse("policies:matching_mine")
    for clause in clauses:
        rows = matching_selectors.eligible_for_clause(clause, near=True, data=data)
        already = set(
            MatchNotice.objects.filter(clause=clause, version=clause.version).values_list("organization_id", flat=True)
        )
        rows = [r for r in rows if r.organization_id not in already]
        users = _users_by_org(r.organization_id for r in rows)
        for row in rows:
            try:
                with transaction.atomic():
                    MatchNotice.objects.create(
                        clause=clause,
                        organization_id=row.organization_id,
                        version=clause.version,
                        near=not row.eligible,
                    )
            except IntegrityError:
                continue
            counts["eligible" if row.eligible else "near"] += 1
            recipients = users.get(row.organization_id, [])
            if not recipients:
                continue
            if row.eligible:
                title = _("新政策匹配：您单位符合“%(c)s”") % {"c": clause.title}
                body = _("《%(p)s》%(c)s 已发布，根据登记信息您单位符合条件%(a)s。") % {
                    "p": clause.policy.title,
                    "c": clause.title,
                    "a": _("，预计可享 %(a)s 元") % {"a": f"{row.amount:,.2f}"} if row.amount else "",
                }
                if clause.no_application:
                    body += _("该条款免申即享，无需申请，兑现后另行通知。")
            else:
                title = _("新政策提示：您单位接近符合“%(c)s”") % {"c": clause.title}
                body = _("《%(p)s》%(c)s 已发布，您单位尚差：%(gap)s。如数据有更新，请填报最新年度数据。") % {
                    "p": clause.policy.title,
                    "c": clause.title,
                    "gap": "；".join(f["gap_text"] for f in row.failed),
                }
            counts["notices"] += notice_send(
                recipients=recipients,
                title=title,
                body=body,
                link=link,
                dedupe_key=f"policies.match:{clause.pk}:{clause.version}:{row.organization_id}",
            )
    return counts


@task()
def notify_task(clause_ids: list[int]) -> dict:
    """The background job (policies.tasks re-exports it for the worker's listing)."""
    return notify_now(clause_ids)


def clause_ids_published_since(since) -> list[int]:
    return list(Clause.objects.filter(published_at__gte=since).values_list("pk", flat=True))
