"""/api/market with Bearer tokens (search, match, listings and their review, bookings and their decision,
technology contracts and their statistics; errors are `{code, message, detail}`) and the `market` command
(match as JSON, all-or-nothing CSV/Excel import)."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from innozone.core.models import Organization, Region
from innozone.market.models import Booking, Field, Listing, TechContract
from innozone.vouchers.models import Voucher

LAB = "甘肃省分析测试中心（演示）"
LONGYUAN = "甘肃陇原新材料科技有限公司"
COATING = "一种热障陶瓷涂层方法"  # a seeded achievement: 新材料, 兰州市城关区, TRL 5
SOLVERS = {"achievement", "service", "instrument", "expert"}
HIT_KEYS = {"kind", "id", "title", "score", "reasons"}
LISTING_KEYS = {"id", "kind", "title", "description", "field", "region", "owner", "status", "price", "trl"}


def _error(response, status: int, code: str | None = None) -> dict:
    """An API error: the status, and exactly {code, message, detail} with a non-empty message."""
    assert response.status_code == status, (response.status_code, response.content.decode()[:2000])
    body = response.json()
    assert set(body) == {"code", "message", "detail"}, body
    assert isinstance(body["detail"], list)
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


def _ok(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.content.decode()[:2000])
    return response.json()


def _under(region: Region, ancestor: Region) -> bool:
    while region is not None:
        if region.pk == ancestor.pk:
            return True
        region = region.parent
    return False


def _at(days: int, hour: int) -> dt.datetime:
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _sem() -> Listing:
    return Listing.objects.get(owner__name=LAB, kind="instrument", title__startswith="场发射")


def _demand_body(**over):
    body = {
        "kind": "demand",
        "title": "锂电池正极材料高镍三元前驱体工艺需求",
        "description": "我公司拟建设高镍三元前驱体产线，寻求共沉淀工艺和锂电池正极材料的成熟技术与专家指导。",
        "field": "新能源",
        "region": "兰州高新区",
        "price": "300000",
        "deadline": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "contact": "李工 0931-1111111",
    }
    return {**body, **over}


# ---------------------------------------------------------------- search


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


# ---------------------------------------------------------------- match


def test_match_returns_ranked_hits_of_solver_kinds_with_reasons(api, people):
    api.as_user(people["enterprise"])
    text = "钕铁硼磁粉的扫描电子显微镜形貌检测"
    hits = _ok(api.get(f"/api/market/match?text={text}&field=新材料&region=兰州市城关区"))
    assert 0 < len(hits) <= 10
    published = dict(Listing.objects.filter(status="published").values_list("pk", "title"))
    for h in hits:
        assert set(h) == HIT_KEYS
        assert isinstance(h["score"], float) and isinstance(h["reasons"], list) and h["reasons"]
        assert h["kind"] in SOLVERS
        assert published[h["id"]] == h["title"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    # the analysis centre's scanning electron microscope is what the text asks for
    assert _sem().pk in [h["id"] for h in hits]


@pytest.mark.parametrize("kind", ["instrument", "expert", "demand", "achievement"])
def test_match_keeps_only_the_asked_kind(api, people, kind):
    hits = _ok(
        api.as_user(people["enterprise"]).get(f"/api/market/match?text=稀土永磁材料 检测 工艺&kind={kind}&top=50")
    )
    assert hits
    assert {h["kind"] for h in hits} == {kind}
    assert len(hits) <= 50


def test_match_top_limits_the_hits(api, people):
    hits = _ok(api.as_user(people["enterprise"]).get("/api/market/match?text=新材料 检测 技术&top=3"))
    assert len(hits) == 3


def test_match_without_text_is_an_error_body(api, people):
    body = _error(api.as_user(people["enterprise"]).get("/api/market/match"), 422, "invalid")
    assert any("text" in d["field"] for d in body["detail"])


def test_the_match_command_prints_what_the_api_returns(api, people):
    text = "光伏组件 单晶硅 电池片 效率提升"
    out = io.StringIO()
    call_command("market", "match", "--text", text, "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed, "the demo has photovoltaic listings"
    for h in printed:
        assert set(h) == HIT_KEYS and h["kind"] in SOLVERS and h["reasons"]
    assert printed == _ok(api.as_user(people["enterprise"]).get(f"/api/market/match?text={text}"))

    out = io.StringIO()
    call_command("market", "match", "--text", text, "--kind", "expert", "--top", "4", stdout=out)
    experts = json.loads(out.getvalue())
    assert 0 < len(experts) <= 4 and {h["kind"] for h in experts} == {"expert"}


# ---------------------------------------------------------------- bookings


def _booking_body(start, end, purpose="形貌观察", **over):
    return {"start": start.isoformat(), "end": end.isoformat(), "purpose": purpose, "samples": 2, **over}


def test_booking_and_decision_refuse_an_overlap_with_409(api, people):
    sem = _sem()
    first = _ok(
        api.as_user(people["enterprise"]).post(
            f"/api/market/listings/{sem.pk}/bookings", _booking_body(_at(7, 9), _at(7, 12))
        ),
        201,
    )
    assert set(first) == {"id", "status"} and first["status"] == "requested"
    second = _ok(
        api.as_user(people["enterprise2"]).post(
            f"/api/market/listings/{sem.pk}/bookings", _booking_body(_at(7, 11), _at(7, 13))
        ),
        201,
    )
    # only the owner decides
    _error(api.as_user(people["enterprise"]).post(f"/api/market/bookings/{first['id']}/decide", {"approve": True}), 403)
    _error(api.as_user(people["provider2"]).post(f"/api/market/bookings/{first['id']}/decide", {"approve": True}), 403)

    api.as_user(people["provider"])
    assert _ok(api.post(f"/api/market/bookings/{first['id']}/decide", {"approve": True})) == {
        "id": first["id"],
        "status": "approved",
    }
    body = _error(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": True}), 409, "booking_overlap")
    assert "冲突" in body["message"]
    assert Booking.objects.get(pk=first["id"]).status == "approved"
    assert Booking.objects.get(pk=second["id"]).status == "requested"
    # declining needs a reason; a decided booking is not decided again
    _error(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": False}), 422, "invalid")
    assert _ok(api.post(f"/api/market/bookings/{second['id']}/decide", {"approve": False, "note": "已约满"}))[
        "status"
    ] == ("rejected")
    _error(api.post(f"/api/market/bookings/{first['id']}/decide", {"approve": False, "note": "x"}), 409, "conflict")
    _error(api.post("/api/market/bookings/999999/decide", {"approve": True}), 404, "not_found")


def test_bookings_that_cannot_be_made_are_422(api, busy_people):
    people = busy_people
    sem = _sem()
    api.as_user(people["enterprise"])
    url = f"/api/market/listings/{sem.pk}/bookings"
    body = _error(api.post(url, _booking_body(_at(5, 12), _at(5, 10))), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["end"]
    body = _error(api.post(url, _booking_body(_at(-2, 9), _at(-2, 10))), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["start"]
    # another enterprise's voucher
    other = Voucher.objects.exclude(enterprise__name=LONGYUAN).first()
    body = _error(api.post(url, _booking_body(_at(5, 9), _at(5, 10), voucher_id=other.pk)), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["voucher"]
    # an achievement is not an instrument
    coating = Listing.objects.get(title=COATING)
    _error(api.post(f"/api/market/listings/{coating.pk}/bookings", _booking_body(_at(5, 9), _at(5, 10))), 422)
    # read-only users do not book
    _error(api.as_user(people["leader"]).post(url, _booking_body(_at(5, 9), _at(5, 10))), 403, "forbidden")
    assert not Booking.objects.filter(start__gte=_at(4, 0)).exclude(purpose__in=["断口分析"]).exists()


def test_a_booking_time_without_an_offset_is_not_a_server_error(api, people):
    sem = _sem()
    start = _at(9, 9).replace(tzinfo=None)
    response = api.as_user(people["enterprise"]).post(
        f"/api/market/listings/{sem.pk}/bookings", _booking_body(start, start + dt.timedelta(hours=2))
    )
    assert response.status_code in (201, 422), response.status_code
    if response.status_code == 201:
        booking = Booking.objects.get(pk=response.json()["id"])
        assert timezone.localtime(booking.start).hour == 9, "read in the site's time zone"
    else:
        _error(response, 422)


# ---------------------------------------------------------------- technology contracts


def _contract_body(seller, buyer, **over):
    body = {
        "contract_type": "transfer",
        "title": "稀土永磁晶界扩散技术转让合同",
        "seller_id": seller.pk,
        "buyer_id": buyer.pk,
        "amount": "800000",
        "technology_amount": "650000",
        "signed_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "field": "新材料",
    }
    return {**body, **over}


def test_contracts_submit_review_and_stats(api, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    api.as_user(people["enterprise"])
    created = _ok(api.post("/api/market/contracts", _contract_body(lab, longyuan)), 201)
    assert (created["status"], created["registration_number"]) == ("submitted", "")
    assert (created["seller"], created["buyer"]) == (LAB, LONGYUAN)
    assert Decimal(created["amount"]) == 800000 and Decimal(created["technology_amount"]) == 650000
    contract = TechContract.objects.get(pk=created["id"])
    assert contract.region == lab.region, "without a region the seller's is used"
    mine = _ok(api.get("/api/market/contracts"))
    assert created["id"] in [c["id"] for c in mine]
    assert all(LONGYUAN in (c["seller"], c["buyer"]) for c in mine)

    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}), 403, "forbidden")
    api.as_user(people["office"])
    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": False}), 422, "invalid")
    registered = _ok(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}))
    year = contract.signed_on.year
    assert registered["status"] == "registered"
    assert registered["registration_number"].startswith(str(year))
    others = TechContract.objects.exclude(pk=contract.pk).values_list("registration_number", flat=True)
    assert registered["registration_number"] not in set(others)
    _error(api.post(f"/api/market/contracts/{created['id']}/review", {"approve": True}), 409, "conflict")
    assert len(_ok(api.get("/api/market/contracts"))) == TechContract.objects.count()

    stats = _ok(api.get(f"/api/market/contracts/stats?year={year}"))
    done = TechContract.objects.filter(status="registered", signed_on__year=year)
    n = done.count()
    amount = sum((c.amount for c in done), Decimal(0))
    tech = sum((c.technology_amount for c in done), Decimal(0))
    assert stats["year"] == year
    assert stats["totals"]["n"] == n
    assert Decimal(stats["totals"]["amount"]) == amount and Decimal(stats["totals"]["tech"]) == tech
    for part in ("by_month", "by_city", "by_field"):
        assert sum(r["n"] for r in stats[part]) == n, part
        assert sum(Decimal(r["amount"]) for r in stats[part]) == amount, part
    assert sum(r["n"] for r in stats["by_type"]) == n
    months = [r["month"] for r in stats["by_month"]]
    assert months == sorted(months)
    this_month = contract.signed_on.strftime("%Y-%m")
    expected = done.filter(signed_on__month=contract.signed_on.month)
    row = next(r for r in stats["by_month"] if r["month"] == this_month)
    assert row["n"] == expected.count()
    assert "技术转让" in [r["type"] for r in stats["by_type"]]


def test_contract_submissions_with_bad_amounts_or_parties_are_422(api, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    api.as_user(people["enterprise"])
    body = _error(api.post("/api/market/contracts", _contract_body(lab, longyuan, technology_amount="800000.01")), 422)
    assert [d["field"] for d in body["detail"]] == ["technology_amount"]
    body = _error(api.post("/api/market/contracts", _contract_body(longyuan, longyuan)), 422)
    assert [d["field"] for d in body["detail"]] == ["buyer"]
    body = _error(
        api.post("/api/market/contracts", _contract_body(lab, longyuan, amount="0", technology_amount="0")), 422
    )
    assert "amount" in [d["field"] for d in body["detail"]]
    body = _error(api.post("/api/market/contracts", _contract_body(lab, longyuan, contract_type="gift")), 422)
    assert "contract_type" in [d["field"] for d in body["detail"]]
    university = Organization.objects.get(name="兰州大学")
    body = _error(api.post("/api/market/contracts", _contract_body(lab, university)), 422)
    assert [d["field"] for d in body["detail"]] == ["seller"]
    assert not TechContract.objects.exists()


# ---------------------------------------------------------------- `market import`

HEADER = ["kind", "title", "description", "field", "region", "owner", "trl", "price", "price_unit"]
GOOD_ROWS = [
    [
        "achievement",
        "镁合金半固态压铸成形技术",
        "半固态压铸用于汽车轻量化零部件。",
        "有色金属",
        "兰州市七里河区",
        "兰州理工大学",
        "6",
        "120",
        "万元",
    ],
    [
        "service",
        "锂电池安全性能检测服务",
        "针刺、挤压、过充等安全测试。",
        "新能源",
        "白银高新区",
        "白银新能源检测有限公司（测试）",
        "",
        "3000",
        "元/次",
    ],
    [
        "expert",
        "马铃薯脱毒种薯专家",
        "长期从事马铃薯脱毒种薯繁育研究。",
        "现代农业",
        "兰州",
        "甘肃农业大学",
        "",
        "",
        "",
    ],
    [
        "demand",
        "中药配方颗粒质量标准提升需求",
        "寻求中药配方颗粒指纹图谱检测方法。",
        "生物医药",
        "兰州新区",
        "甘肃陇原新材料科技有限公司",
        "",
        "50000",
        "元",
    ],
]


def _csv(tmp_path, rows, name="listings.csv", encoding="utf-8"):
    path = tmp_path / name
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_import_of_a_good_file_saves_every_row(people, tmp_path, api):
    before = Listing.objects.count()
    out = io.StringIO()
    call_command("market", "import", str(_csv(tmp_path, GOOD_ROWS)), stdout=out)
    assert f"imported {len(GOOD_ROWS)} listings" in out.getvalue()
    assert Listing.objects.count() == before + len(GOOD_ROWS)
    regions = {
        "兰州市七里河区": "七里河区",
        "白银高新区": "白银高新技术产业开发区",
        "兰州": "兰州市",
        "兰州新区": "兰州新区",
    }
    for kind, title, description, field, region, owner, trl, price, unit in GOOD_ROWS:
        listing = Listing.objects.get(title=title)
        assert (listing.kind, listing.description, listing.field.name) == (kind, description, field)
        assert listing.region.name == regions[region]
        assert listing.owner.name == owner
        assert listing.status == Listing.Status.PUBLISHED
        assert listing.trl == (int(trl) if trl else None)
        if unit.startswith("万元"):  # stored in yuan, so that the price filter compares like with like
            price, unit = str(Decimal(price) * 10000), "元" + unit[2:]
        assert listing.price == (Decimal(price) if price else None)
        assert listing.price_unit == unit
    # an existing organization is reused, a new one is created once
    assert Organization.objects.filter(name=LONGYUAN).count() == 1
    assert Organization.objects.filter(name="白银新能源检测有限公司（测试）").count() == 1
    # imported listings are searchable at once
    hits = _ok(api.as_user(people["enterprise"]).get("/api/market/search?q=半固态压铸"))
    assert Listing.objects.get(title=GOOD_ROWS[0][1]).pk in [h["id"] for h in hits]


def test_import_reads_gb18030_and_can_leave_rows_for_review(people, tmp_path):
    path = _csv(tmp_path, GOOD_ROWS[:2], name="gbk.csv", encoding="gb18030")
    call_command("market", "import", str(path), "--pending", stdout=io.StringIO())
    for row in GOOD_ROWS[:2]:
        assert Listing.objects.get(title=row[1]).status == Listing.Status.PENDING


def test_import_of_a_file_with_two_bad_rows_names_both_and_saves_nothing(people, tmp_path):
    rows = [
        GOOD_ROWS[0],  # row 2
        ["achievement", "未知领域的成果", "描述", "量子玄学", "兰州", "兰州大学", "", "", ""],  # row 3: unknown field
        GOOD_ROWS[1],  # row 4
        ["service", "", "没有名称的服务", "新能源", "兰州", "兰州大学", "", "", ""],  # row 5: missing title
        GOOD_ROWS[2],  # row 6
    ]
    listings, organizations = Listing.objects.count(), Organization.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("market", "import", str(_csv(tmp_path, rows)), stdout=io.StringIO())
    message = str(refused.value)
    lines = message.splitlines()
    assert any("row 3" in line and "field" in line and "量子玄学" in line for line in lines), message
    assert any("row 5" in line and "title" in line for line in lines), message
    for good in ("row 2", "row 4", "row 6"):
        assert good not in message
    assert Listing.objects.count() == listings
    assert Organization.objects.count() == organizations
    assert not Listing.objects.filter(title=GOOD_ROWS[0][1]).exists()


def test_import_of_an_excel_file(people, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in GOOD_ROWS[:3]:
        ws.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "listings.xlsx"
    wb.save(path)
    before = Listing.objects.count()
    call_command("market", "import", str(path), stdout=io.StringIO())
    assert Listing.objects.count() == before + 3
    assert Listing.objects.get(title=GOOD_ROWS[0][1]).trl == 6


def test_import_errors_name_the_spreadsheet_row_even_after_a_blank_row(people, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(GOOD_ROWS[0])  # row 2
    ws.append([None] * len(HEADER))  # row 3 left blank
    ws.append(["achievement", "未知领域的成果", "描述", "量子玄学", "兰州", "兰州大学", "", "", ""])  # row 4
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    with pytest.raises(CommandError) as refused:
        call_command("market", "import", str(path), stdout=io.StringIO())
    assert "row 4" in str(refused.value), str(refused.value)


def test_import_of_a_missing_file_is_a_command_error(people, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("market", "import", str(tmp_path / "nope.csv"), stdout=io.StringIO())
