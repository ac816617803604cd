"""Reads for decisions (part B): money committed against a call, a budget line and an applicant's group, the
programme's remaining budget, and the decision pack (every application that reached review with its budget,
scores, opinions, consensus, recommendation notes and the running total against the budget) — a handful of
queries whatever the size of the call."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Q, Sum

from innozone.enterprises import selectors as registry

from ..models import Application, Award, BudgetLine, Call, Consensus, Decision, Programme, Recommendation, Review
from .reviews import REVIEWED_STATUSES, ranking, ranking_order, ranking_rows

APPROVING = ("approve", "adjust")
ZERO = Decimal("0.00")


def _sum(qs, field="amount") -> Decimal:
    return qs.aggregate(s=Sum(field))["s"] or ZERO


def pending_decisions():
    """Decisions to fund that are not yet an award (the application is `approved`)."""
    return Decision.objects.filter(outcome__in=APPROVING, application__status=Application.Status.APPROVED)


def call_committed(call: Call, *, exclude=()) -> Decimal:
    """Approved (not yet awarded) and awarded money of a call."""
    pending = _sum(pending_decisions().filter(application__call=call).exclude(application_id__in=list(exclude)))
    awarded = _sum(Award.objects.filter(application__call=call).exclude(application_id__in=list(exclude)))
    return pending + awarded


def line_committed(line_ids, *, exclude=()) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    ids = list(line_ids)
    for row in (
        Award.objects.filter(budget_line_id__in=ids)
        .exclude(application_id__in=list(exclude))
        .values("budget_line_id")
        .annotate(s=Sum("amount"))
    ):
        out[row["budget_line_id"]] += row["s"]
    for row in (
        pending_decisions()
        .filter(budget_line_id__in=ids)
        .exclude(application_id__in=list(exclude))
        .values("budget_line_id")
        .annotate(s=Sum("amount"))
    ):
        out[row["budget_line_id"]] += row["s"]
    return out


def related_group(organization_id: int) -> set[int]:
    """The applicant and its related parties in the registry (same actual controller, holdings, declared group)."""
    related = registry.related_organizations({organization_id})
    return {organization_id, *related.get(organization_id, set())}


def applicant_committed(programme: Programme, organization_ids, year: int | None = None, *, exclude=()) -> Decimal:
    """Money approved or awarded to these organizations in the programme (its fiscal year)."""
    ids = list(organization_ids)
    base = Q(application__call__programme=programme, application__applicant_id__in=ids)
    if year is not None:
        base &= Q(application__call__programme__year=year)
    pending = _sum(pending_decisions().filter(base).exclude(application_id__in=list(exclude)))
    awarded = _sum(Award.objects.filter(base).exclude(application_id__in=list(exclude)))
    return pending + awarded


def programme_budget(programme: Programme) -> dict:
    """Budget lines, awards and the remaining budget of a programme: lines minus awards and minus approved
    decisions not yet awarded (`remaining`, the same as the lines' 余额; `uncommitted` is kept as its alias)."""
    lines = list(programme.budget_lines.select_related("region").order_by("subject_code", "source", "id"))
    committed = line_committed([x.pk for x in lines])
    awarded = dict(
        Award.objects.filter(budget_line__programme=programme)
        .values("budget_line_id")
        .annotate(s=Sum("amount"))
        .values_list("budget_line_id", "s")
    )
    total = sum((x.amount for x in lines), ZERO)
    total_awarded = sum(awarded.values(), ZERO)
    total_committed = sum(committed.values(), ZERO)
    return {
        "lines": [
            {
                "line": x,
                "amount": x.amount,
                "awarded": awarded.get(x.pk, ZERO),
                "committed": committed[x.pk],
                "remaining": x.amount - committed[x.pk],
            }
            for x in lines
        ],
        "total": total,
        "awarded": total_awarded,
        "committed": total_committed,
        "remaining": total - total_committed,
        "uncommitted": total - total_committed,
    }


def _budget_text(budget) -> list[dict]:
    out = []
    for row in budget or []:
        if not isinstance(row, dict):
            continue
        fiscal, own = (Decimal(str(row.get(k) or 0)) for k in ("fiscal", "own"))
        out.append({"category": str(row.get("category", "")), "fiscal": fiscal, "own": own, "total": fiscal + own})
    return out


def _in(qs, ids):
    """Filter to `ids` (None: all of the call) — a page asks for its 50 rows only."""
    return qs if ids is None else qs.filter(application_id__in=list(ids))


def enrich(call: Call, rows: list[dict], *, every: bool = False) -> list[dict]:
    """Ranking rows with the pack's details: budget, opinions, consensus, decision, the recommendation notes.
    `every` reads the whole call at once (PDF, Excel) instead of the given rows' ids."""
    ids = None if every else [r["pk"] for r in rows]
    apps = Application.objects.filter(call=call, status__in=REVIEWED_STATUSES)
    if ids is not None:
        apps = apps.filter(pk__in=ids)
    extra = {
        a["pk"]: a
        for a in apps.values(
            "pk",
            "total_budget",
            "budget",
            "consensus__opinion",
            "consensus__amount",
            "consensus__note",
            "decision__outcome",
            "decision__amount",
            "decision__note",
            "decision__budget_line_id",
            "award__letter_no",
        )
    }
    opinions: dict[int, str] = {}
    for pk, opinion in _in(Review.objects.filter(application__call=call, status="submitted"), ids).values_list(
        "pk", "opinion"
    ):
        opinions[pk] = opinion
    notes = defaultdict(list)
    for rec in (
        _in(Recommendation.objects.filter(application__call=call), ids)
        .values("application_id", "stage", "organization__name", "recommended", "rank", "note")
        .order_by("application_id", "decided_at", "id")
    ):
        notes[rec["application_id"]].append(rec)
    consensus_labels = dict(Consensus.Opinion.choices)
    outcome_labels = dict(Decision.Outcome.choices)
    out = []
    for r in rows:
        e = extra.get(r["pk"], {})
        out.append(
            {
                **r,
                "total_budget": e.get("total_budget"),
                "budget": _budget_text(e.get("budget")),
                "reviews": [{**x, "opinion": opinions.get(x["pk"], "")} for x in r["reviews"]],
                "consensus": {
                    "opinion": e.get("consensus__opinion"),
                    "label": consensus_labels.get(e.get("consensus__opinion"), ""),
                    "amount": e.get("consensus__amount"),
                    "note": e.get("consensus__note") or "",
                },
                "decision": {
                    "outcome": e.get("decision__outcome"),
                    "label": outcome_labels.get(e.get("decision__outcome"), ""),
                    "amount": e.get("decision__amount"),
                    "note": e.get("decision__note") or "",
                    "budget_line_id": e.get("decision__budget_line_id"),
                },
                "letter_no": e.get("award__letter_no") or "",
                "recommendations": notes.get(r["pk"], []),
            }
        )
    return out


def _running(order, budget: Decimal) -> tuple[dict[int, tuple[Decimal, bool]], Decimal]:
    """The cumulative requested amount in rank order and whether it is still within the budget, by pk."""
    running, out = ZERO, {}
    for pk, amount in order:
        running += amount or ZERO
        out[pk] = (running, running <= budget)
    return out, running


def _figures(call: Call, requested: Decimal) -> dict:
    committed = call_committed(call)
    return {
        "call": call,
        "requested": requested,
        "budget": call.budget,
        "committed": committed,
        "call_remaining": call.budget - committed,
        "programme": programme_budget(call.programme),
        "lines": BudgetLine.objects.filter(programme=call.programme),
    }


def pack_summary(call: Call, *, sort: str = "-trimmed") -> dict:
    """The pack's figures and every ranking row with the running total of requested money (not yet
    enriched), in the ranking's order (the same as the paginated page's)."""
    rows = ranking(call, sort=sort)
    running, requested = _running(((r["pk"], r["amount"]) for r in rows), call.budget)
    for r in rows:
        r["cumulative"], r["within_budget"] = running[r["pk"]]
    return {**_figures(call, requested), "rows": rows}


def pack_page(call: Call, *, sort: str = "-trimmed", page=None, per_page: int = 50) -> dict:
    """The pack's figures and one page of it: the whole order is read as (pk, amount) only (one aggregate
    query, `ranking_order`) for the running total; the engine's figures and the pack's details are read for
    the page's rows only. `page` is a Paginator page whose object_list holds the enriched rows."""
    order = ranking_order(call, sort=sort)
    running, requested = _running(order, call.budget)
    current = Paginator(order, per_page).get_page(page)
    rows = ranking_rows(call, [pk for pk, _amount in current.object_list])
    for r in rows:
        r["cumulative"], r["within_budget"] = running[r["pk"]]
    current.object_list = enrich(call, rows)
    return {**_figures(call, requested), "page": current}


def pack(call: Call, *, sort: str = "-trimmed") -> dict:
    """The whole decision pack of a call (see the module's docstring): PDF, Excel, the API."""
    data = pack_summary(call, sort=sort)
    data["rows"] = enrich(call, data["rows"], every=True)
    return data


def awards_of_call(call: Call):
    return Award.objects.filter(application__call=call).select_related("application", "application__applicant")
