"""Expert review to award, through the services: the panel draw (one review per member, no conflict, sealed in
the ledger), submitting with every problem listed, the hiding rule, the ranking's figures, the panel meeting,
decisions within the call budget, the budget line and the cap per related group (every problem listed), the
公示 with an objection, the awards as ledger events (`ledger verify` clean, a tampered amount caught)."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.core import publicity
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Publicity
from innozone.enterprises import selectors as registry
from innozone.funds.models import Application, Award, Call, Review
from innozone.funds.selectors import decisions as dsel
from innozone.funds.selectors import reviews as rsel
from innozone.funds.services import awards, decisions, draws, meetings, reviews
from innozone.ledger import services as ledger
from innozone.ledger.verify import verify
from innozone.talent.models import Assignment, Expert
from tests.funds.test_reviews_world import enterprises, expert_user, full_scores, make_call


def _submit_all(w, values=(8, 7, 4), skip=()):
    for r in Review.objects.filter(application__call=w["call"], status="assigned").order_by("id"):
        if r.pk in skip:
            continue
        reviews.review_submit(
            actor=w["office"],
            review=r,
            scores=full_scores(w["criteria"], values),
            opinion="材料完整，建议支持立项。",
            recommend=True,
        )


def test_draw_creates_reviews_without_conflict(innovation):
    w = make_call(n=3)
    draw = draws.call_draw_panels(actor=w["office"], call=w["call"], seed="fixed-seed")
    call = Call.objects.get(pk=w["call"].pk)
    assert call.stage == "review" and call.draw_id == draw.pk and draw.seed == "fixed-seed"
    rows = Review.objects.filter(application__call=call)
    assert rows.count() == 3 * 5
    for app in w["apps"]:
        experts = Expert.objects.filter(pk__in=rows.filter(application=app).values("expert_id"))
        assert app.applicant_id not in {e.employer_id for e in experts}
    assert {r.assignment_id for r in rows} == set(
        Assignment.objects.filter(draw_id=draw.pk).values_list("pk", flat=True)
    )
    with pytest.raises(Conflict):
        draws.call_draw_panels(actor=w["office"], call=call)
    assert verify().ok


def test_submit_validation_hiding_rule_and_ranking(innovation):
    w = make_call(n=2)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="s")
    app = w["apps"][0]
    first, second, third, *rest = list(Review.objects.filter(application=app).order_by("id"))
    u1, u2 = expert_user(first), expert_user(second)
    c = w["criteria"]
    with pytest.raises(ValidationFailed) as e:
        reviews.review_submit(
            actor=u1, review=first, scores={c[0].pk: "11", c[1].pk: "7.25"}, opinion="短", recommend=None
        )
    assert sorted(d["field"] for d in e.value.detail) == sorted(
        [f"score_{c[0].pk}", f"score_{c[1].pk}", f"score_{c[2].pk}", "opinion", "recommend"]
    )
    with pytest.raises(Forbidden):  # not their review
        reviews.review_submit(
            actor=u2, review=first, scores=full_scores(c), opinion="意见意见意见意见意见", recommend=True
        )
    reviews.review_submit(
        actor=u1, review=first, scores=full_scores(c, (9, 9, 5)), opinion="创新性突出，建议支持。", recommend=True
    )
    first.refresh_from_db()
    assert first.total == Decimal("93.00") and first.status == "submitted"
    assert Assignment.objects.get(pk=first.assignment_id).status == "submitted"  # the credit record in talent
    with pytest.raises(Forbidden):
        reviews.review_submit(
            actor=u1, review=first, scores=full_scores(c), opinion="再次提交的意见内容", recommend=True
        )
    # the hiding rule: the second expert sees nothing of the first before submitting
    assert rsel.other_reviews(u2, second) == []
    assert [r.pk for r in rsel.other_reviews(u1, first)] == []  # nobody else has submitted yet
    reviews.review_submit(
        actor=u2, review=second, scores=full_scores(c, (5, 5, 2)), opinion="基础一般，建议调整。", recommend=False
    )
    second.refresh_from_db()
    assert [r.pk for r in rsel.other_reviews(u2, second)] == [first.pk]
    assert [r.pk for r in rsel.other_reviews(w["office"], third)] == [first.pk, second.pk]
    reviews.review_submit(
        actor=w["office"],
        review=third,
        scores=full_scores(c, (2, 2, 1)),
        opinion="代专家录入的纸质评审意见。",
        recommend=False,
    )
    assert Application.objects.get(pk=app.pk).status == "review"
    for r in rest:
        reviews.review_submit(
            actor=w["office"], review=r, scores=full_scores(c), opinion="代专家录入的纸质评审意见。", recommend=True
        )
    assert Application.objects.get(pk=app.pk).status == "reviewed"
    rows = {r["pk"]: r for r in rsel.ranking(w["call"])}
    row = rows[app.pk]
    assert (row["submitted"], row["assigned"]) == (5, 5)
    assert row["total"] == Decimal("314.00")  # 93 + 47 + 20 + 77 + 77
    assert row["mean"] == Decimal("62.80") and row["trimmed"] == Decimal("67.00") and row["median"] == Decimal("77.00")
    assert row["spread"] == Decimal("73.00")
    assert [x["outlier"] for x in row["reviews"]] == [False, True, True, False, False]
    assert rows[w["apps"][1].pk]["submitted"] == 0 and rows[w["apps"][1].pk]["mean"] is None
    reviews.review_rate(actor=w["office"], review=first, rating=5)
    assert Assignment.objects.get(pk=first.assignment_id).rating == 5
    with pytest.raises(Forbidden):
        reviews.review_rate(actor=u1, review=first, rating=5)


def test_decline_brings_the_reserve(innovation):
    w = make_call(n=1)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="decline")
    done = None
    for r in Review.objects.filter(application__call=w["call"]).order_by("id"):
        try:
            done = (r, reviews.review_decline(actor=expert_user(r), review=r, reason="曾在申报单位兼职"))
            break
        except ValidationFailed:
            continue
    assert done is not None
    old, new = done
    old.refresh_from_db()
    assert old.status == "declined" and new.status == "assigned" and new.expert_id != old.expert_id
    assert Review.objects.filter(application__call=w["call"]).exclude(status="declined").count() == 5


def _decide_ready(w, n_submit=None):
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="d")
    _submit_all(w)
    panel = meetings.meeting_record(
        actor=w["office"], call=w["call"], kind="panel", name="专家评审会", held_on="2026-12-01", minutes="逐项评议"
    )
    meetings.consensus_set(
        actor=w["office"], meeting=panel, application=w["apps"][0], opinion="adjust", amount="300000"
    )
    with pytest.raises(ValidationFailed):
        meetings.consensus_set(actor=w["office"], meeting=panel, application=w["apps"][0], opinion="adjust", amount="")
    return meetings.meeting_record(
        actor=w["office"], call=w["call"], kind="decision", name="立项决策会", held_on="2026-12-05", minutes="审议通过"
    )


def test_decision_limits_every_problem_listed(innovation):
    w = make_call(n=4, budget="1000000", line_amount="900000", cap="600000", amount="500000")
    meeting = _decide_ready(w)
    line = w["line"]
    items = [{"application": a.pk, "outcome": "approve", "budget_line": line.pk} for a in w["apps"][:3]]
    with pytest.raises(ValidationFailed) as e:
        decisions.decisions_record(actor=w["office"], call=w["call"], meeting=meeting, items=items)
    fields = {d["field"] for d in e.value.detail}
    assert {"budget", "budget_line"} <= fields  # 1.5M > 1M call budget; > 0.9M on the line
    # the cap per applicant's group: the same applicant twice is over 600k
    same = make_call(n=2, budget="5000000", applicants=[w["apps"][0].applicant] * 2, amount="400000")
    m2 = _decide_ready(same)
    with pytest.raises(ValidationFailed) as e:
        decisions.decisions_record(
            actor=w["office"],
            call=same["call"],
            meeting=m2,
            items=[{"application": a.pk, "outcome": "approve", "budget_line": same["line"].pk} for a in same["apps"]],
        )
    assert [d["field"] for d in e.value.detail] == ["cap"]
    # within every limit
    out = decisions.decisions_record(
        actor=w["office"],
        call=w["call"],
        meeting=meeting,
        items=[
            {"application": w["apps"][0].pk, "outcome": "adjust", "amount": "100000", "budget_line": line.pk},
            {"application": w["apps"][1].pk, "outcome": "approve", "budget_line": line.pk},
            {"application": w["apps"][2].pk, "outcome": "decline", "note": "评分靠后"},
            {"application": w["apps"][3].pk, "outcome": "decline"},
        ],
    )
    assert [d.outcome for d in out] == ["adjust", "approve", "decline", "decline"]
    assert Call.objects.get(pk=w["call"].pk).stage == "decision"
    assert dsel.call_committed(w["call"]) == Decimal("600000")
    assert dsel.line_committed([line.pk])[line.pk] == Decimal("600000")


def test_cap_counts_related_parties(innovation):
    orgs = enterprises(30)
    related = registry.related_organizations({o.pk for o in orgs})
    pair = next(((o, p) for o in orgs for p in orgs if p.pk in related.get(o.pk, set())), None)
    assert pair is not None, "the registry demo has related enterprises"
    w = make_call(n=2, budget="5000000", cap="600000", amount="400000", applicants=list(pair))
    meeting = _decide_ready(w)
    with pytest.raises(ValidationFailed) as e:
        decisions.decisions_record(
            actor=w["office"],
            call=w["call"],
            meeting=meeting,
            items=[{"application": a.pk, "outcome": "approve", "budget_line": w["line"].pk} for a in w["apps"]],
        )
    assert [d["field"] for d in e.value.detail] == ["cap"]
    assert pair[0].name in e.value.detail[0]["message"] and pair[1].name in e.value.detail[0]["message"]


def test_publicity_awards_ledger_and_tamper(innovation, settings):
    settings.INNOZONE_PUBLICITY_DAYS = 5
    w = make_call(n=2)
    meeting = _decide_ready(w)
    decisions.decisions_record(
        actor=w["office"],
        call=w["call"],
        meeting=meeting,
        items=[
            {"application": w["apps"][0].pk, "outcome": "adjust", "amount": "300000", "budget_line": w["line"].pk},
            {"application": w["apps"][1].pk, "outcome": "decline"},
        ],
    )
    request = awards.award_publicity_start(actor=w["office"], call=w["call"])
    call = Call.objects.get(pk=w["call"].pk)
    assert call.stage == "publicity" and call.publicity_id == request.pk
    notice = publicity.publicity_of(request)
    assert notice.days == 5 and w["apps"][0].applicant.name in notice.body and "300,000.00" in notice.body
    objection = publicity.objection_file(
        actor=None, publicity=notice, name="张某", contact="138", text="申报数据有误，请核实。"
    )
    with pytest.raises(ValidationFailed, match="公示期未满"):
        awards.award_publicity_decide(actor=w["office"], call=call, approve=True)
    days = dt.timedelta(days=6)
    Publicity.objects.filter(pk=notice.pk).update(starts_at=notice.starts_at - days, ends_at=notice.ends_at - days)
    with pytest.raises(ValidationFailed, match="异议未答复"):
        awards.award_publicity_decide(actor=w["office"], call=call, approve=True)
    publicity.objection_answer(actor=w["office"], objection=objection, answer="经核实数据无误。", upheld=False)
    awards.award_publicity_decide(
        actor=w["office"], call=call, approve=True, letter_base="兰白自创〔2026〕12号", letter_date="2026-12-20"
    )
    call.refresh_from_db()
    assert call.stage == "awarded"
    award = Award.objects.get(application=w["apps"][0])
    assert award.letter_no == "兰白自创〔2026〕12号-01" and award.amount == Decimal("300000")
    assert award.letter_date == dt.date(2026, 12, 20) and award.budget_line_id == w["line"].pk
    assert Application.objects.get(pk=w["apps"][0].pk).status == "awarded"
    assert Application.objects.get(pk=w["apps"][1].pk).status == "declined"
    assert not Award.objects.filter(application=w["apps"][1]).exists()
    budget = dsel.programme_budget(w["programme"])
    assert budget["awarded"] == Decimal("300000") and budget["remaining"] == budget["total"] - Decimal("300000")
    ledger.head_sign_current()
    assert verify().ok, verify().problems
    Award.objects.filter(pk=award.pk).update(amount=Decimal("300001"))
    assert f"funds.Award {award.pk}: record differs from its last ledger event" in verify().problems


def test_rejected_publicity_returns_to_decision(innovation):
    w = make_call(n=1)
    meeting = _decide_ready(w)
    decisions.decision_record(
        actor=w["office"],
        call=w["call"],
        meeting=meeting,
        application=w["apps"][0],
        outcome="approve",
        budget_line=w["line"],
    )
    awards.award_publicity_start(actor=w["office"], call=w["call"])
    call = Call.objects.get(pk=w["call"].pk)
    awards.award_publicity_decide(actor=w["office"], call=call, approve=False, comment="异议成立，重新决策")
    call.refresh_from_db()
    assert call.stage == "decision" and call.publicity_id is None
    assert not Award.objects.filter(application__call=call).exists()
    awards.award_publicity_start(actor=w["office"], call=call)  # published again after a new decision
    assert Call.objects.get(pk=call.pk).stage == "publicity"


def test_co_applicant_conflict_is_flagged_for_the_office(innovation, client):
    from innozone.funds.models import CoApplicant

    w = make_call(n=1)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="co")
    call = Call.objects.get(pk=w["call"].pk)
    assert draws.co_applicant_conflicts(call) == []
    review = Review.objects.filter(application=w["apps"][0]).order_by("id").first()
    employer = Expert.objects.get(pk=review.expert_id).employer
    if employer is None or employer.pk == w["apps"][0].applicant_id:
        pytest.skip("the first panel member has no employer organization in the registry")
    CoApplicant.objects.create(application=w["apps"][0], organization=employer)
    found = draws.co_applicant_conflicts(call)
    assert [x["review"].pk for x in found] == [review.pk]
    client.force_login(w["office"])
    assert 'id="co-conflicts"' in client.get(f"/funds/calls/{w['call'].pk}/ranking/").content.decode()


def test_what_an_expert_does_on_talents_own_page_is_caught_up(innovation, client):
    from innozone.talent.services import reviews as talent_reviews

    w = make_call(n=1)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="sync")
    call = Call.objects.get(pk=w["call"].pk)
    assert reviews.reviews_sync(call=call) == 0
    rows = list(Review.objects.filter(application__call=call).order_by("id"))
    replaced = None
    for r in rows:
        try:
            replaced = (
                r,
                talent_reviews.assignment_decline(
                    actor=expert_user(r),
                    assignment=talent_reviews.assignment_get(r.assignment_id),
                    reason="存在利害关系",
                ),
            )
            break
        except ValidationFailed:
            continue
    assert replaced is not None
    old, assignment = replaced
    reserve_user = expert_user(Review(expert_id=assignment.expert_id))
    client.force_login(reserve_user)
    assert client.get("/funds/reviews/").status_code == 200  # the reserve's list brings their review
    old.refresh_from_db()
    new = Review.objects.get(assignment_id=assignment.pk)
    assert old.status == "declined" and new.status == "assigned" and new.application_id == old.application_id
    # a score submitted on talent's page does not block the criteria scores here
    other = next(r for r in rows if r.pk != old.pk)
    talent_reviews.assignment_submit(
        actor=w["office"],
        assignment=talent_reviews.assignment_get(other.assignment_id),
        score="80",
        recommend=True,
        opinion="在人才库页面提交的评审意见。",
    )
    reviews.review_submit(
        actor=w["office"],
        review=other,
        scores=full_scores(w["criteria"]),
        opinion="补录各评分项的评审意见。",
        recommend=True,
    )
    assert Review.objects.get(pk=other.pk).total == Decimal("77.00")
