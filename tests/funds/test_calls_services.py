"""The calls part's services: a call opens, the enterprise applies (eligibility with reasons), autosave refuses
a stale version, submission lists every problem, the formal check returns with a list, the resubmission keeps
its number and the office sees what changed, the chain recommends in order within the quota, and the
application reaches the expert review."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Notice, Organization, User
from innozone.funds.demo import calls as demo
from innozone.funds.models import Application, Call, Quota, Sanction
from innozone.funds.selectors import applications as app_selectors
from innozone.funds.selectors.applications_changes import changes_since_return
from innozone.funds.selectors.calls import call_effective_stage, programme_remaining
from innozone.funds.selectors.calls_eligibility import eligibility_of
from innozone.funds.services import applications, applications_submit, calls, calls_stages, checks, recommendations


@pytest.fixture
def seeded(funds_world):
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=["office", "enterprise", "lanzhou", "baiyin", "lzgx", "bygx", "leader"]
        )
    }


def _draft_call():
    return Call.objects.get(programme__name=demo.PLAN, round=6)


def _fill(app, user, *, amount="500000"):
    return applications.application_save(
        actor=user,
        application=app,
        version=app.version,
        data={
            "title": "高性能铝基复合材料关键技术研发",
            "amount": amount,
            "answers": {"summary": "研发摘要", "goals": "考核指标"},
            "budget": [{"category": "设备费", "fiscal": amount, "own": "600000"}],
        },
    )


def _upload():
    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test\n", content_type="application/pdf")


def test_the_demo_makes_programmes_and_calls_in_every_state(seeded):
    stages = set(Call.objects.filter(is_demo=True).values_list("stage", flat=True))
    assert {"draft", "open", "closed"} <= stages
    assert Call.objects.filter(is_demo=True).count() == 7
    open_call = Call.objects.get(programme__name=demo.COOP)
    assert call_effective_stage(open_call) == "open"
    assert not open_call.applications.exists()


def test_open_apply_submit_return_resubmit_chain_review(seeded):
    office, enterprise, lanzhou = seeded["office"], seeded["enterprise"], seeded["lanzhou"]
    call = _draft_call()
    with pytest.raises(Forbidden):
        calls_stages.call_open(actor=enterprise, call=call)
    calls_stages.call_open(actor=office, call=call)
    call.refresh_from_db()
    assert call.stage == "open" and call_effective_stage(call) == "open"

    ok, rows = eligibility_of(call, enterprise.organization)
    assert ok, rows
    assert all(r["text"] for r in rows)
    app = applications.application_start(actor=enterprise, call=call, title="")
    with pytest.raises(Conflict):  # one application per call and applicant
        applications.application_start(actor=enterprise, call=call)

    # submission lists every problem at once
    with pytest.raises(ValidationFailed) as e:
        applications_submit.application_submit(actor=enterprise, application=app)
    fields = {d["field"] for d in e.value.detail}
    assert {"title", "amount", "summary", "goals", "plan", "budget"} <= fields

    app = _fill(app, enterprise)
    stale = app.version - 1
    with pytest.raises(Conflict) as e:  # autosave from an older version
        applications.application_save(actor=enterprise, application=app, version=stale, data={"title": "x"})
    assert e.value.code == "stale"
    applications.application_attach(actor=enterprise, application=app, key="plan", upload=_upload())
    app.refresh_from_db()
    assert app.total_budget == Decimal("1100000.00")
    app = applications_submit.application_submit(actor=enterprise, application=app)
    assert app.status == "submitted" and app.number.startswith("ZX2026-06-")
    assert Notice.objects.filter(recipient=enterprise, title__contains=app.number).exists()
    number = app.number

    # the office returns it with the complete list
    with pytest.raises(ValidationFailed):
        checks.application_check(actor=office, application=app, outcome="return", missing=[])
    checks.application_check(
        actor=office,
        application=app,
        outcome="return",
        missing=[{"item": "营业执照", "note": "加盖公章"}, {"item": "预算说明", "note": ""}],
    )
    app.refresh_from_db()
    assert app.status == "returned"
    app = applications.application_save(
        actor=enterprise, application=app, version=app.version, data={"title": "高性能铝基复合材料关键技术研发（修改）"}
    )
    app = applications_submit.application_submit(actor=enterprise, application=app)
    assert app.number == number and app.status == "submitted"
    assert "项目名称" in changes_since_return(app)

    checks.application_check(actor=office, application=app, outcome="accept")
    app.refresh_from_db()
    assert (app.status, app.chain_stage) == ("recommending", "city")
    with pytest.raises(Forbidden):  # Baiyin does not recommend for Lanzhou
        recommendations.application_recommend(actor=seeded["baiyin"], application=app, recommended=True, rank=1)
    assert app in app_selectors.recommendation_queue(lanzhou)
    recommendations.application_recommend(actor=lanzhou, application=app, recommended=True, rank=1, note="同意")
    app.refresh_from_db()
    assert (app.status, app.chain_stage) == ("review", "")
    calls_stages.call_close(actor=office, call=call)
    calls_stages.call_start_review(actor=office, call=call)
    call.refresh_from_db()
    assert call.stage == "review"


def test_rules_are_validated_and_reasons_are_given(seeded):
    office = seeded["office"]
    plan = _draft_call().programme
    base = {"title": "测试通知", "opens_at": "2026-01-01", "closes_at": "2026-02-01", "budget": "100000", "round": 9}
    with pytest.raises(ValidationFailed) as e:
        calls.call_create(
            actor=office,
            programme=plan,
            eligibility=[{"rule": "years_registered", "min": -1}, {"rule": "nope"}],
            **base,
        )
    rows = {d.get("row") for d in e.value.detail if d["field"] == "eligibility"}
    assert rows == {1, 2}
    call = calls.call_create(
        actor=office,
        programme=plan,
        eligibility=[{"rule": "years_registered", "min": 200}, {"rule": "not_sanctioned"}],
        **base,
    )
    org = seeded["enterprise"].organization
    Sanction.objects.create(
        organization=org, reason="验收不通过", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2099, 1, 1)
    )
    ok, rows = eligibility_of(call, org)
    assert not ok
    assert "注册成立不满 200 年" in rows[0]["text"] and rows[1]["passed"] is False


def test_open_refuses_a_budget_beyond_the_programme(seeded):
    office = seeded["office"]
    call = _draft_call()
    remaining = programme_remaining(call.programme, exclude_call_id=call.pk)
    Call.objects.filter(pk=call.pk).update(budget=remaining + 1)
    call.refresh_from_db()
    with pytest.raises(ValidationFailed) as e:
        calls_stages.call_open(actor=office, call=call)
    assert any(d["field"] == "budget" for d in e.value.detail)


def test_quota_refused_at_the_limit(seeded):
    office, lanzhou = seeded["office"], seeded["lanzhou"]
    call = _draft_call()
    calls_stages.call_open(actor=office, call=call)
    lz = Organization.objects.get(name="兰州市人民政府").region
    Quota.objects.create(call=call, stage="city", region=lz, quota=1)
    apps = []
    orgs = [
        o
        for o in Organization.objects.filter(
            kind="enterprise", name__endswith="（演示）", registry_entry__park__code="lzgx"
        ).order_by("pk")
        if eligibility_of(call, o)[0]
    ][:2]
    for org in orgs:
        app = applications._create(actor=None, call=call, organization=org, title="")
        demo._fill(app, 300000, [])
        applications_submit.application_submit(actor=None, application=app, check_actor=False)
        checks.application_check(actor=office, application=app, outcome="accept")
        apps.append(app)
    recommendations.application_recommend(actor=lanzhou, application=apps[0], recommended=True, rank=1)
    with pytest.raises(Conflict) as e:
        recommendations.application_recommend(actor=lanzhou, application=apps[1], recommended=True, rank=2)
    assert e.value.code == "quota_full"
    recommendations.application_recommend(actor=lanzhou, application=apps[1], recommended=False, note="名额已满")
    assert Application.objects.get(pk=apps[1].pk).status == "not_recommended"


def test_chain_goes_district_then_city(seeded):
    office, lzgx, lanzhou = seeded["office"], seeded["lzgx"], seeded["lanzhou"]
    call = Call.objects.get(programme__name=demo.PLAN, round=5)  # chain district → city; still open (no activity)
    Call.objects.filter(pk=call.pk).update(stage="open", closes_at=timezone.now() + dt.timedelta(days=3))
    call.refresh_from_db()
    org = next(
        o
        for o in Organization.objects.filter(
            kind="enterprise", name__endswith="（演示）", registry_entry__park__code="lzgx"
        ).order_by("pk")
        if eligibility_of(call, o)[0]
    )
    app = applications._create(actor=None, call=call, organization=org, title="")
    demo._fill(app, 300000, [])
    applications_submit.application_submit(actor=None, application=app, check_actor=False)
    checks.application_check(actor=office, application=app, outcome="accept")
    app.refresh_from_db()
    assert app.chain_stage == "district"
    with pytest.raises(Forbidden):  # the city waits for the park
        recommendations.application_recommend(actor=lanzhou, application=app, recommended=True, rank=1)
    recommendations.application_recommend(actor=lzgx, application=app, recommended=True, rank=1)
    app.refresh_from_db()
    assert app.chain_stage == "city"
    recommendations.application_recommend(actor=lanzhou, application=app, recommended=True, rank=1)
    app.refresh_from_db()
    assert app.status == "review"
    assert [r.stage for r in app.recommendations.order_by("id")] == ["district", "city"]


def test_cap_counts_related_parties(seeded):
    call = _draft_call()
    org = seeded["enterprise"].organization
    group = app_selectors.cap_group(org.pk)
    assert org.pk in group and len(group) >= 2  # 陇原 and 银光 share an actual controller
    assert app_selectors.applicant_committed(call.programme, group, 2026) == Decimal("0.00")
