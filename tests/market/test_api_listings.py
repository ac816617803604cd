"""/api/market with Bearer tokens, listings: search with filters and paging, posting, the office's review,
who may post; errors are `{code, message, detail}`."""

from decimal import Decimal

import pytest

from innozone.core.models import Region
from innozone.market.models import Field, Listing

from .api_calls import COATING, HIT_KEYS, LISTING_KEYS, LONGYUAN, SOLVERS, _demand_body, _error, _ok, _under


def test_search_returns_published_listings_that_satisfy_the_filters(api, people):
    coating = Listing.objects.get(title=COATING)
    api.as_user(people["enterprise"])
    hits = _ok(api.get("/api/market/search?q=热障涂层&kind=achievement&trl_min=5"))
    assert hits and coating.pk in [h["id"] for h in hits]
    for h in hits:
        assert set(h) == LISTING_KEYS | {"score"}
        assert h["kind"] == "achievement" and h["trl"] >= 5 and h["status"] == "published"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    top = next(h for h in hits if h["id"] == coating.pk)
    assert (top["title"], top["field"], top["region"], top["owner"]) == (
        COATING,
        "新材料",
        "城关区",
        coating.owner.name,
    )
    assert Decimal(str(top["price"])) == coating.price

    baiyin = Region.objects.get(name="白银市")
    hits = _ok(api.get(f"/api/market/search?q=热障涂层&region_id={baiyin.pk}"))
    assert coating.pk not in [h["id"] for h in hits]
    for h in hits:
        assert _under(Listing.objects.get(pk=h["id"]).region, baiyin)
    field = Field.objects.get(name="化工")
    hits = _ok(api.get(f"/api/market/search?field_id={field.pk}"))
    assert hits and {h["field"] for h in hits} == {"化工"}
    hits = _ok(api.get("/api/market/search?kind=service&price_max=1000"))
    assert hits and all(h["price"] is None or Decimal(str(h["price"])) <= 1000 for h in hits)


def test_search_pages_are_disjoint_and_cover_every_match(api, people):
    experts = set(Listing.objects.filter(kind="expert", status="published").values_list("pk", flat=True))
    api.as_user(people["enterprise"])
    seen = []
    for page in range(1, 10):
        hits = _ok(api.get(f"/api/market/search?kind=expert&page={page}"))
        if not hits:
            break
        assert len(hits) <= 20
        seen += [h["id"] for h in hits]
    assert len(seen) == len(set(seen)) and set(seen) == experts


def test_a_pending_listing_is_found_only_after_the_office_publishes_it(api, people):
    api.as_user(people["enterprise"])
    created = _ok(api.post("/api/market/listings", _demand_body()), 201)
    assert set(created) == LISTING_KEYS
    assert (created["status"], created["kind"], created["owner"]) == ("pending", "demand", LONGYUAN)
    assert created["region"] == "兰州高新技术产业开发区"
    listing = Listing.objects.get(pk=created["id"])
    assert listing.price == Decimal("300000") and listing.contact == "李工 0931-1111111"

    api.as_user(people["provider"])
    assert created["id"] not in [h["id"] for h in _ok(api.get("/api/market/search?q=高镍三元前驱体"))]
    _error(api.get(f"/api/market/listings/{created['id']}"), 404, "not_found")
    assert _ok(api.as_user(people["enterprise"]).get(f"/api/market/listings/{created['id']}"))["status"] == "pending"

    # only the office reviews
    _error(
        api.as_user(people["enterprise"]).post(f"/api/market/listings/{created['id']}/review", {"approve": True}), 403
    )
    reviewed = _ok(
        api.as_user(people["office"]).post(f"/api/market/listings/{created['id']}/review", {"approve": True})
    )
    assert reviewed["status"] == "published"
    _error(
        api.post(f"/api/market/listings/{created['id']}/review", {"approve": False, "note": "迟了"}), 409, "conflict"
    )

    api.as_user(people["provider"])
    assert created["id"] in [h["id"] for h in _ok(api.get("/api/market/search?q=高镍三元前驱体"))]
    assert _ok(api.get(f"/api/market/listings/{created['id']}"))["status"] == "published"
    matches = _ok(api.get(f"/api/market/listings/{created['id']}/matches?top=5"))
    assert 0 < len(matches) <= 5
    for m in matches:
        assert set(m) == HIT_KEYS and m["kind"] in SOLVERS and m["id"] != created["id"] and m["reasons"]


def test_a_rejection_needs_a_note(api, people):
    created = _ok(api.as_user(people["enterprise"]).post("/api/market/listings", _demand_body()), 201)
    api.as_user(people["office"])
    body = _error(api.post(f"/api/market/listings/{created['id']}/review", {"approve": False}), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["note"]
    assert Listing.objects.get(pk=created["id"]).status == "pending"
    rejected = _ok(api.post(f"/api/market/listings/{created['id']}/review", {"approve": False, "note": "需求不明确"}))
    assert rejected["status"] == "rejected"
    assert Listing.objects.get(pk=created["id"]).review_note == "需求不明确"
    _error(api.post("/api/market/listings/999999/review", {"approve": True}), 404, "not_found")


def test_the_offices_listing_is_published_at_once(api, people):
    body = _demand_body(kind="service", title="成果评价服务（办公室）", field="电子信息", region="兰州新区")
    created = _ok(api.as_user(people["office"]).post("/api/market/listings", body), 201)
    assert created["status"] == "published"


def test_a_listing_with_several_problems_names_each_of_them(api, people):
    before = Listing.objects.count()
    body = _demand_body(field="量子玄学", region="火星", kind="achievement", trl=12, title="  ")
    detail = _error(api.as_user(people["expert"]).post("/api/market/listings", body), 422, "invalid")["detail"]
    assert {d["field"] for d in detail} >= {"field", "region", "trl", "title"}
    assert Listing.objects.count() == before


@pytest.mark.parametrize(("username", "kind"), [("leader", "demand"), ("auditor", "demand"), ("kjt", "demand")])
def test_who_may_not_post_gets_403(api, people, username, kind):
    before = Listing.objects.count()
    _error(api.as_user(people[username]).post("/api/market/listings", _demand_body(kind=kind)), 403, "forbidden")
    assert Listing.objects.count() == before


def test_unauthenticated_calls_get_401(api, market_base):
    _error(api.get("/api/market/search?q=检测"), 401, "unauthenticated")
    _error(api.post("/api/market/listings", _demand_body()), 401, "unauthenticated")
