"""The office's editors and acts through the pages: a programme with budget lines, a call with rule rows (a
malformed rule refused with its row), the check returning with a list shown to the applicant, the city's
recommendation, the receipt; read-only users act nowhere."""

import pytest
from django.urls import reverse

from innozone.core.errors import Forbidden
from innozone.core.models import User
from innozone.funds.demo import calls as demo
from innozone.funds.models import Application, Call, Programme
from innozone.funds.services import applications_submit, checks, recommendations


@pytest.fixture
def busy(funds_calls_busy):
    names = ["office", "enterprise", "lanzhou", "leader", "auditor", "lzgx"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def test_programme_and_call_editors(client, busy):
    client.force_login(busy["office"])
    response = client.post(
        reverse("funds:programme_new"),
        {
            "name": "测试专项",
            "kind": "patent",
            "year": "2026",
            "cap_per_applicant": "500000",
            "max_ratio": "0.5",
            "matching_share": "0",
            "first_tranche_min": "0.6",
            "line_subject_code": ["2060404", ""],
            "line_subject_name": ["科技成果转化与扩散", ""],
            "line_source": ["city", ""],
            "line_region": ["lz", ""],
            "line_amount": ["1000000", ""],
        },
    )
    programme = Programme.objects.get(name="测试专项")
    assert response.url == reverse("funds:programme", args=[programme.pk])
    assert programme.budget_lines.get().amount == 1000000
    page = client.get(response.url).content.decode()
    assert "1,000,000.00" in page
    data = {
        "title": "测试通知",
        "round": "1",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-12-31T17:00",
        "budget": "800000",
        "max_amount": "200000",
        "chain": ["city"],
        "rule_type": ["region", "years_registered", ""],
        "rule_values": ["lz, by", "-2", ""],
        "field_key": ["summary"],
        "field_label": ["项目摘要"],
        "field_type": ["textarea"],
        "field_required": ["1"],
        "criterion_name": ["创新性"],
        "criterion_weight": ["100"],
        "criterion_max_score": ["10"],
        "criterion_description": [""],
        "quota_stage": ["city"],
        "quota_region": ["lz"],
        "quota_quota": ["5"],
    }
    refused = client.post(reverse("funds:call_new", args=[programme.pk]), data, follow=True)
    assert "成立年限须为非负整数" in refused.content.decode()
    assert not Call.objects.filter(programme=programme).exists()
    data["rule_values"] = ["lz, by", "2", ""]
    made = client.post(reverse("funds:call_new", args=[programme.pk]), data)
    call = Call.objects.get(programme=programme)
    assert made.url == reverse("funds:call", args=[call.pk])
    assert call.eligibility == [{"rule": "region", "regions": ["lz", "by"]}, {"rule": "years_registered", "min": 2}]
    assert call.quotas.get().quota == 5 and call.criteria.count() == 1
    client.post(reverse("funds:call_stage", args=[call.pk]), {"move": "open"})
    call.refresh_from_db()
    assert call.stage == "open"
    assert client.get(reverse("funds:call_edit", args=[call.pk])).status_code == 403  # published


def test_return_list_shown_then_city_recommends(client, busy):
    office, lanzhou = busy["office"], busy["lanzhou"]
    app = Application.objects.filter(call__programme__name=demo.COOP, status="submitted").first()
    assert app is not None
    client.force_login(office)
    client.post(
        reverse("funds:application_check", args=[app.pk]),
        {
            "outcome": "return",
            "missing_item": ["合作协议", "", "预算说明"],
            "missing_note": ["须双方盖章", "", ""],
            "reason": "",
        },
    )
    app.refresh_from_db()
    assert app.status == "returned" and len(app.checks.last().missing) == 2
    applicant = User.objects.create_user(
        username="coop-user", password="x", role="enterprise", organization=app.applicant
    )
    client.force_login(applicant)
    page = client.get(reverse("funds:application_edit", args=[app.pk])).content.decode()
    assert "合作协议" in page and "须双方盖章" in page and "预算说明" in page
    applications_submit.application_submit(actor=applicant, application=app)
    client.force_login(office)
    page = client.get(reverse("funds:application", args=[app.pk])).content.decode()
    assert "上次退回时要求补正的事项" in page
    checks.application_check(actor=office, application=app, outcome="accept")
    client.force_login(lanzhou)
    queue = client.get(reverse("funds:recommendations"))
    assert app.pk in [a.pk for a in queue.context["page"].object_list]
    assert reverse("funds:application_recommend", args=[app.pk]) in queue.content.decode()  # ranked in the list
    client.post(
        reverse("funds:application_recommend", args=[app.pk]), {"decision": "recommend", "rank": "1", "note": "同意"}
    )
    app.refresh_from_db()
    assert app.status == "review"
    client.force_login(applicant)
    receipt = client.get(reverse("funds:application_receipt", args=[app.pk])).content.decode()
    assert app.number in receipt


def test_read_only_users_change_nothing(busy):
    app = Application.objects.filter(status="submitted").first()
    rec = Application.objects.filter(status="recommending", chain_stage="city").first()
    for name in ("leader", "auditor"):
        with pytest.raises(Forbidden):
            checks.application_check(actor=busy[name], application=app, outcome="accept")
        if rec:
            with pytest.raises(Forbidden):
                recommendations.application_recommend(actor=busy[name], application=rec, recommended=True, rank=1)


def test_withdraw_before_the_check_only(busy):
    app = Application.objects.filter(call__programme__name=demo.COOP, status="submitted").first()
    applicant = User.objects.create_user(
        username="coop-user2", password="x", role="enterprise", organization=app.applicant
    )
    applications_submit.application_withdraw(actor=applicant, application=app)
    assert Application.objects.get(pk=app.pk).status == "withdrawn"
    accepted = Application.objects.filter(status="review").first()
    other = User.objects.create_user(
        username="rev-user", password="x", role="enterprise", organization=accepted.applicant
    )
    with pytest.raises(Forbidden):
        applications_submit.application_withdraw(actor=other, application=accepted)


def test_co_applicant_confirms_its_part(client, busy):
    app = Application.objects.filter(call__programme__name=demo.COOP, status="draft").first()
    row = app.co_applicants.select_related("organization").first()
    row.confirmed = False
    row.save()
    partner = User.objects.create_user(
        username="uni-user", password="x", role="enterprise", organization=row.organization
    )
    client.force_login(partner)
    page = client.get(reverse("funds:application", args=[app.pk])).content.decode()
    assert reverse("funds:application_co_confirm", args=[app.pk]) in page
    client.post(reverse("funds:application_co_confirm", args=[app.pk]))
    row.refresh_from_db()
    assert row.confirmed
    client.force_login(busy["lanzhou"])  # not a partner: no button, refused
    client.post(reverse("funds:application_co_confirm", args=[app.pk]))
    assert client.get(reverse("funds:application", args=[app.pk])).status_code == 404
