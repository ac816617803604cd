"""Demo data of the reviews part (called by demo/__init__.py after the calls part): the plan programme's calls
the calls part brought to review (rounds 1–4: awarded, publicity, decision, review) are taken to their state
through the services — panels drawn, scores submitted (one review left pending on the review call, the demo
expert's when drawn), the panel meeting with consensus, the deciding meeting and decisions, the 公示 (running
with one objection on the publicity call) and the awards with their letters on the awarded call. Idempotent;
does nothing when the calls part made no applications."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core import publicity
from innozone.core.errors import DomainError
from innozone.core.models import Publicity, User
from innozone.talent.services import reviews as talent_reviews

from ..models import Application, Call, Meeting, Programme, Review
from ..selectors.reviews import criteria_of, ranking
from ..services import awards, decisions, draws, meetings, reviews

YEAR = 2026
PLAN = "兰白自创区科技计划项目"
#: round of the plan programme → the state the reviews part takes it to
TARGETS = {1: "awarded", 2: "publicity", 3: "decision", 4: "review"}
ORDER = ["review", "decision", "publicity", "awarded"]
OPINIONS = [
    "技术路线清晰，创新点明确，研究基础较好，建议支持。",
    "项目具有较好的产业化前景，预算基本合理，建议适当压缩设备费。",
    "团队结构合理，前期成果扎实，实施方案可行。",
    "创新性一般，考核指标偏低，建议进一步细化实施方案。",
]
LETTERS = {1: "兰白自创〔2026〕12号"}


def _expert_user(review: Review):
    try:
        return talent_reviews.assignment_get(review.assignment_id).expert.user
    except DomainError:
        return None


def _draw(office, call: Call) -> None:
    if not call.draw_id:
        draws.call_draw_panels(actor=office, call=call, seed=f"demo-{call.programme.year}-{call.round}")


def _score_all(office, call: Call, *, leave_one: bool) -> None:
    rows = list(Review.objects.filter(application__call=call).order_by("application_id", "id"))
    if leave_one and any(r.status != Review.Status.ASSIGNED for r in rows):
        return  # already scored on an earlier run: keep the pending one pending
    pending = None
    if leave_one:
        demo = User.objects.filter(username="expert").first()
        pending = next((r for r in rows if demo is not None and _expert_user(r) == demo), None) or rows[-1]
    criteria = criteria_of(call)
    for r in rows:
        if r.status != Review.Status.ASSIGNED or r == pending:
            continue
        rng = random.Random(r.assignment_id)
        quality = rng.uniform(0.55, 0.95)
        scores = {
            c.pk: min(Decimal(c.max_score), Decimal(str(round(c.max_score * (quality + rng.uniform(-0.1, 0.1)), 1))))
            for c in criteria
        }
        scores = {k: max(v, Decimal(0)) for k, v in scores.items()}
        actor = _expert_user(r) or office
        reviews.review_submit(
            actor=actor,
            review=r,
            scores=scores,
            opinion=OPINIONS[rng.randrange(len(OPINIONS))],
            recommend=quality > 0.65,
        )
        if rng.random() < 0.5:
            reviews.review_rate(actor=office, review=Review.objects.get(pk=r.pk), rating=rng.randint(3, 5))


def _meeting(office, call: Call, kind: str, name: str, days_ago: int) -> Meeting:
    found = call.meetings.filter(kind=kind).first()
    if found is not None:
        return found
    return meetings.meeting_record(
        actor=office,
        call=call,
        kind=kind,
        name=name,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        attendees="自创区办公室、评审专家组（演示）",
        minutes="逐项听取汇报并质询，按评分排序形成专家组意见（演示）。",
    )


def _consensus(office, call: Call, panel: Meeting, rows: list[dict]) -> None:
    for n, row in enumerate(rows):
        app = Application.objects.get(pk=row["pk"])
        if hasattr(app, "consensus"):
            continue
        if n < len(rows) - 1:
            opinion = "support" if n % 2 == 0 else "adjust"
            amount = (row["amount"] * Decimal("0.8")).quantize(Decimal("1")) if opinion == "adjust" else None
        else:
            opinion, amount = "reject", None
        meetings.consensus_set(
            actor=office, meeting=panel, application=app, opinion=opinion, amount=amount, note="专家组讨论形成（演示）"
        )


def _decide(office, call: Call, rows: list[dict]) -> None:
    if Application.objects.filter(call=call, decision__isnull=False).exists():
        return
    deciding = _meeting(office, call, Meeting.Kind.DECISION, f"{call.title}立项决策会", 3)
    lines = list(call.programme.budget_lines.order_by("-amount", "id"))
    if not lines:
        return
    for k in range(len(rows) - 1, 0, -1):  # as many as the limits allow, the last one declined
        items = []
        for n, row in enumerate(rows):
            if n < k:
                consensus = Application.objects.get(pk=row["pk"]).consensus
                if consensus.opinion == "adjust" and consensus.amount:
                    items.append(
                        {
                            "application": row["pk"],
                            "outcome": "adjust",
                            "amount": consensus.amount,
                            "budget_line": lines[n % len(lines)].pk,
                        }
                    )
                else:
                    items.append(
                        {"application": row["pk"], "outcome": "approve", "budget_line": lines[n % len(lines)].pk}
                    )
            else:
                items.append({"application": row["pk"], "outcome": "decline", "note": "综合排名靠后（演示）"})
        try:
            with transaction.atomic():
                decisions.decisions_record(actor=office, call=call, meeting=deciding, items=items)
            return
        except DomainError:
            continue


def _take(office, call: Call, target: str) -> None:
    _draw(office, call)
    _score_all(office, call, leave_one=target == "review")
    if target == "review":
        return
    rows = [r for r in ranking(call) if r["status"] != "review"]
    if not rows:
        return
    panel = _meeting(office, call, Meeting.Kind.PANEL, f"{call.title}专家评审会", 10)
    _consensus(office, call, panel, rows)
    _decide(office, call, rows)
    if target == "decision":
        return
    if not call.publicity_id and Call.objects.get(pk=call.pk).stage == Call.Stage.DECISION:
        awards.award_publicity_start(actor=office, call=call)
    call.refresh_from_db()
    notice = publicity.publicity_of(call.publicity) if call.publicity_id else None
    if notice is None:
        return
    if target == "publicity":
        if not notice.objections.exists():
            publicity.objection_file(
                actor=None,
                publicity=notice,
                name="李某（演示）",
                contact="0931-0000000",
                text="对排名第一项目的研发投入数据有疑问，请核实（演示异议）。",
            )
        return
    if call.stage == Call.Stage.PUBLICITY:
        days = dt.timedelta(days=notice.days + 1)
        Publicity.objects.filter(pk=notice.pk).update(starts_at=notice.starts_at - days, ends_at=notice.ends_at - days)
        awards.award_publicity_decide(
            actor=office,
            call=call,
            approve=True,
            comment="公示期满无异议",
            letter_base=LETTERS.get(call.round, awards.default_letter_base(call)),
            letter_date=timezone.localdate(),
        )


def seed_part(*, with_activity: bool) -> str:
    if not with_activity:
        return ""
    office = User.objects.filter(username="office").first()
    programme = Programme.objects.filter(name=PLAN, year=YEAR).first()
    if office is None or programme is None:
        return ""
    done = []
    for round_, target in sorted(TARGETS.items(), key=lambda t: ORDER.index(t[1])):
        call = Call.objects.filter(programme=programme, round=round_).first()
        if (
            call is None
            or not call.applications.filter(
                status__in=["review", "reviewed", "approved", "declined", "awarded"]
            ).exists()
        ):
            continue
        if call.stage not in ("closed", "review", "decision", "publicity", "awarded"):
            continue
        try:
            with transaction.atomic():
                _take(office, call, target)
        except DomainError as e:
            done.append(f"{call.title}: {e.message}")
            continue
        call.refresh_from_db()
        done.append(f"{call.title} → {call.get_stage_display()}")
    return ("专项评审：" + "；".join(done)) if done else ""
