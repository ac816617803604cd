"""Demo data of the grants part (after the library's demo): with activity, one 免申即享 list confirmed by the
department and granted (one grant paid by finance) and one awaiting the department's confirmation (one entry
excluded with a reason); without activity nothing is stored (matching is computed on demand).

Either way the note names the demo enterprise's (甘肃陇原新材料科技有限公司) near misses: the clause and the
figure the browser journey closes by filing new yearly figures."""

from __future__ import annotations

from django.db import transaction

from innozone.core import approvals
from innozone.core.models import ApprovalTask, Organization, User
from innozone.core.permissions import is_read_only

from ..models import Clause, GrantEntry, GrantList
from ..selectors import matching
from ..selectors.library import clauses_in_force
from ..services import grants as services

LONGYUAN = "甘肃陇原新材料科技有限公司"


def _confirmer(task: ApprovalTask) -> User | None:
    for user in User.objects.filter(organization=task.approver, is_active=True).order_by("pk"):
        if not is_read_only(user) and approvals.can_decide(user, task)[0]:
            return user
    return None


def _candidates() -> list[Clause]:
    """No-application clauses in force whose confirming unit has a user who can decide, by size of the list."""
    out = []
    for clause in clauses_in_force().filter(no_application=True).select_related("policy", "policy__owner"):
        org = services.confirming_organization(clause)
        if org is None or not User.objects.filter(organization=org, is_active=True).exists():
            continue
        out.append(clause)
    return out


def near_note() -> str:
    org = Organization.objects.filter(name=LONGYUAN).first()
    if org is None:
        return ""
    near = [m for m in matching.matches_for(org, show="near") if m.near]
    parts = [f"#{m.clause.pk} {m.clause.title}: " + "；".join(r["gap_text"] for r in m.failed_rows) for m in near]
    return f"陇原 near misses: {' | '.join(parts) if parts else 'none'}"


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    note = near_note()
    if not with_activity:
        return note
    if GrantList.objects.exists():
        return "policy grants: already loaded"
    office = User.objects.filter(username="office").first()
    finance = User.objects.filter(username="finance").first()
    if office is None:
        return note
    made = []
    for clause in _candidates():
        if len(made) == 2:
            break
        grant_list = services.grant_list_create(actor=office, clause=clause, note="演示清单")
        listed = grant_list.entries.filter(status=GrantEntry.Status.LISTED)
        if listed.count() < 2:
            grant_list.delete()
            continue
        if made:  # the second list: one entry excluded, left awaiting the department
            services.entry_exclude(
                actor=office, entry=listed.last(), reason="该企业已享受同类市级奖励，按规定不重复支持（演示）"
            )
        services.grant_list_submit(actor=office, grant_list=grant_list)
        grant_list.refresh_from_db()
        if not made:
            task = grant_list.approval.tasks.get()
            user = _confirmer(task)
            if user is None:
                continue
            approvals.approval_decide(
                actor=user, task=task, approve=True, comment="经核对税务和统计数据，同意兑现（演示）"
            )
            grant_list.refresh_from_db()
            first = grant_list.entries.filter(status=GrantEntry.Status.GRANTED).order_by("pk").first()
            if finance and first:
                services.grant_mark_paid(actor=finance, grant=first.grant, payment_ref="ZF2026-DEMO-0001")
        made.append(grant_list)
    summary = ", ".join(f"#{g.pk} {g.clause.title} {g.status}" for g in made)
    return f"policy grants: {len(made)} 免申即享 lists ({summary}); {note}"
