"""Market services, search and matching on the database in use (run on SQLite and on PostgreSQL)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from innozone.core import regions
from innozone.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from innozone.core.models import Region
from innozone.market import matching, search, services
from innozone.market.models import Booking, Field, Listing, TechContract


def post(users, username="enterprise", **data):
    base = {"kind": "demand", "title": "测试需求", "description": "说明", "field": "新材料", "region": "兰州高新区"}
    return services.listing_create(actor=users[username], data={**base, **data})


def test_search_finds_title_words_first_and_highlights(market):
    listing = services.listing_create(
        actor=market["office"],
        data={
            "kind": "achievement",
            "title": "钙钛矿叠层光伏组件封装技术",
            "description": "一种新的封装工艺。",
            "field": "新能源",
            "region": "兰州市城关区",
        },
    )
    results, total = search.search("钙钛矿 封装")
    assert total >= 1 and results[0].listing == listing
    assert "<mark>钙钛矿</mark>" in results[0].title_html


def test_search_filters_are_applied_in_the_query(market):
    lz = Region.objects.get(code="lz")
    results, total = search.search("技术", search.Filters(kind="achievement", region_id=lz.pk, trl_min=6))
    assert total > 0
    below = set(regions.descendants(lz.pk))
    for r in results:
        assert r.listing.kind == "achievement" and r.listing.region_id in below and r.listing.trl >= 6
    field = Field.objects.get(name="有色金属")
    results, _ = search.search("", search.Filters(field_id=field.pk, price_max=Decimal("50000")))
    assert all(r.listing.field == field and (r.listing.price is None or r.listing.price <= 50000) for r in results)


def test_unpublished_listings_are_not_found(market):
    listing = post(market, title="锿铹钔薄膜需求")
    assert listing.status == Listing.Status.PENDING
    assert search.search("锿铹钔")[1] == 0
    services.listing_review(actor=market["office"], listing=listing, approve=True)
    assert search.search("锿铹钔")[1] == 1


def test_a_demand_is_matched_to_solvers_with_reasons(market):
    demand = post(market, title="稀土永磁材料磁性能检测", description="需要对钕铁硼磁体做磁性能和成分检测。")
    services.listing_review(actor=market["office"], listing=demand, approve=True)
    hits = matching.matches_for(demand)
    assert hits and all(h.kind in matching.SOLVERS for h in hits)
    assert all(h.reasons for h in hits)
    assert any("共同关键词" in reason for reason in hits[0].reasons)


def test_new_terms_change_the_analysis(market):
    listing = post(market, username="office", title="飞秒激光微纳加工需求", description="用飞秒激光做微纳加工")
    before = listing.search_title.split()
    services.terms_add(actor=market["office"], words=["飞秒激光微纳加工"])
    listing.refresh_from_db()
    assert "飞秒激光微纳加工" not in before and "飞秒激光微纳加工" in listing.search_title.split()


def test_only_allowed_organizations_post(market):
    with pytest.raises(Forbidden):
        post(market, username="leader")
    with pytest.raises(Forbidden):
        post(market, username="enterprise", kind="expert")


def test_bad_listing_reports_every_problem(market):
    with pytest.raises(ValidationFailed) as err:
        post(market, title="", field="魔法", region="火星", trl="12", price="-1")
    fields = {d["field"] for d in err.value.detail}
    assert {"title", "field", "region", "trl", "price"} <= fields


def test_import_is_all_or_nothing(market):
    good = {
        "kind": "service",
        "title": "导入服务",
        "description": "说明",
        "field": "化工",
        "region": "白银区",
        "owner": "新导入单位（测试）",
    }
    before = Listing.objects.count()
    with pytest.raises(ValidationFailed) as err:
        services.listings_import(actor=market["office"], rows=[good, {**good, "field": "未知"}, {**good, "title": ""}])
    assert {d["row"] for d in err.value.detail} == {3, 4}
    assert Listing.objects.count() == before
    assert services.listings_import(actor=market["office"], rows=[good, {**good, "title": "导入服务二"}]) == 2


def _instrument():
    return Listing.objects.filter(kind="instrument", service_item__isnull=False).order_by("id").first()


def _slot(hours_from_now, length=2):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=5, hours=hours_from_now)
    return start, start + dt.timedelta(hours=length)


def test_overlapping_bookings_are_never_both_approved(market):
    sem = _instrument()
    a = services.booking_request(
        actor=market["enterprise"], instrument=sem, start=_slot(0)[0], end=_slot(0)[1], purpose="测试"
    )
    b = services.booking_request(
        actor=market["enterprise"], instrument=sem, start=_slot(1)[0], end=_slot(1)[1], purpose="测试"
    )
    services.booking_decide(actor=market["provider"], booking=a, approve=True)
    with pytest.raises(Conflict):
        services.booking_decide(actor=market["provider"], booking=b, approve=True)
    b.refresh_from_db()
    assert b.status == Booking.Status.REQUESTED
    c = services.booking_request(
        actor=market["enterprise"], instrument=sem, start=_slot(2)[0], end=_slot(2)[1], purpose="相邻时段"
    )
    services.booking_decide(actor=market["provider"], booking=c, approve=True)  # touching, not overlapping


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_the_database_refuses_an_overlap_written_behind_the_service(market):
    from django.db import IntegrityError, transaction

    sem = _instrument()
    start, end = _slot(10)
    Booking.objects.create(
        instrument=sem,
        organization=market["enterprise"].organization,
        requested_by=market["enterprise"],
        start=start,
        end=end,
        purpose="x",
        status="approved",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            instrument=sem,
            organization=market["enterprise"].organization,
            requested_by=market["enterprise"],
            start=start + dt.timedelta(minutes=30),
            end=end,
            purpose="y",
            status="approved",
        )


def test_only_the_owner_decides_and_usage_can_be_paid_by_voucher(market):
    from innozone.vouchers.models import Order, Voucher

    sem = _instrument()
    voucher = Voucher.objects.filter(enterprise=market["enterprise"].organization, status="active").first()
    booking = services.booking_request(
        actor=market["enterprise"],
        instrument=sem,
        start=_slot(20)[0],
        end=_slot(20)[1],
        purpose="形貌观察",
        voucher=voucher,
    )
    with pytest.raises(Forbidden):
        services.booking_decide(actor=market["enterprise"], booking=booking, approve=True)
    services.booking_decide(actor=market["provider"], booking=booking, approve=True)
    usage = services.usage_record(actor=market["provider"], booking=booking, hours="2", samples=3, fee="1600")
    order = Order.objects.get(pk=usage.voucher_order_id)
    assert (order.item, order.quantity, order.voucher) == (sem.service_item, Decimal("2"), voucher)


def test_booking_input_is_checked(market):
    sem = _instrument()
    past = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as err:
        services.booking_request(actor=market["enterprise"], instrument=sem, start=past, end=past, purpose="")
    assert {"end", "start", "purpose"} <= {d["field"] for d in err.value.detail}


def test_contract_registration_and_statistics(market):
    field = Field.objects.get(name="新材料")
    seller = market["expert"].organization
    buyer = market["enterprise"].organization
    year = timezone.localdate().year
    before = search_total = TechContract.objects.filter(status="registered", signed_on__year=year).count()
    data = {
        "contract_type": "development",
        "title": "测试开发合同",
        "seller": seller,
        "buyer": buyer,
        "amount": "500000",
        "technology_amount": "450000",
        "signed_on": timezone.localdate(),
        "field": field,
    }
    with pytest.raises(ValidationFailed):
        services.contract_submit(actor=market["enterprise"], data={**data, "technology_amount": "600000"})
    with pytest.raises(ValidationFailed):
        services.contract_submit(actor=market["enterprise"], data={**data, "seller": buyer})
    contract = services.contract_submit(actor=market["enterprise"], data=data)
    services.contract_confirm(actor=market["expert"], contract=contract)
    services.contract_review(actor=market["office"], contract=contract, approve=True)
    contract.refresh_from_db()
    assert contract.registration_number
    from innozone.market.selectors import contract_stats

    stats = contract_stats(year)
    assert stats["totals"]["n"] == before + 1 == search_total + 1
    assert sum(r["tech"] for r in stats["by_field"]) == stats["totals"]["tech"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_overlapping_bookings_keep_one(transactional_db):
    from innozone.core.models import User
    from innozone.market import demo as market_demo
    from innozone.plans.demo import seed_demo
    from innozone.vouchers import demo as voucher_demo

    seed_demo(with_reports=False)
    voucher_demo.seed(with_activity=False)
    market_demo.seed(with_activity=False)
    users = {u.username: u for u in User.objects.select_related("organization")}
    sem = _instrument()
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    bookings = [
        services.booking_request(
            actor=users["enterprise"],
            instrument=sem,
            start=start + dt.timedelta(minutes=10 * i),
            end=start + dt.timedelta(hours=2, minutes=10 * i),
            purpose=f"并发{i}",
        )
        for i in range(8)
    ]
    barrier = threading.Barrier(len(bookings))
    outcomes = []

    def approve(b):
        try:
            barrier.wait()
            services.booking_decide(actor=users["provider"], booking=b, approve=True)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(b,)) for b in bookings]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 7
    assert Booking.objects.filter(instrument=sem, status="approved").count() == 1
