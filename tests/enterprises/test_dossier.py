"""The dossier's sections from other apps (core.dossier): registered by vouchers and the market from their
AppConfig.ready(), each showing the viewer only what that app's own pages would show it."""

import pytest
from django.urls import reverse

from innozone.core import dossier
from innozone.core.models import Organization
from innozone.market.models import Booking, TechContract
from innozone.vouchers.models import Voucher

from .pages import LONGYUAN, entry, people


@pytest.fixture
def users(busy_market):
    return people()


@pytest.fixture
def longyuan(users):
    org = Organization.objects.get(name=LONGYUAN)
    return entry(users["office"], name=LONGYUAN, n=1, region_code="lz-an", park_code="lzgx", organization=org)


def _sections(client, user, enterprise) -> dict:
    client.force_login(user)
    response = client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert response.status_code == 200
    return {s.key: s for s in response.context["sections"]}


def test_vouchers_and_market_register_their_sections():
    keys = [s.key for s in dossier.sections()]
    for key in ("vouchers", "voucher_orders", "market_listings", "market_bookings", "market_contracts"):
        assert key in keys
    assert keys.index("vouchers") < keys.index("market_listings")


def test_the_owner_sees_its_vouchers_bookings_and_contracts(client, users, longyuan):
    org = longyuan.organization
    voucher = Voucher.objects.filter(enterprise=org).first()
    assert voucher is not None  # the busy market demo: 陇原 holds a voucher
    sections = _sections(client, users["enterprise"], longyuan)
    assert voucher.number in [cells[0] for _url, cells in sections["vouchers"].lines]
    assert sections["vouchers"].lines[0][0].startswith("/vouchers/")
    contracts = TechContract.objects.filter(seller=org) | TechContract.objects.filter(buyer=org)
    assert len(sections["market_contracts"].rows) == contracts.count() > 0
    assert len(sections["market_bookings"].rows) == Booking.objects.filter(organization=org).count() > 0
    html = client.get(reverse("enterprises:detail", args=[longyuan.pk])).content.decode()
    assert 'id="section-vouchers"' in html and voucher.number in html


def test_the_office_sees_vouchers_and_contracts_but_not_bookings_it_is_no_party_of(client, users, longyuan):
    sections = _sections(client, users["office"], longyuan)
    assert sections["vouchers"].rows and sections["market_contracts"].rows
    assert "market_bookings" not in sections


def test_the_park_sees_the_dossier_without_the_vouchers_or_contracts_of_the_enterprise(client, users, longyuan):
    sections = _sections(client, users["lzgx"], longyuan)
    voucher = Voucher.objects.filter(enterprise=longyuan.organization).first()
    assert "vouchers" not in sections and "voucher_orders" not in sections
    assert "market_contracts" not in sections and "market_bookings" not in sections
    assert "market_listings" in sections  # published listings are public
    client.force_login(users["lzgx"])
    html = client.get(reverse("enterprises:detail", args=[longyuan.pk])).content.decode()
    assert voucher.number not in html


def test_a_stranger_gets_no_dossier_at_all(client, users, longyuan):
    client.force_login(users["provider"])
    assert client.get(reverse("enterprises:detail", args=[longyuan.pk])).status_code == 404


def test_a_section_may_be_hidden_a_table_or_a_template(monkeypatch, users):
    monkeypatch.setattr(dossier, "_SECTIONS", {})
    dossier.register_section("hidden", "隐藏", lambda org, user: None)
    dossier.register_section("table", "表", lambda org, user: [{"名称": "甲", "_url": "/x/", "金额": 1}], order=1)
    dossier.register_section("custom", "自定义", lambda org, user: {"template": "t.html", "context": {"a": 1}})
    rendered = dossier.sections_for(1, users["office"])
    assert [s.key for s in rendered] == ["table", "custom"]
    assert rendered[0].columns == ["名称", "金额"] and rendered[0].lines == [("/x/", ["甲", 1])]
    assert rendered[1].template == "t.html" and rendered[1].context == {"a": 1}
