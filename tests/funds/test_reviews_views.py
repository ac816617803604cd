"""Pages and API of expert review by role: the second expert cannot see the first's scores before submitting
(page, HTMX fragment, API), the office's ranking/pack/decisions pages and downloads, leaders read-only,
others refused, the award letter for the applicant."""

import datetime as dt

from django.test import Client

from innozone.core.models import Publicity, User
from innozone.funds.models import Award, Review
from innozone.funds.services import awards, decisions, draws, meetings, reviews
from tests.funds.test_reviews_world import expert_user, full_scores, make_call


def _drawn(n=2):
    w = make_call(n=n)
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="views")
    return w


def test_second_expert_cannot_see_first_scores_before_submitting(innovation, client, api):
    w = _drawn(1)
    first, second = list(Review.objects.filter(application=w["apps"][0]).order_by("id"))[:2]
    u1, u2 = expert_user(first), expert_user(second)
    c = w["criteria"]
    client.force_login(u1)
    page = client.get(f"/funds/reviews/{first.pk}/")
    assert page.status_code == 200 and 'id="review-form"' in page.content.decode()
    r = client.post(
        f"/funds/reviews/{first.pk}/",
        {
            f"score_{c[0].pk}": "9",
            f"score_{c[1].pk}": "8.5",
            f"score_{c[2].pk}": "4.5",
            "opinion": "第一位专家的独到意见ABCXYZ",
            "recommend": "yes",
        },
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.status == "submitted" and first.total == Decimal_("88.50")
    assert "/funds/reviews/" in client.get("/funds/reviews/").content.decode()
    client.force_login(u2)
    before = client.get(f"/funds/reviews/{second.pk}/").content.decode()
    assert "第一位专家的独到意见ABCXYZ" not in before and "88.50" not in before and 'id="others-hidden"' in before
    fragment = client.get(f"/funds/reviews/{second.pk}/others/").content.decode()
    assert "ABCXYZ" not in fragment and "88.50" not in fragment
    assert client.get(f"/funds/reviews/{first.pk}/").status_code == 403  # not their review
    api.as_user(u2)
    body = api.get(f"/api/funds/reviews/{second.pk}").json()
    assert body["others_visible"] is False and body["others"] == []
    assert "ABCXYZ" not in str(body)
    assert api.get(f"/api/funds/reviews/{first.pk}").status_code == 403
    # a problem is shown under the form, nothing saved
    bad = client.post(f"/funds/reviews/{second.pk}/", {f"score_{c[0].pk}": "12", "opinion": "短", "recommend": ""})
    assert bad.status_code == 422 and 'id="review-errors"' in bad.content.decode()
    r = api.post(
        f"/api/funds/reviews/{second.pk}/submit",
        {
            "scores": {str(c[0].pk): "5", str(c[1].pk): "5", str(c[2].pk): "2.5"},
            "opinion": "第二位专家的评审意见内容",
            "recommend": False,
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["others_visible"] is True and [o["total"] for o in body["others"]] == ["88.50"]
    after = client.get(f"/funds/reviews/{second.pk}/others/").content.decode()
    assert "ABCXYZ" in after and "88.50" in after
    assert api.get("/api/funds/reviews").json()["count"] == 1


def Decimal_(s):
    from decimal import Decimal

    return Decimal(s)


def test_office_pages_and_read_only_roles(innovation, client):
    w = _drawn(2)
    for r in Review.objects.filter(application__call=w["call"]):
        reviews.review_submit(
            actor=w["office"],
            review=r,
            scores=full_scores(w["criteria"]),
            opinion="代专家录入的评审意见。",
            recommend=True,
        )
    client.force_login(w["office"])
    call = w["call"].pk
    for url in [
        "/funds/review-calls/",
        f"/funds/calls/{call}/ranking/",
        f"/funds/calls/{call}/meetings/",
        f"/funds/calls/{call}/pack/",
        f"/funds/calls/{call}/decisions/",
        f"/funds/applications/{w['apps'][0].pk}/reviews/",
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "style=" not in page.content.decode()
    ranking = client.get(f"/funds/calls/{call}/ranking/").content.decode()
    assert 'id="draw-seed"' in ranking and "views" in ranking and "77.00" in ranking
    xlsx = client.get(f"/funds/calls/{call}/ranking.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(f"/funds/calls/{call}/pack.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and b"/Type /Page" in pdf.content
    assert client.get(f"/funds/calls/{call}/pack.xlsx").content[:2] == b"PK"
    r = client.post(
        f"/funds/calls/{call}/meetings/add/",
        {"kind": "decision", "name": "立项决策会", "held_on": "2026-12-05", "minutes": "会议审议通过"},
    )
    assert r.status_code == 302
    meeting = w["call"].meetings.get()
    r = client.post(
        f"/funds/calls/{call}/decisions/save/",
        {
            "meeting": meeting.pk,
            "application": [w["apps"][0].pk, w["apps"][1].pk],
            f"outcome_{w['apps'][0].pk}": "approve",
            f"line_{w['apps'][0].pk}": w["line"].pk,
            f"outcome_{w['apps'][1].pk}": "decline",
        },
    )
    assert r.status_code == 302
    assert w["apps"][0].__class__.objects.get(pk=w["apps"][0].pk).status == "approved"
    # leaders and auditors read, without forms; an enterprise and an expert are refused
    leader = Client()
    leader.force_login(User.objects.get(username="leader"))
    page = leader.get(f"/funds/calls/{call}/decisions/").content.decode()
    assert 'id="decision-form"' in page and 'name="outcome_' not in page and 'id="publicity-form"' not in page
    assert leader.get(f"/funds/calls/{call}/pack/").status_code == 200
    assert leader.post(f"/funds/calls/{call}/publicity/").status_code == 302
    assert w["call"].__class__.objects.get(pk=call).stage == "decision"  # refused with a message
    for name in ("enterprise", "expert1", "lanzhou"):
        other = Client()
        other.force_login(User.objects.get(username=name))
        assert other.get(f"/funds/calls/{call}/pack/").status_code == 403, name
        assert other.get(f"/funds/calls/{call}/ranking/").status_code == 403, name


def test_award_letter_for_the_applicant(innovation, client, api, django_capture_on_commit_callbacks):
    enterprise = User.objects.get(username="enterprise")
    w = make_call(n=1, applicants=[enterprise.organization])
    draws.call_draw_panels(actor=w["office"], call=w["call"], seed="letter")
    for r in Review.objects.filter(application__call=w["call"]):
        reviews.review_submit(
            actor=w["office"],
            review=r,
            scores=full_scores(w["criteria"]),
            opinion="代专家录入的评审意见。",
            recommend=True,
        )
    m = meetings.meeting_record(
        actor=w["office"], call=w["call"], kind="decision", name="决策会", held_on=dt.date(2026, 12, 5), minutes="通过"
    )
    decisions.decision_record(
        actor=w["office"], call=w["call"], meeting=m, application=w["apps"][0], outcome="approve", budget_line=w["line"]
    )
    api.as_user(w["office"])
    assert api.post(f"/api/funds/calls/{w['call'].pk}/publicity", {}).status_code == 201
    notice = Publicity.objects.get(request__subject_id=w["call"].pk, request__subject_type="funds.Call")
    days = dt.timedelta(days=notice.days, minutes=1)  # the notice ran its days
    Publicity.objects.filter(pk=notice.pk).update(starts_at=notice.starts_at - days, ends_at=notice.ends_at - days)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(
            f"/api/funds/calls/{w['call'].pk}/publicity/decide", {"approve": True, "letter_base": "兰白自创〔2026〕7号"}
        )
    assert r.status_code == 200 and r.json()["stage"] == "awarded", r.content
    award = Award.objects.get()
    assert award.letter_no == "兰白自创〔2026〕7号-01"
    assert enterprise.notices.filter(link=f"/funds/awards/{award.pk}/").exists()
    client.force_login(enterprise)
    page = client.get(f"/funds/awards/{award.pk}/")
    assert (
        page.status_code == 200
        and "兰白自创〔2026〕7号-01" in page.content.decode()
        and "500,000.00" in page.content.decode()
    )
    pdf = client.get(f"/funds/awards/{award.pk}/letter.pdf")
    assert pdf.content.startswith(b"%PDF")
    other = Client()
    other.force_login(User.objects.get(username="provider"))
    assert other.get(f"/funds/awards/{award.pk}/").status_code == 403
    assert api.get(f"/api/funds/award-letters/{award.pk}").json()["letter_no"] == award.letter_no
    assert awards.default_letter_base(w["call"])


def test_api_office_flow_draw_ranking_pack_decisions(innovation, api):
    w = make_call(n=2, budget="600000")
    call = w["call"].pk
    api.as_user(User.objects.get(username="enterprise"))
    assert api.post(f"/api/funds/calls/{call}/draw", {}).status_code == 403
    api.as_user(w["office"])
    r = api.post(f"/api/funds/calls/{call}/draw", {"seed": "api-seed"})
    assert r.status_code == 201 and r.json()["seed"] == "api-seed" and r.json()["reviews"] == 10
    assert api.post(f"/api/funds/calls/{call}/draw", {}).status_code == 409
    for rv in Review.objects.filter(application__call_id=call):
        reviews.review_submit(
            actor=w["office"],
            review=rv,
            scores=full_scores(w["criteria"]),
            opinion="代专家录入的评审意见。",
            recommend=True,
        )
    ranking = api.get(f"/api/funds/calls/{call}/ranking").json()
    assert [row["submitted"] for row in ranking] == [5, 5] and ranking[0]["trimmed_mean"] == "77.00"
    m = api.post(
        f"/api/funds/calls/{call}/meetings",
        {"kind": "decision", "name": "决策会", "held_on": "2026-12-05", "minutes": "通过"},
    )
    assert m.status_code == 201
    bad = api.post(
        f"/api/funds/calls/{call}/decisions",
        {
            "meeting_id": m.json()["id"],
            "items": [
                {"application": a.pk, "outcome": "adjust", "amount": "900000", "budget_line": w["line"].pk}
                for a in w["apps"]
            ],
        },
    )
    assert bad.status_code == 422
    fields = {d["field"] for d in bad.json()["detail"]}
    assert {"amount", "budget"} <= fields  # above the request and the call budget, listed together
    ok = api.post(
        f"/api/funds/calls/{call}/decisions",
        {
            "meeting_id": m.json()["id"],
            "items": [
                {"application": w["apps"][0].pk, "outcome": "approve", "budget_line": w["line"].pk},
                {"application": w["apps"][1].pk, "outcome": "decline"},
            ],
        },
    )
    assert ok.status_code == 200, ok.content
    pack = api.get(f"/api/funds/calls/{call}/pack").json()
    assert pack["committed"] == "500000.00" and pack["call_remaining"] == "100000.00"
    assert {i["decision"]["outcome"] for i in pack["items"]} == {"approve", "decline"}
    assert len(pack["items"][0]["opinions"]) == 5
    assert api.get(f"/api/funds/calls/{call}/pack.pdf").content.startswith(b"%PDF")
    api.as_user(User.objects.get(username="leader"))
    assert api.get(f"/api/funds/calls/{call}/pack").status_code == 200
    assert api.post(f"/api/funds/calls/{call}/publicity", {}).status_code == 403


def test_expert_reads_attachments_and_declines_from_the_page(innovation, client):
    from django.core.files.base import ContentFile

    from innozone.funds.models import ApplicationFile

    w = _drawn(1)
    app = w["apps"][0]
    f = ApplicationFile(application=app, key="plan", name="实施方案.pdf")
    f.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    rows = list(Review.objects.filter(application=app).order_by("id"))
    client.force_login(expert_user(rows[0]))
    page = client.get(f"/funds/reviews/{rows[0].pk}/").content.decode()
    assert f"/funds/reviews/{rows[0].pk}/files/{f.pk}/" in page
    got = client.get(f"/funds/reviews/{rows[0].pk}/files/{f.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 plan"
    stranger = Client()
    stranger.force_login(User.objects.get(username="enterprise"))
    assert stranger.get(f"/funds/reviews/{rows[0].pk}/files/{f.pk}/").status_code == 403
    declined = None
    for r in rows:  # the first member a reserve can replace
        c = Client()
        c.force_login(expert_user(r))
        c.post(f"/funds/reviews/{r.pk}/decline/", {"reason": "曾在申报单位兼职"})
        r.refresh_from_db()
        if r.status == "declined":
            declined = r
            break
    assert declined is not None
    assert Review.objects.filter(application=app).exclude(status="declined").count() == 5
