"""Review assignments after a draw: the expert declares a conflict (回避) and is replaced by the next fitting
reserve (a ledger event, like the draw), or submits a score and an opinion; the office rates the review's
quality; assignments past their deadline without a review become missed. These make the expert's record and
credit score (`selectors.experts.credit_score`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.ledger.services import ledger_append

from .. import permissions
from ..engine.draw import DrawError, ItemPanel, PoolExpert, replace_with_reserve
from ..models import Assignment, Draw, Expert
from ..panel_rules import rules_from_dict
from .draws import EVENT_REPLACE, draw_state, notify_drawn, org_key, reviews_this_year

TEXT_MAX = 4000

#: subject type of a draw ("funds.Call") → the URL of the page where its reviews are made, for an assignment
#: (an app whose reviews need more than one score — scores per criterion — registers it from its ready())
REVIEW_PAGES: dict = {}


def register_review_page(subject_type: str, url_of) -> None:
    """`url_of(assignment) -> str | None`: where the expert reviews this assignment instead of talent's page."""
    REVIEW_PAGES[subject_type] = url_of


def review_page_of(assignment: Assignment) -> str | None:
    url_of = REVIEW_PAGES.get(assignment.draw.subject_type)
    return url_of(assignment) if url_of is not None else None


def assignment_get(assignment_id: int) -> Assignment:
    found = Assignment.objects.select_related("draw", "expert", "expert__user").filter(pk=assignment_id).first()
    if found is None:
        raise NotFound()
    return found


def _pool_expert(expert: Expert) -> PoolExpert:
    return PoolExpert(
        id=expert.pk,
        name=expert.name,
        organization=org_key(expert.employer_id) if expert.employer_id else "",
        organization_name=expert.organization_name,
        fields=frozenset(f.name for f in expert.fields.all()),
        kind=expert.kind,
    )


def _panel(draw: Draw, item_ref: str) -> ItemPanel:
    stored = next(p for p in draw.result["panels"] if p["item"] == item_ref)
    ids = [e["id"] for e in stored["experts"]] + [e["id"] for e in stored["reserves"]]
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=ids).select_related("employer").prefetch_related("fields")}
    return ItemPanel(
        item_ref,
        [_pool_expert(experts[e["id"]]) for e in stored["experts"]],
        [_pool_expert(experts[e["id"]]) for e in stored["reserves"] if experts[e["id"]].status == Expert.Status.ACTIVE],
        [],
    )


@transaction.atomic
def assignment_decline(*, actor, assignment: Assignment, reason: str) -> Assignment | None:
    """The expert declares a conflict with the item: their assignment is declined and the first reserve that
    keeps the panel's rules takes their place (returned). Refused when no reserve fits: the office draws again."""
    ensure_allowed(permissions.can_act_on_assignment(actor, assignment))
    draw = Draw.objects.select_for_update().get(pk=assignment.draw_id)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Assignment.Status.ASSIGNED:
        raise Conflict(_("该评审任务已办理"))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请说明回避理由（与评审对象的关系）")}])
    if len(reason) > 300:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("回避理由不能超过 300 个字")}])
    rules = rules_from_dict(draw.rules)
    panel = _panel(draw, assignment.item_ref)
    try:
        new_panel, reserve = replace_with_reserve(
            panel, assignment.expert_id, reason, rules, reviews=reviews_this_year(timezone.localdate())
        )
    except DrawError as e:
        raise ValidationFailed(
            _("没有可替换的备选专家，请办公室重新抽取"), detail=[{"field": "reason", "message": e.message}]
        ) from e
    assignment.status, assignment.declined_reason = Assignment.Status.DECLINED, reason
    assignment.save(update_fields=["status", "declined_reason"])
    replacement = Assignment.objects.create(
        draw=draw,
        expert_id=reserve.id,
        item_ref=assignment.item_ref,
        item_title=assignment.item_title,
        due_at=assignment.due_at,
    )
    result = dict(draw.result)
    result["panels"] = [
        {
            **p,
            "experts": new_panel.as_dict()["experts"],
            "reserves": new_panel.as_dict()["reserves"],
            "excluded": p["excluded"] + [{"id": assignment.expert_id, "reason": reason, "code": "declared"}],
        }
        if p["item"] == assignment.item_ref
        else p
        for p in result["panels"]
    ]
    draw.result = result
    draw.save(update_fields=["result"])
    ledger_append(
        kind=EVENT_REPLACE,
        subject=draw,
        data={"state": draw_state(draw), "item": assignment.item_ref, "out": assignment.expert_id, "in": reserve.id},
    )
    audit.record(
        actor=actor,
        action="talent.assignment.decline",
        obj=draw,
        summary=draw.purpose,
        after={"item": assignment.item_ref, "out": assignment.expert_id, "in": reserve.id, "reason": reason},
    )
    notify_drawn([reserve.id], draw)
    return replacement


def can_submit(actor, assignment: Assignment):
    """The expert themself, or the office entering a review the expert gave on paper or at a meeting."""
    if permissions.can_manage_experts(actor)[0]:
        return True, ""
    return permissions.can_act_on_assignment(actor, assignment)


@transaction.atomic
def assignment_submit(*, actor, assignment: Assignment, score, recommend: bool, opinion: str) -> Assignment:
    """Submit the review (score 0–100, recommend or not, opinion). When the office enters it for the expert,
    the audit row says so."""
    ensure_allowed(can_submit(actor, assignment))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Assignment.Status.ASSIGNED:
        raise Conflict(_("该评审任务已办理"))
    problems = []
    try:
        value = Decimal(str(score).strip())
        if not value.is_finite() or value < 0 or value > 100:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        value = None
        problems.append({"field": "score", "message": _("评分应为 0–100 之间的数")})
    opinion = (opinion or "").strip()
    if len(opinion) < 10:
        problems.append({"field": "opinion", "message": _("请填写评审意见（至少 10 个字）")})
    elif len(opinion) > TEXT_MAX:
        problems.append({"field": "opinion", "message": _("评审意见不能超过 %(n)s 个字") % {"n": TEXT_MAX}})
    if problems:
        raise ValidationFailed(detail=problems)
    assignment.score = value.quantize(Decimal("0.1"))
    assignment.recommend, assignment.opinion = bool(recommend), opinion
    assignment.status, assignment.submitted_at = Assignment.Status.SUBMITTED, timezone.now()
    assignment.save(update_fields=["score", "recommend", "opinion", "status", "submitted_at"])
    audit.record(
        actor=actor,
        action="talent.assignment.submit",
        obj=assignment.draw,
        summary=assignment.item_title or assignment.item_ref,
        after={
            "expert": assignment.expert_id,
            "score": str(assignment.score),
            "recommend": assignment.recommend,
            "entered_by_office": assignment.expert.user_id != getattr(actor, "pk", None),
        },
    )
    return assignment


@transaction.atomic
def assignment_rate(*, actor, assignment: Assignment, rating) -> Assignment:
    ensure_allowed(permissions.can_rate(actor))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Assignment.Status.SUBMITTED:
        raise Conflict(_("只能评价已提交的评审"))
    try:
        value = int(str(rating).strip())
    except ValueError:
        value = 0
    if not 1 <= value <= 5:
        raise ValidationFailed(detail=[{"field": "rating", "message": _("评价应为 1–5 分")}])
    assignment.rating, assignment.rated_by = value, actor
    assignment.save(update_fields=["rating", "rated_by"])
    audit.record(
        actor=actor,
        action="talent.assignment.rate",
        obj=assignment.draw,
        summary=assignment.item_ref,
        after={"expert": assignment.expert_id, "rating": value},
    )
    return assignment


def assignments_mark_missed(*, now=None) -> int:
    """Assignments past their deadline without a review become missed (未评审): they count against the
    expert's credit score. Run daily."""
    now = now or timezone.now()
    return Assignment.objects.filter(status=Assignment.Status.ASSIGNED, due_at__lt=now).update(
        status=Assignment.Status.MISSED
    )
