"""Statistics of the policy library and 免申即享 for the cockpit, the API and the CLI: policies and clauses
published (by level and kind of benefit), 免申即享 clauses, lists by status, and the grants made (count, amount,
paid, enterprises) — in total and for a year, by month and by clause.

Counted: a policy or clause in status 已发布 (published) now; a grant (`Grant`) not revoked, in the year of its
creation (the approval of its list), as 免申即享 when it came from a list (`Grant.entry`), else through an
application (a one-stop case). `owners`: the policies' lead organizations the reader may see (None: all)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from ..models import Clause, Grant, GrantList, Policy

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _scoped(qs, owners, path: str):
    return qs if owners is None else qs.filter(**{f"{path}owner_id__in": owners})


def policy_stats(*, year: int | None = None, owners: list[int] | None = None, top: int = 10) -> dict:
    year = year or timezone.localdate().year
    policies = _scoped(Policy.objects.all(), owners, "")
    clauses = _scoped(Clause.objects.all(), owners, "policy__")
    grants = _scoped(Grant.objects.exclude(status=Grant.Status.REVOKED), owners, "clause__policy__")
    lists = _scoped(GrantList.objects.all(), owners, "clause__policy__")

    policy_status = dict(policies.values("status").annotate(n=Count("pk")).values_list("status", "n").order_by())
    levels = dict(
        policies.filter(status=Policy.Status.PUBLISHED)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
        .order_by()
    )
    published = clauses.filter(status=Clause.Status.PUBLISHED, policy__status=Policy.Status.PUBLISHED)
    kinds = dict(published.values("kind").annotate(n=Count("pk")).values_list("kind", "n").order_by())
    list_status = dict(lists.values("status").annotate(n=Count("pk")).values_list("status", "n").order_by())

    year_grants = grants.filter(created_at__year=year)
    no_app = Q(entry__isnull=False)
    paid = Q(status=Grant.Status.PAID)
    totals = year_grants.aggregate(
        count=Count("pk"),
        total=Sum("amount"),
        no_application_count=Count("pk", filter=no_app),
        no_application_amount=Sum("amount", filter=no_app),
        paid_count=Count("pk", filter=paid),
        paid_amount=Sum("amount", filter=paid),
        enterprises=Count("organization", distinct=True),
    )
    all_time = grants.aggregate(count=Count("pk"), total=Sum("amount"))
    months = {
        r["month"]: r
        for r in year_grants.annotate(month=ExtractMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by()
    }
    by_clause = (
        year_grants.values("clause_id", "clause__title", "clause__policy__title", "clause__no_application")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("-total", "clause_id")[:top]
    )
    return {
        "year": year,
        "policies_published": policy_status.get(Policy.Status.PUBLISHED, 0),
        "policies_by_status": [
            {"status": s, "label": str(label), "count": policy_status.get(s, 0)} for s, label in Policy.Status.choices
        ],
        "policies_by_level": [
            {"level": s, "label": str(label), "count": levels.get(s, 0)} for s, label in Policy.Level.choices
        ],
        "clauses_published": sum(kinds.values()),
        "clauses_no_application": published.filter(no_application=True).count(),
        "clauses_by_kind": [
            {"kind": k, "label": str(label), "count": kinds.get(k, 0)} for k, label in Clause.Kind.choices
        ],
        "lists_by_status": [
            {"status": s, "label": str(label), "count": list_status.get(s, 0)} for s, label in GrantList.Status.choices
        ],
        "grants": {
            "count": totals["count"],
            "amount": _money(totals["total"]),
            "no_application_count": totals["no_application_count"],
            "no_application_amount": _money(totals["no_application_amount"]),
            "paid_count": totals["paid_count"],
            "paid_amount": _money(totals["paid_amount"]),
            "enterprises": totals["enterprises"],
        },
        "grants_all_time": {"count": all_time["count"], "amount": _money(all_time["total"])},
        "by_month": [
            {
                "month": m,
                "count": months.get(m, {}).get("count", 0),
                "amount": _money(months.get(m, {}).get("total")),
            }
            for m in range(1, 13)
        ],
        "by_clause": [
            {
                "clause_id": r["clause_id"],
                "clause": r["clause__title"],
                "policy": r["clause__policy__title"],
                "no_application": r["clause__no_application"],
                "count": r["count"],
                "amount": _money(r["total"]),
            }
            for r in by_clause
        ],
    }


def grant_years(today: dt.date | None = None) -> list[int]:
    this_year = (today or timezone.localdate()).year
    first = Grant.objects.order_by("created_at").values_list("created_at", flat=True).first()
    start = min(timezone.localtime(first).year, this_year) if first else this_year
    return list(range(this_year, start - 1, -1))
