"""/api/policies (stats part): published policies and clauses, 免申即享 lists and grants of a year. Readers as the
one-stop statistics (the office, leaders and auditors: every policy; a department: the policies it leads)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema

from innozone.core.errors import ensure_allowed
from innozone.onestop.permissions.stats import can_view_stats, stats_scope
from innozone.policies.selectors.stats import policy_stats

router = Router(tags=["policies"])


class PoliciesStatsCount(Schema):
    label: str
    count: int


class PoliciesStatsStatusOut(PoliciesStatsCount):
    status: str


class PoliciesStatsLevelOut(PoliciesStatsCount):
    level: str


class PoliciesStatsKindOut(PoliciesStatsCount):
    kind: str


class PoliciesStatsGrantsOut(Schema):
    count: int
    amount: Decimal
    no_application_count: int
    no_application_amount: Decimal
    paid_count: int
    paid_amount: Decimal
    enterprises: int


class PoliciesStatsAllTimeOut(Schema):
    count: int
    amount: Decimal


class PoliciesStatsMonthOut(Schema):
    month: int
    count: int
    amount: Decimal


class PoliciesStatsClauseOut(Schema):
    clause_id: int
    clause: str
    policy: str
    no_application: bool
    count: int
    amount: Decimal


class PoliciesStatsOut(Schema):
    year: int
    policies_published: int
    policies_by_status: list[PoliciesStatsStatusOut]
    policies_by_level: list[PoliciesStatsLevelOut]
    clauses_published: int
    clauses_no_application: int
    clauses_by_kind: list[PoliciesStatsKindOut]
    lists_by_status: list[PoliciesStatsStatusOut]
    grants: PoliciesStatsGrantsOut
    grants_all_time: PoliciesStatsAllTimeOut
    by_month: list[PoliciesStatsMonthOut]
    by_clause: list[PoliciesStatsClauseOut]


@router.get("/stats", response=PoliciesStatsOut, summary="Published policies and clauses, 免申即享 grants of a year")
def policies_stats(request, year: int | None = Query(None, ge=2000, le=2100)):
    ensure_allowed(can_view_stats(request.user))
    return policy_stats(year=year or timezone.localdate().year, owners=stats_scope(request.user))
