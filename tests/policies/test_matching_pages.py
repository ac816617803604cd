"""Pages of the 政策计算器 and 免申即享 by role: who opens what, the numbers shown, Excel, empty states."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from innozone.core.models import Organization
from innozone.policies.models import GrantList
from innozone.policies.services import grants as services

from .matching_helpers import file_figures, longyuan, published_clause

RD3 = {"and": [{"in": ["hnte", {"var": "qualifications"}]}, {">=": [{"var": "rd_ratio"}, 3]}]}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_enterprise_sees_its_near_miss_then_qualifies(registry, users, client):
    published_clause(RD3, amount_rule={"type": "fixed", "amount": "80000"}, title="研发投入奖励（演示）")
    year = timezone.localdate().year
    file_figures(longyuan(), users["enterprise"], year=year, rd_total="280000", revenue="10000000")
    client.force_login(users["enterprise"])
    page = client.get(reverse("policies:matching_mine")).content.decode()
    assert "研发投入奖励（演示）" in page and "研发费用占销售收入比例 2.8%，差 0.2 个百分点" in page
    assert reverse("enterprises:figures", args=[longyuan().registry_entry.pk]) in page
    file_figures(longyuan(), users["enterprise"], year=year, rd_total="300000", revenue="10000000")
    page = client.get(reverse("policies:matching_mine") + "?show=eligible").content.decode()
    assert 'id="match-eligible"' in page and "研发投入奖励（演示）" in page and "80,000.00" in page
    assert client.get(reverse("policies:matching_mine") + "?format=xlsx")["Content-Type"] == XLSX


def test_who_opens_the_calculator(registry, users, client):
    for name, status in (
        ("enterprise", 200),
        ("office", 200),
        ("leader", 200),
        ("expert", 200),
        ("kjt", 403),
        ("bank", 403),
    ):
        client.force_login(users[name])
        assert client.get(reverse("policies:matching_mine")).status_code == status, name
    client.force_login(users["office"])
    uscc = longyuan().registry_entry.uscc
    page = client.get(reverse("policies:matching_mine") + f"?uscc={uscc}&show=all").content.decode()
    assert "甘肃陇原新材料科技有限公司" in page
    page = client.get(reverse("policies:matching_mine") + "?uscc=91620000XXXXXXXXXX").content.decode()
    assert "企业名录中没有统一社会信用代码为" in page
    # the enterprise's ?uscc= is ignored: it sees its own organization only
    client.force_login(users["enterprise"])
    other = Organization.objects.filter(registry_entry__isnull=False).exclude(pk=longyuan().pk).first()
    page = client.get(reverse("policies:matching_mine") + f"?uscc={other.registry_entry.uscc}").content.decode()
    assert other.name not in page


def test_clause_list_by_role_with_excel(registry, users, client):
    clause = published_clause(RD3, amount_rule={"type": "fixed", "amount": "80000"}, title="研发投入奖励（演示）")
    url = reverse("policies:matching_clause", args=[clause.pk])
    for name, status in (("office", 200), ("kjt", 200), ("lanzhou", 200), ("leader", 200), ("enterprise", 403)):
        client.force_login(users[name])
        assert client.get(url).status_code == status, name
    client.force_login(users["office"])
    page = client.get(url).content.decode()
    assert "持有有效的高新技术企业资质 且 研发费用占销售收入比例 ≥ 3%" in page
    assert client.get(url + "?format=xlsx")["Content-Type"] == XLSX


def test_grant_list_pages_through_confirmation(registry, users, client):
    owner = Organization.objects.get(name="甘肃省科学技术厅")
    clause = published_clause(
        {"in": ["hnte", {"var": "qualifications"}]},
        amount_rule={"type": "fixed", "amount": "50000"},
        no_application=True,
        owner=owner,
        title="高企奖励（演示）",
    )
    client.force_login(users["office"])
    page = client.get(reverse("policies:grant_lists")).content.decode()
    assert "还没有免申即享清单" in page and "高企奖励（演示）" in page
    r = client.post(
        reverse("policies:grant_list_new"), {"clause": clause.pk, "as_of": timezone.localdate().isoformat()}
    )
    g = GrantList.objects.get(clause=clause)
    assert r.status_code == 302 and r["Location"] == reverse("policies:grant_list", args=[g.pk])
    entry = g.entries.exclude(organization=longyuan()).first()
    client.post(reverse("policies:grant_entry_exclude", args=[entry.pk]), {"reason": "核查中（演示）"})
    entry.refresh_from_db()
    assert entry.status == "excluded"
    client.post(reverse("policies:grant_list_submit", args=[g.pk]))
    g.refresh_from_db()
    assert g.status == "confirming"
    client.force_login(users["enterprise"])
    assert client.get(reverse("policies:grant_list", args=[g.pk])).status_code == 403
    client.force_login(users["kjt"])
    page = client.get(reverse("policies:grant_list", args=[g.pk])).content.decode()
    assert 'id="grant-list-decide"' in page
    client.post(reverse("policies:grant_list_decide", args=[g.pk]), {"decision": "approve"})
    g.refresh_from_db()
    assert g.status == "granted"
    client.force_login(users["enterprise"])
    page = client.get(reverse("policies:grants_mine")).content.decode()
    assert "高企奖励（演示）" in page and "50,000.00" in page
    client.force_login(users["finance"])
    grant = g.entries.filter(status="granted").first().grant
    client.post(reverse("policies:grant_pay", args=[grant.pk]), {"payment_ref": "ZF-1"})
    grant.refresh_from_db()
    assert grant.status == "paid" and grant.amount == Decimal("50000.00")
    assert client.get(reverse("policies:grants_mine") + "?format=xlsx")["Content-Type"] == XLSX


def test_empty_grants_page_for_an_enterprise(registry, users, client):
    client.force_login(users["enterprise"])
    page = client.get(reverse("policies:grants_mine")).content.decode()
    assert "您单位还没有兑现记录" in page
    assert services  # the module is importable alongside the pages


def test_city_staff_see_their_region_unless_their_unit_leads_the_policy(registry, users, client):
    from innozone.core import regions
    from innozone.enterprises import selectors as registry_selectors

    everyone = published_clause({}, title="无条件（演示）")
    url = reverse("policies:matching_clause", args=[everyone.pk]) + "?near=0"
    client.force_login(users["office"])
    all_rows = client.get(url).context["eligible_count"]
    client.force_login(users["baiyin"])
    response = client.get(url)
    assert response.context["limited"] and 0 < response.context["eligible_count"] < all_rows
    mine = set(regions.descendants(users["baiyin"].organization.region_id))
    places = registry_selectors.places_of([r.organization_id for r in response.context["page"].object_list])
    assert all(set(p) & mine for p in places.values())
    led = published_clause({}, title="白银市牵头（演示）", owner=users["baiyin"].organization)
    response = client.get(reverse("policies:matching_clause", args=[led.pk]) + "?near=0")
    assert not response.context["limited"] and response.context["eligible_count"] == all_rows
