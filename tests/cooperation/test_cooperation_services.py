"""Cooperation services: validation (every problem listed, in Chinese), permissions per role and organization,
the database's date constraints, audit rows, listings that must be marked international, joint-lab partners,
the expiry rule at its boundaries and the statistics by country."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from innozone.cooperation.engine import agreements as rules
from innozone.cooperation.engine import countries
from innozone.cooperation.models import Agreement, BasePartner, Partner, Project
from innozone.cooperation.selectors import partners as selectors
from innozone.cooperation.services import partners as services
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Organization, User
from innozone.market.models import Listing

NAMES = ["office", "enterprise", "leader", "lanzhou", "baiyin", "provider", "auditor"]


@pytest.fixture
def u(investment_world):
    return {x.username: x for x in User.objects.select_related("organization").filter(username__in=NAMES)}


def _messages(error) -> dict:
    return {d["field"]: str(d["message"]) for d in error.detail}


# --- engine ------------------------------------------------------------------------------------------------


def test_expiry_state_at_its_boundaries():
    today = dt.date(2026, 3, 1)
    assert rules.expiry_state(None, today) == "open"
    assert rules.expiry_state(today - dt.timedelta(days=1), today) == "expired"
    assert rules.expiry_state(today, today) == "expiring"
    assert rules.expiry_state(today + dt.timedelta(days=90), today, 90) == "expiring"
    assert rules.expiry_state(today + dt.timedelta(days=91), today, 90) == "active"
    assert rules.days_left(today + dt.timedelta(days=5), today) == 5


def test_countries_codes_names_and_belt_and_road_default():
    assert countries.name("kz") == "哈萨克斯坦" and countries.name("QQ") == "QQ"
    assert countries.name("KZ", "en") == "Kazakhstan" and countries.name("de", "en-gb") == "Germany"
    known = set(countries.COUNTRIES)
    assert known == set(countries.COUNTRIES_EN)
    assert countries.BELT_AND_ROAD.issubset(known)
    assert countries.is_code(" de ") and not countries.is_code("DEU") and not countries.is_code("1A")
    assert countries.belt_and_road_default("KZ") and not countries.belt_and_road_default("US")
    assert all(c != "CN" for c, _n in countries.choices())


# --- partners ----------------------------------------------------------------------------------------------


def test_partner_create_lists_every_problem(u):
    with pytest.raises(ValidationFailed) as e:
        services.partner_create(actor=u["office"], data={"name": "", "kind": "alien", "country": "CHN", "website": "x"})
    found = _messages(e.value)
    assert set(found) == {"name", "kind", "country", "website"}
    assert "ISO 3166-1" in found["country"] and "http" in found["website"]
    with pytest.raises(ValidationFailed) as e:
        services.partner_create(actor=u["office"], data={"name": "某大学", "kind": "university", "country": "cn"})
    assert "中国" in _messages(e.value)["country"]


def test_partner_belt_and_road_defaults_by_country_and_duplicates_are_refused(u):
    kz = services.partner_create(actor=u["office"], data={"name": "测试大学", "kind": "university", "country": "kz"})
    us = services.partner_create(actor=u["office"], data={"name": "测试大学", "kind": "university", "country": "US"})
    assert (kz.country, kz.belt_and_road, us.belt_and_road) == ("KZ", True, False)
    assert AuditEvent.objects.filter(action="cooperation.partner.create", object_id=str(kz.pk)).exists()
    with pytest.raises(ValidationFailed) as e:
        services.partner_create(actor=u["office"], data={"name": "测试大学", "kind": "institute", "country": "KZ"})
    assert "同名" in _messages(e.value)["name"]
    flagged = services.partner_update(actor=u["office"], partner=us, data={"belt_and_road": "1"})
    assert flagged.belt_and_road is True


def test_who_may_add_and_edit_partners(u):
    data = {"name": "权限测试研究所", "kind": "institute", "country": "DE"}
    for name in ("leader", "auditor", "provider", "lanzhou"):
        with pytest.raises(Forbidden):
            services.partner_create(actor=u[name], data=data)
    made = services.partner_create(actor=u["enterprise"], data=data)
    with pytest.raises(Forbidden):
        services.partner_update(actor=u["enterprise"], partner=made, data={"city": "柏林"})


# --- agreements --------------------------------------------------------------------------------------------


def _partner():
    return Partner.objects.get(name="哈萨克斯坦国立大学")


def test_agreement_dates_and_organization_are_checked(u):
    today = timezone.localdate()
    lzu = Organization.objects.get(name="兰州大学")
    bad = {
        "partner": _partner().pk,
        "organization": lzu.pk,
        "title": "",
        "kind": "备忘录",
        "signed_on": today + dt.timedelta(days=3),
        "expires_on": today,
        "status": "expired",
    }
    with pytest.raises(ValidationFailed) as e:
        services.agreement_create(actor=u["office"], data=bad)
    found = _messages(e.value)
    assert {"title", "signed_on", "expires_on", "status"} <= set(found)
    assert found["expires_on"] == "到期日期不能早于签署日期"
    # an enterprise records only its own
    with pytest.raises(ValidationFailed) as e:
        services.agreement_create(
            actor=u["enterprise"], data={**bad, "title": "x", "signed_on": today, "status": "active"}
        )
    assert "本单位" in _messages(e.value)["organization"]
    with pytest.raises(Forbidden):
        services.agreement_create(actor=u["leader"], data=bad)


def test_enterprise_records_and_edits_its_own_agreement_not_others(u):
    today = timezone.localdate()
    a = services.agreement_create(
        actor=u["enterprise"],
        data={"partner": _partner().pk, "title": "企业自有协议", "kind": "技术合作协议", "signed_on": today},
    )
    assert a.organization_id == u["enterprise"].organization_id
    services.agreement_update(actor=u["enterprise"], agreement=a, data={"expires_on": today + dt.timedelta(days=10)})
    a.refresh_from_db()
    assert selectors.expiry(a)["state"] == "expiring"
    others = Agreement.objects.exclude(organization_id=u["enterprise"].organization_id).first()
    with pytest.raises(Forbidden):
        services.agreement_update(actor=u["enterprise"], agreement=others, data={"title": "改"})


def test_database_refuses_an_agreement_ending_before_it_is_signed(u):
    a = Agreement.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=a.pk).update(expires_on=a.signed_on - dt.timedelta(days=1))
    p = Project.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=p.pk).update(ends_on=p.starts_on - dt.timedelta(days=1))


# --- projects ------------------------------------------------------------------------------------------


def test_project_links_only_an_international_listing_of_a_transfer(u):
    ent = u["enterprise"].organization
    plain = Listing.objects.filter(international=False, kind="achievement").first()
    intl = Listing.objects.filter(international=True).first()
    base = {"partner": _partner().pk, "title": "技术输出", "kind": "transfer_out", "starts_on": "2025-01-01"}
    with pytest.raises(ValidationFailed) as e:
        services.project_create(actor=u["enterprise"], data={**base, "listing_id": plain.pk, "amount": "-5"})
    found = _messages(e.value)
    assert "国际技术转移" in found["listing_id"] and "amount" in found
    with pytest.raises(ValidationFailed) as e:
        services.project_create(actor=u["enterprise"], data={**base, "listing_id": 999_999})
    assert "999999" in _messages(e.value)["listing_id"]
    with pytest.raises(ValidationFailed) as e:
        services.project_create(actor=u["enterprise"], data={**base, "kind": "joint", "listing_id": intl.pk})
    assert "技术引进或技术输出" in _messages(e.value)["listing_id"]
    made = services.project_create(
        actor=u["enterprise"], data={**base, "listing_id": intl.pk, "amount": "1200000.50", "ends_on": "2026-12-31"}
    )
    assert (made.organization_id, made.listing_id, made.amount) == (ent.pk, intl.pk, Decimal("1200000.50"))
    assert AuditEvent.objects.filter(action="cooperation.project.create", object_id=str(made.pk)).exists()


def test_project_agreement_must_be_with_the_same_partner(u):
    other = Agreement.objects.exclude(partner=_partner()).first()
    with pytest.raises(ValidationFailed) as e:
        services.project_create(
            actor=u["office"],
            data={
                "partner": _partner().pk,
                "organization": other.organization_id,
                "agreement": other.pk,
                "title": "x",
                "kind": "joint",
                "starts_on": "2025-05-01",
                "ends_on": "2025-04-01",
            },
        )
    found = _messages(e.value)
    assert "合作伙伴" in found["agreement"] and found["ends_on"] == "结束日期不能早于开始日期"


# --- visibility and statistics ------------------------------------------------------------------------------


def test_who_sees_which_agreements(u):
    everything = Agreement.objects.count()
    assert selectors.agreements_for(u["leader"]).count() == everything
    own = selectors.agreements_for(u["enterprise"])
    assert own.count() >= 1 and {a.organization_id for a in own} == {u["enterprise"].organization_id}
    lanzhou = selectors.agreements_for(u["lanzhou"]).count()
    assert lanzhou == everything  # the demo organizations are all in Lanzhou
    assert selectors.agreements_for(u["baiyin"]).count() == 0
    assert selectors.agreements_for(u["provider"]).count() == 0


def test_demo_covers_every_expiry_state_and_the_international_listing(u):
    states = {selectors.expiry(a)["state"] for a in Agreement.objects.all()}
    assert {"open", "active", "expiring", "expired", "terminated"} <= states
    linked = Project.objects.exclude(listing_id=None).get()
    assert Listing.objects.get(pk=linked.listing_id).international
    assert Partner.objects.filter(belt_and_road=True).count() > Partner.objects.filter(belt_and_road=False).count()


def test_stats_by_country_count_and_share(u):
    data = selectors.stats_by_country(u["office"])
    kz = next(r for r in data["rows"] if r["country"] == "KZ")
    assert kz["partners"] == Partner.objects.filter(country="KZ").count() == 2
    assert kz["projects"] == Project.objects.filter(partner__country="KZ").count()
    assert kz["amount"] == sum(p.amount or 0 for p in Project.objects.filter(partner__country="KZ"))
    assert data["totals"]["partners"] == Partner.objects.count()
    bri = Partner.objects.filter(belt_and_road=True).count()
    assert data["share"]["partners"] == round(100 * bri / Partner.objects.count(), 1)
    assert data["rows"][0]["partners"] >= data["rows"][-1]["partners"]
    # the enterprise only counts its own agreements and projects (partners are a public directory)
    mine = selectors.stats_by_country(u["enterprise"])
    assert mine["totals"]["projects"] == Project.objects.filter(organization=u["enterprise"].organization).count()


def test_expiry_notices_once_per_agreement(u):
    first = services.expiry_notices()
    assert first == selectors.agreements_expiring().count() >= 2
    from innozone.core.models import Notice

    before = Notice.objects.count()
    services.expiry_notices()
    assert Notice.objects.count() == before


# --- joint labs (busy state: the platforms demo made one) -----------------------------------------------------


def test_joint_lab_has_its_partners_and_refuses_a_second_link(busy_investment):
    office = User.objects.get(username="office")
    bases = [b for b in selectors.bases_for(office) if b.kind.code == "intl_joint_lab"]
    assert len(bases) == 1 and len(bases[0].partner_links) == 2
    link = bases[0].partner_links[0]
    with pytest.raises(Conflict):
        services.base_partner_add(actor=office, platform_id=bases[0].pk, partner_id=link.partner_id)
    with pytest.raises(Forbidden):
        services.base_partner_add(
            actor=User.objects.get(username="leader"), platform_id=bases[0].pk, partner_id=link.partner_id
        )
    services.base_partner_remove(actor=office, link_id=link.pk)
    assert not BasePartner.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action="cooperation.base.remove").exists()
    not_a_base = next(p for p in selectors.platforms.platforms_for(office) if not p.kind.code.startswith("intl_"))
    with pytest.raises(ValidationFailed):
        services.base_partner_add(actor=office, platform_id=not_a_base.pk, partner_id=link.partner_id)


def test_foreign_experts_are_in_the_busy_talent_pool(busy_investment):
    office = User.objects.get(username="office")
    experts = list(selectors.foreign_experts(office))
    assert {p.nationality for p in experts} == {"KZ", "DE"}
    assert all(p.work_permit_no and p.work_permit_until for p in experts)
    kz = next(r for r in selectors.stats_by_country(office)["rows"] if r["country"] == "KZ")
    assert kz["experts"] == 1
