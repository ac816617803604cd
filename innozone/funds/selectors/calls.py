"""Reads of programmes and calls: what a user sees, the remaining budget of a programme's lines, a call's
effective stage by its dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import sees_all
from innozone.core.selectors import one_or_not_found

from ..models import BudgetLine, Call, Programme

ZERO = Decimal("0.00")
#: a call published (stage open) whose opening date has not come yet
PENDING = "pending"
STAGE_LABELS = {**dict(Call.Stage.choices), PENDING: _("待开始")}
#: the stages of the recommendation chain
CHAIN_LABELS = {"district": _("区县/园区推荐"), "city": _("市级推荐"), "province": _("省级推荐")}
#: the stages whose calls hold a share of their programme's budget lines
BUDGET_STAGES = ("open", "closed", "review", "decision", "publicity", "awarded")


def programmes_for(user) -> QuerySet[Programme]:
    return (
        Programme.objects.select_related("owner").annotate(total=Sum("budget_lines__amount")).order_by("-year", "name")
    )


def programme_get(user, pk) -> Programme:
    return one_or_not_found(Programme.objects.select_related("owner"), pk)


def programme_total(programme: Programme) -> Decimal:
    return programme.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO


def programme_allocated(programme: Programme, *, exclude_call_id: int | None = None) -> Decimal:
    """The budgets of the programme's published calls (not drafts, not cancelled)."""
    qs = Call.objects.filter(programme=programme, stage__in=BUDGET_STAGES)
    if exclude_call_id:
        qs = qs.exclude(pk=exclude_call_id)
    return qs.aggregate(s=Sum("budget"))["s"] or ZERO


def programme_remaining(programme: Programme, *, exclude_call_id: int | None = None) -> Decimal:
    return programme_total(programme) - programme_allocated(programme, exclude_call_id=exclude_call_id)


def budget_lines(programme: Programme) -> list[BudgetLine]:
    return list(programme.budget_lines.select_related("region"))


def calls_for(user) -> QuerySet[Call]:
    """Every call but drafts (those: the office, leaders and auditors)."""
    qs = Call.objects.select_related("programme")
    if not sees_all(user):
        qs = qs.exclude(stage=Call.Stage.DRAFT)
    return qs.order_by("-opens_at", "id")


def call_search(qs: QuerySet[Call], *, q: str = "", stage: str = "", programme: str = "") -> QuerySet[Call]:
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(programme__name__icontains=q.strip()))
    if stage:
        now = timezone.now()
        if stage == "open":
            qs = qs.filter(stage="open", opens_at__lte=now, closes_at__gt=now)
        elif stage == "closed":
            qs = qs.filter(Q(stage="closed") | Q(stage="open", closes_at__lte=now))
        elif stage == PENDING:
            qs = qs.filter(stage="open", opens_at__gt=now)
        else:
            qs = qs.filter(stage=stage)
    if str(programme).isdigit():
        qs = qs.filter(programme_id=int(programme))
    return qs


def call_get(user, pk) -> Call:
    return one_or_not_found(calls_for(user), pk)


def call_effective_stage(call: Call, now: dt.datetime | None = None) -> str:
    """The stage by the dates: a published call is `pending` before it opens, `open` while it is open and
    `closed` after its closing time even when nobody has closed it yet."""
    now = now or timezone.now()
    if call.stage != Call.Stage.OPEN:
        return call.stage
    if now < call.opens_at:
        return PENDING
    if now >= call.closes_at:
        return Call.Stage.CLOSED
    return Call.Stage.OPEN


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def calls_past_closing(now: dt.datetime | None = None) -> QuerySet[Call]:
    return Call.objects.filter(stage=Call.Stage.OPEN, closes_at__lte=now or timezone.now())


def call_kinds(call: Call) -> list[str] | None:
    """The organization kinds the call's eligibility admits (None: any kind)."""
    for rule in call.eligibility or []:
        if isinstance(rule, dict) and rule.get("rule") == "kind":
            return list(rule.get("kinds", []))
    return None
