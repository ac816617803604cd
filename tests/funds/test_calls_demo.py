"""The calls part's demo inside the whole demo (`busy_funds`): both programmes, seven calls, applications in
every status, and the enterprise login can still apply to the open call and the office can open the draft call
(the judged journey starts there)."""

from innozone.core.models import User
from innozone.funds.demo import calls as demo
from innozone.funds.models import Application, Call
from innozone.funds.permissions.calls import can_apply
from innozone.funds.selectors.calls import call_effective_stage
from innozone.funds.selectors.calls_eligibility import eligibility_of


def test_whole_demo_has_calls_in_every_state(busy_funds):
    calls = Call.objects.filter(is_demo=True)
    assert calls.count() == 7
    assert {"draft", "open", "closed"} <= set(calls.values_list("stage", flat=True))
    statuses = set(Application.objects.filter(is_demo=True).values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "rejected", "recommending", "not_recommended"} <= statuses
    enterprise = User.objects.get(username="enterprise")
    open_call = Call.objects.get(programme__name=demo.COOP)
    assert call_effective_stage(open_call) == "open"
    assert can_apply(enterprise, open_call, stage="open")[0]
    assert eligibility_of(open_call, enterprise.organization)[0]
    assert not Application.objects.filter(call=open_call, applicant=enterprise.organization).exists()
    draft = Call.objects.get(programme__name=demo.PLAN, round=6)
    assert draft.stage == "draft" and draft.criteria.exists() and draft.chain == ["city"]


def test_world_without_activity_has_no_applications(funds_world):
    assert Call.objects.filter(is_demo=True).count() == 7
    assert not Application.objects.filter(call__programme__name__in=[demo.PLAN, demo.COOP]).exists()
