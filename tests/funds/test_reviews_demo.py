"""The reviews part's demo: the plan programme's calls at review, decision, publicity and awarded are true —
panels drawn, one review pending on the review call, decisions, a running 公示 with an objection, awards in the
ledger — and a rerun changes nothing."""

from innozone.core import publicity
from innozone.funds.demo import reviews as demo
from innozone.funds.models import Award, Call, Decision, Review
from innozone.ledger.verify import verify


def test_demo_calls_reach_their_states_and_rerun_is_idempotent(busy_funds):
    calls = {c.round: c for c in Call.objects.filter(programme__name=demo.PLAN, programme__year=demo.YEAR)}
    if not calls[4].applications.exists():  # the calls part's demo made no applications
        return
    review, decision, public, awarded = calls[4], calls[3], calls[2], calls[1]
    assert review.stage == "review" and review.draw_id
    assert Review.objects.filter(application__call=review, status="assigned").count() == 1
    assert decision.stage == "decision" and Decision.objects.filter(application__call=decision).exists()
    assert public.stage == "publicity" and public.publicity_id
    notice = publicity.publicity_of(public.publicity)
    assert publicity.is_running(notice) and notice.objections.count() == 1
    assert awarded.stage == "awarded"
    letters = list(Award.objects.filter(application__call=awarded).values_list("letter_no", flat=True))
    assert letters and all(x.startswith("兰白自创〔2026〕12号-") for x in letters)
    assert verify().ok
    counts = (Review.objects.count(), Decision.objects.count(), Award.objects.count())
    demo.seed_part(with_activity=True)
    assert (Review.objects.count(), Decision.objects.count(), Award.objects.count()) == counts
    assert Review.objects.filter(application__call=review, status="assigned").count() == 1
