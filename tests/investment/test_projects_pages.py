"""Pipeline pages: the board (columns, filters, totals, empty state, Excel), a project page (timeline, funds,
stage move refused with every problem shown), permissions by region and role, the import page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innozone.investment.models import Project

from .pipeline_helpers import days_ago, new_project, park_with_enterprise, signed


@pytest.fixture
def two(investment_world, users):
    park, org = park_with_enterprise()
    a = new_project(users["office"], park, name="甲项目")
    b = signed(users["office"], new_project(users["office"], park, name="乙项目"), ago=30)
    return park, org, a, b


def test_board_columns_counts_and_money(client, users, two):
    _park, _org, a, b = two
    client.force_login(users["office"])
    r = client.get(reverse("investment:board"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="col-lead"' in html and 'id="col-full"' in html
    cols = {c.stage: c for c in r.context["columns"]}
    assert cols["lead"].count == 1 and cols["signed"].count == 1
    assert cols["signed"].signed == b.signed_investment
    assert "80,000,000.00" in html
    assert reverse("investment:project", args=[a.pk]) in html


def test_board_filters_and_empty_state(client, users, two):
    _park, _org, a, _b = two
    client.force_login(users["office"])
    r = client.get(reverse("investment:board"), {"q": "甲项目"})
    assert r.context["total"] == 1
    r = client.get(reverse("investment:board"), {"source": "lanqia"})
    assert r.context["total"] == 0 and "没有符合条件的招商项目" in r.content.decode()
    Project.objects.filter(pk=a.pk).update(last_progress_on=days_ago(100))
    r = client.get(reverse("investment:board"), {"stalled": "1"})
    assert r.context["total"] == 1 and "久未推进" in r.content.decode()


def test_board_export(client, users, two):
    client.force_login(users["leader"])
    r = client.get(reverse("investment:board"), {"format": "xlsx"})
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "项目编号" and len(rows) == 3


def test_who_sees_the_board(client, users, two):
    _park, _org, a, _b = two
    for name, status in (("enterprise", 403), ("expert", 403), ("leader", 200), ("auditor", 200), ("office", 200)):
        client.force_login(users[name])
        assert client.get(reverse("investment:board")).status_code == status, name
    client.force_login(users["leader"])
    html = client.get(reverse("investment:project", args=[a.pk])).content.decode()
    assert 'id="move-form"' not in html and 'id="funds-form"' not in html  # leaders read


def test_project_page_and_refused_move_shows_every_problem(client, users, two):
    _park, _org, a, _b = two
    client.force_login(users["office"])
    url = reverse("investment:project", args=[a.pk])
    html = client.get(url).content.decode()
    assert 'id="move-form"' in html and 'id="timeline"' in html and "项目签约后可按月填报到位资金" in html
    r = client.post(
        reverse("investment:project_move", args=[a.pk]), {"stage": "started", "started_on": days_ago(1)}, follow=True
    )
    text = r.content.decode()
    assert "缺少签约日期" in text and "缺少注册日期" in text and "注册落地须关联企业库中的落地企业" in text
    a.refresh_from_db()
    assert a.stage == "lead"


def test_project_move_landing_and_funds_through_pages(client, users, two):
    from innozone.enterprises.models import Enterprise

    _park, org, _a, b = two
    client.force_login(users["office"])
    uscc = Enterprise.objects.get(organization=org).uscc
    r = client.post(
        reverse("investment:project_move", args=[b.pk]),
        {"stage": "registered", "registered_on": days_ago(10).isoformat(), "enterprise": uscc},
        follow=True,
    )
    assert "已推进到“注册落地”" in r.content.decode()
    r = client.post(
        reverse("investment:project_funds", args=[b.pk]),
        {"month": days_ago(0).strftime("%Y-%m"), "amount": "1234567.89", "kind": "fixed"},
        follow=True,
    )
    html = r.content.decode()
    assert "1,234,567.89" in html and org.name in html
    r = client.post(reverse("investment:project_note", args=[b.pk]), {"note": "走访企业"}, follow=True)
    assert "走访企业" in r.content.decode()


def test_region_staff_see_only_their_park(client, users, two):
    from innozone.core import regions

    park, _org, a, _b = two
    for name in ("lzgx", "lzxq", "bygx", "lanzhou", "baiyin"):
        u = users[name]
        inside = park.pk in regions.descendants(u.organization.region_id) or a.responsible_id == u.organization_id
        client.force_login(u)
        assert client.get(reverse("investment:project", args=[a.pk])).status_code == (200 if inside else 404), name
        assert client.get(reverse("investment:board")).context["total"] == (2 if inside else 0), name


def test_new_project_form(client, users, investment_world):
    park, _ = park_with_enterprise()
    client.force_login(users["office"])
    assert client.get(reverse("investment:project_new")).status_code == 200
    r = client.post(
        reverse("investment:project_new"), {"name": "", "source": "chain", "park": park.pk, "planned_investment": "x"}
    )
    html = r.content.decode()
    assert "请修改以下问题后重试" in html and "项目名称必填" in html and "不是数字" in html
    r = client.post(
        reverse("investment:project_new"),
        {"name": "新项目", "investor": "某公司", "source": "chain", "park": park.pk, "planned_investment": "1000000"},
    )
    p = Project.objects.get(name="新项目")
    assert r.status_code == 302 and r.url == reverse("investment:project", args=[p.pk])


def test_fairs_page(client, users, busy_investment):
    client.force_login(users["leader"])
    r = client.get(reverse("investment:fairs"))
    html = r.content.decode()
    assert r.status_code == 200 and "兰洽会" in html and "到位率" in html
    assert client.get(reverse("investment:fairs"), {"format": "xlsx"}).status_code == 200


def test_cockpit_card(client, users, busy_investment):
    from innozone.investment.models import FundsInPlace

    client.force_login(users["leader"])
    r = client.get(reverse("cockpit:dashboard"))
    html = r.content.decode()
    assert 'id="investment-card"' in html and 'id="investment-stages"' in html
    card = r.context["investment"]
    total_signed = sum(p.signed_investment or 0 for p in Project.objects.exclude(signed_on=None))
    assert card["signed_total"] == total_signed
    assert card["in_place_total"] == sum(f.amount for f in FundsInPlace.objects.all())
    assert sum(s["count"] for s in card["stages"]) == Project.objects.filter(status="active").count()
    assert card["stalled"] >= 1
    client.force_login(users["lzgx"])
    assert 'id="investment-card"' not in client.get(reverse("cockpit:dashboard")).content.decode()


def test_project_page_closed_to_enterprise_users_even_when_responsible(client, users, two):
    _park, _org, a, _b = two
    Project.objects.filter(pk=a.pk).update(responsible=users["enterprise"].organization)
    client.force_login(users["enterprise"])
    assert client.get(reverse("investment:project", args=[a.pk])).status_code == 403
