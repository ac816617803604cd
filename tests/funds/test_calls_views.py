"""The calls part's pages per role: who gets 200, 403 or 404; links only where the page opens; autosave
through HTMX; the demo with activity (every status, four applications in review per later call)."""

import pytest
from django.urls import reverse

from innozone.core.models import User
from innozone.funds.demo import calls as demo
from innozone.funds.models import Application, Call


@pytest.fixture
def busy(funds_calls_busy):
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "office",
                "enterprise",
                "lanzhou",
                "baiyin",
                "lzgx",
                "bygx",
                "leader",
                "auditor",
                "expert",
                "provider",
            ]
        )
    }


def _as(client, user):
    client.force_login(user)
    return client


def test_demo_activity_has_every_status_and_review_applications(busy):
    statuses = set(Application.objects.filter(is_demo=True).values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "rejected", "recommending", "not_recommended", "review"} <= statuses
    for round_ in (1, 2, 3, 4):
        call = Call.objects.get(programme__name=demo.PLAN, round=round_)
        assert call.stage == "review"
        assert call.applications.filter(status="review").count() >= 4
    assert Call.objects.get(programme__name=demo.PLAN, round=5).stage == "closed"
    returned = Application.objects.get(status="returned", call__round=5, call__programme__name=demo.PLAN)
    assert len(returned.checks.last().missing) == 2
    coop = Application.objects.filter(call__programme__name=demo.COOP).exclude(co_applicants=None)
    assert coop.filter(co_applicants__organization__kind__in=["university", "institute"]).exists()
    assert demo.seed_part(with_activity=True)  # idempotent
    assert Application.objects.filter(is_demo=True).count() == len(list(Application.objects.filter(is_demo=True)))


def test_pages_per_role(client, busy):
    draft = Call.objects.get(programme__name=demo.PLAN, round=6)
    open_call = Call.objects.get(programme__name=demo.COOP)
    review_app = Application.objects.filter(status="review", call__round=1).first()
    lz_app = Application.objects.filter(status="recommending", region__code__startswith="lz").first()
    for name in ("office", "leader", "auditor", "enterprise", "lanzhou", "expert", "provider"):
        c = _as(client, busy[name])
        assert c.get(reverse("funds:index")).status_code == 200
        assert c.get(reverse("funds:index") + "?tab=programmes").status_code == 200
        assert c.get(reverse("funds:programme", args=[draft.programme_id])).status_code == 200
        assert c.get(reverse("funds:call", args=[open_call.pk])).status_code == 200
        sees_all = name in ("office", "leader", "auditor")
        assert c.get(reverse("funds:call", args=[draft.pk])).status_code == (200 if sees_all else 404)
        assert c.get(reverse("funds:call_edit", args=[draft.pk])).status_code == (
            200 if name == "office" else 403 if sees_all else 404
        )
        assert c.get(reverse("funds:checks")).status_code == (200 if sees_all else 403)
        assert c.get(reverse("funds:application", args=[review_app.pk])).status_code == (200 if sees_all else 404)
        if lz_app:
            expected = 200 if sees_all or name == "lanzhou" else 404
            assert c.get(reverse("funds:application", args=[lz_app.pk])).status_code == expected, name
        assert c.get(reverse("funds:recommendations")).status_code == (200 if sees_all or name == "lanzhou" else 403)
        c.logout()


def test_links_only_where_allowed(client, busy):
    index = reverse("funds:index")
    body = _as(client, busy["enterprise"]).get(index).content.decode()
    assert reverse("funds:applications_mine") in body and reverse("funds:checks") not in body
    client.logout()
    body = _as(client, busy["office"]).get(index).content.decode()
    assert reverse("funds:checks") in body and reverse("funds:applications_mine") not in body
    client.logout()
    body = _as(client, busy["leader"]).get(reverse("funds:index") + "?tab=programmes").content.decode()
    assert reverse("funds:programme_new") not in body


def test_apply_autosave_and_submit_through_the_pages(client, busy):
    enterprise = busy["enterprise"]
    open_call = Call.objects.get(programme__name=demo.COOP)
    c = _as(client, enterprise)
    page = c.get(reverse("funds:call", args=[open_call.pk])).content.decode()
    assert reverse("funds:application_start", args=[open_call.pk]) in page
    response = c.post(reverse("funds:application_start", args=[open_call.pk]), {"title": "产学研合作项目"})
    app = Application.objects.get(call=open_call, applicant=enterprise.organization)
    assert response.url == reverse("funds:application_edit", args=[app.pk])
    assert c.get(response.url).status_code == 200
    url = reverse("funds:application_edit", args=[app.pk])
    ok = c.post(url, {"version": app.version, "title": "改名", "amount": "100000"}, HTTP_HX_REQUEST="true")
    assert "已自动保存" in ok.content.decode()
    stale = c.post(url, {"version": app.version, "title": "旧版本"}, HTTP_HX_REQUEST="true")
    assert "请刷新页面" in stale.content.decode()
    app.refresh_from_db()
    assert app.title == "改名"
    assert c.get(reverse("funds:application_eligibility", args=[app.pk])).status_code == 200
    c.post(reverse("funds:application_submit", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == "draft"  # problems: nothing else filled, no university partner
    page = c.get(url).content.decode()
    assert "高校或科研院所" in page


def test_excel_exports(client, busy):
    c = _as(client, busy["office"])
    for url in (
        reverse("funds:index") + "?format=xlsx",
        reverse("funds:index") + "?tab=programmes&format=xlsx",
        reverse("funds:checks") + "?format=xlsx",
        reverse("funds:recommendations") + "?format=xlsx",
    ):
        response = c.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_every_demo_application_and_call_page_renders(client, busy):
    client.force_login(busy["office"])
    for app in Application.objects.filter(is_demo=True):
        response = client.get(reverse("funds:application", args=[app.pk]))
        assert response.status_code == 200, app.status
        if app.number:
            assert client.get(reverse("funds:application_receipt", args=[app.pk])).status_code == 200
    for call in Call.objects.filter(is_demo=True):
        assert client.get(reverse("funds:call", args=[call.pk])).status_code == 200
    for stage in ("pending", "open", "closed", "review", "draft"):
        assert client.get(reverse("funds:index") + f"?stage={stage}").status_code == 200
    returned = Application.objects.filter(status="returned").first()
    owner = User.objects.create_user(
        username="owner-x", password="x", role="enterprise", organization=returned.applicant
    )
    client.force_login(owner)
    page = client.get(reverse("funds:application_edit", args=[returned.pk])).content.decode()
    assert "退回补正事项" in page
    assert client.get(reverse("funds:applications_mine")).status_code == 200


def test_codes_are_shown_by_their_labels(client, busy):
    client.force_login(busy["office"])
    closed = Call.objects.get(programme__name=demo.PLAN, round=5)
    page = client.get(reverse("funds:call", args=[closed.pk])).content.decode()
    assert "市级推荐" in page and "推荐中" in page and "recommending" not in page
    reviewed = (
        Application.objects.filter(status="review", call=closed).first()
        or Application.objects.filter(status="review").first()
    )
    page = client.get(reverse("funds:application", args=[reviewed.pk])).content.decode()
    assert "区县/园区推荐" in page and "district ·" not in page
