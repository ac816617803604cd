"""The technology-market pages: search with highlighting, filters and paging; posting and the office's review;
who may see and post what; instrument booking, approval, overlap refusal and usage paid by voucher; technology
contract registration, its Excel export; the instrument-openness report."""

import datetime as dt
import html
import io
import re
from decimal import ROUND_DOWN, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.core.models import Organization, Region
from innozone.market.models import Booking, Field, Listing, TechContract, Usage
from innozone.vouchers.models import CategoryRate, Order, Voucher

LAB = "甘肃省分析测试中心（演示）"
LONGYUAN = "甘肃陇原新材料科技有限公司"
PER_PAGE = 20
CENT = Decimal("0.01")
# A seeded achievement (innozone/market/seed_data/listings.jsonl): 新材料, 兰州市城关区, TRL 5, 454.00 万元
# (stored as 4,540,000 元).
COATING = "一种热障陶瓷涂层方法"
LASER = "高效激光熔覆修复技术"
EMPTY_TEXT = "没有找到匹配的信息，换个关键词试试。"


# ---------------------------------------------------------------- fixtures and helpers


def _as(client, user):
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _home(client, **params):
    response = client.get(reverse("market:home"), params)
    assert response.status_code == 200
    return response


def _ids(response) -> list[int]:
    return [r.listing.pk for r in response.context["results"]]


def _result_titles(response) -> dict[int, str]:
    """{listing id: the HTML of its title link} as rendered on the search page."""
    body = response.content.decode()
    return {
        int(pk): inner for pk, inner in re.findall(r'<a href="/market/listings/(\d+)/" class="data">(.*?)</a>', body)
    }


def _published():
    return list(Listing.objects.filter(status=Listing.Status.PUBLISHED).select_related("region", "field"))


def _under(region: Region, ancestor_id: int) -> bool:
    """Whether `region` is the ancestor or lies somewhere below it (walking the parent chain)."""
    while region is not None:
        if region.pk == ancestor_id:
            return True
        region = region.parent
    return False


def _in_days(days: int, hour: int) -> dt.datetime:
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _instrument(prefix: str) -> Listing:
    return Listing.objects.get(owner__name=LAB, kind=Listing.Kind.INSTRUMENT, title__startswith=prefix)


def _post_demand(client, user, *, title: str, description: str, field="新材料", region="兰州高新技术产业开发区"):
    _as(client, user)
    data = {
        "title": title,
        "description": description,
        "field": Field.objects.get(name=field).pk,
        "region": Region.objects.get(name=region).pk,
        "price": "200000",
        "deadline": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "contact": "王工 0931-8888888",
    }
    response = client.post(reverse("market:post", args=["demand"]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Listing.objects.get(title=title)


def _review(client, office, listing, decision: str, note: str = ""):
    _as(client, office)
    page = client.get(reverse("market:review"))
    assert page.status_code == 200
    assert f'name="listing" value="{listing.pk}"' in page.content.decode(), "the pending listing is in the queue"
    return client.post(
        reverse("market:review"), {"listing": listing.pk, "decision": decision, "note": note}, follow=True
    )


def _book(client, user, instrument, start, end, purpose="样品形貌观察", samples=2, voucher=None):
    _as(client, user)
    page = client.get(reverse("market:book", args=[instrument.pk]))
    assert page.status_code == 200
    data = {
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": end.strftime("%Y-%m-%dT%H:%M"),
        "purpose": purpose,
        "samples": samples,
        "voucher": voucher.pk if voucher else "",
    }
    return client.post(reverse("market:book", args=[instrument.pk]), data)


def _bookings_action(client, user, booking, action, **extra):
    _as(client, user)
    return client.post(reverse("market:bookings"), {"booking": booking.pk, "action": action, **extra}, follow=True)


# ---------------------------------------------------------------- search


def test_search_highlights_the_query_words_in_a_known_title(client, people):
    _as(client, people["enterprise"])
    laser = Listing.objects.get(title=LASER)
    response = _home(client, q="激光熔覆 修复")
    ids = _ids(response)
    assert laser.pk in ids
    titles = _result_titles(response)
    shown = titles[laser.pk]
    assert "<mark>" in shown
    # the marks only wrap words of the query, and without them the title reads as it was posted
    assert re.sub(r"</?mark>", "", shown) == html.escape(LASER)
    for word in re.findall(r"<mark>(.*?)</mark>", shown):
        assert word in "激光熔覆 修复", word
    assert "激光熔覆" in "".join(re.findall(r"<mark>(.*?)</mark>", shown))
    assert f"共 {response.context['total']} 条" in response.content.decode()


def test_searching_a_full_title_ranks_that_listing_first(client, people):
    _as(client, people["enterprise"])
    for title in (LASER, COATING):
        response = _home(client, q=title)
        assert _ids(response)[0] == Listing.objects.get(title=title).pk, title


def test_titles_are_escaped_around_the_marks(client, people):
    _as(client, people["office"])
    listing = _post_demand(
        client,
        people["enterprise"],
        title="需要<b>钒电池</b>电解液&储能技术",
        description="寻求钒电池电解液配方与储能系统集成方案。",
        field="新能源",
    )
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.PUBLISHED)
    _as(client, people["provider"])
    response = _home(client, q="钒电池")
    shown = _result_titles(response)[listing.pk]
    assert "<b>" not in shown
    assert "&lt;b&gt;" in shown and "&amp;" in shown
    assert re.sub(r"</?mark>", "", shown) == html.escape(listing.title)
    marked = re.findall(r"<mark>(.*?)</mark>", shown)
    assert "电池" in "".join(marked) and all(word in "钒电池" for word in marked), marked


def test_a_one_character_element_name_in_the_query_still_counts(client, people):
    from innozone.market import services

    office = people["office"]
    texts = {
        "锌": ("锌冶炼烟气制酸成套技术", "锌冶炼烟气经净化、转化和吸收制取硫酸。"),
        # a copper listing that says 冶炼 more often: it wins only when 锌 is ignored
        "铜": ("铜冶炼冶炼渣与冶炼烟气综合利用技术", "铜冶炼过程中冶炼渣、冶炼烟气和冶炼废水的综合利用。"),
    }
    made = {
        metal: services.listing_create(
            actor=office,
            data={
                "kind": "achievement",
                "title": title,
                "description": description,
                "field": "有色金属",
                "region": "白银区",
            },
        )
        for metal, (title, description) in texts.items()
    }
    _as(client, people["enterprise"])
    response = _home(client, q="锌冶炼")
    ids = _ids(response)
    assert made["锌"].pk in ids
    assert ids[0] == made["锌"].pk, [Listing.objects.get(pk=i).title for i in ids[:3]]
    assert "<mark>锌</mark>" in _result_titles(response)[made["锌"].pk]


def _filter_cases():
    """(name, GET params builder, predicate on a listing)."""
    return [
        ("kind", lambda: {"kind": "expert"}, lambda x, p: x.kind == "expert"),
        ("field", lambda: {"field": Field.objects.get(name="新材料").pk}, lambda x, p: x.field.name == "新材料"),
        (
            "city",
            lambda: {"region": Region.objects.get(name="白银市").pk},
            lambda x, p: _under(x.region, int(p["region"])),
        ),
        (
            "district",
            lambda: {"region": Region.objects.get(name="城关区").pk},
            lambda x, p: x.region.name == "城关区",
        ),
        ("trl", lambda: {"trl_min": 7}, lambda x, p: x.trl is not None and x.trl >= 7),
        # a listing without a price (面议) is kept; the others are compared as stored
        ("price", lambda: {"price_max": "1000"}, lambda x, p: x.price is None or x.price <= Decimal("1000")),
        (
            "all",
            lambda: {"kind": "achievement", "field": Field.objects.get(name="新材料").pk, "trl_min": 5},
            lambda x, p: x.kind == "achievement" and x.field.name == "新材料" and x.trl is not None and x.trl >= 5,
        ),
    ]


@pytest.mark.parametrize("case", _filter_cases(), ids=lambda c: c[0])
def test_every_filter_keeps_exactly_the_listings_that_satisfy_it(client, people, case):
    _name, build, keep = case
    params = build()
    expected = {x.pk for x in _published() if keep(x, params)}
    assert 0 < len(expected) < len(_published()), "the filter must be discriminating on the demo data"
    _as(client, people["enterprise"])
    seen: list[int] = []
    page = 1
    while True:
        response = _home(client, page=page, **params)
        ids = _ids(response)
        if not ids:
            break
        seen += ids
        page += 1
    assert response.context["total"] == len(expected)
    assert len(seen) == len(set(seen)), "no listing is shown on two pages"
    assert set(seen) == expected


@pytest.mark.parametrize(
    ("params", "kept"),
    [
        ({}, True),
        ({"kind": "achievement"}, True),
        ({"kind": "service"}, False),
        ({"field": "新材料"}, True),
        ({"field": "化工"}, False),
        ({"region": "兰州市"}, True),  # 城关区 lies in 兰州市
        ({"region": "城关区"}, True),
        ({"region": "白银市"}, False),
        ({"trl_min": 5}, True),
        ({"trl_min": 6}, False),
        ({"kind": "achievement", "field": "新材料", "region": "兰州市", "trl_min": 5}, True),
    ],
)
def test_a_query_with_filters_finds_a_listing_only_when_it_satisfies_them(client, people, params, kept):
    coating = Listing.objects.get(title=COATING)
    assert (coating.kind, coating.field.name, coating.region.name, coating.trl) == (
        "achievement",
        "新材料",
        "城关区",
        5,
    )
    get = dict(params)
    if "field" in get:
        get["field"] = Field.objects.get(name=get["field"]).pk
    if "region" in get:
        get["region"] = Region.objects.get(name=get["region"]).pk
    _as(client, people["enterprise"])
    response = _home(client, q="热障涂层", **get)
    ids = _ids(response)
    assert (coating.pk in ids) is kept
    for listing in Listing.objects.filter(pk__in=ids).select_related("region", "field"):
        if "kind" in params:
            assert listing.kind == params["kind"]
        if "field" in params:
            assert listing.field.name == params["field"]
        if "region" in params:
            assert _under(listing.region, get["region"])
        if "trl_min" in params:
            assert listing.trl is not None and listing.trl >= params["trl_min"]


def test_pages_follow_the_next_links_without_repeats(client, people):
    _as(client, people["enterprise"])
    services = set(Listing.objects.filter(kind="service", status="published").values_list("pk", flat=True))
    pages = -(-len(services) // PER_PAGE)
    assert pages >= 3
    url = reverse("market:home") + "?kind=service"
    seen, sizes = [], []
    for n in range(1, pages + 1):
        response = client.get(url)
        body = response.content.decode()
        assert f"<span>{n} / {pages}</span>" in body
        seen += _ids(response)
        sizes.append(len(_ids(response)))
        nxt = re.search(r'<a href="(\?[^"]*)">下一页</a>', body)
        if n < pages:
            assert nxt, f"page {n} links to the next one"
            url = reverse("market:home") + html.unescape(nxt.group(1))
        else:
            assert nxt is None, "the last page has no next link"
            assert "上一页" in body
    assert sizes == [PER_PAGE] * (pages - 1) + [len(services) - PER_PAGE * (pages - 1)]
    assert len(seen) == len(set(seen)) and set(seen) == services
    # newest first when there is no query
    assert seen == sorted(services, reverse=True)


def test_a_query_pages_through_every_match_once(client, people):
    _as(client, people["enterprise"])
    first = _home(client, q="检测 分析")
    total = first.context["total"]
    assert total > PER_PAGE
    seen = []
    for page in range(1, -(-total // PER_PAGE) + 1):
        seen += _ids(_home(client, q="检测 分析", page=page))
    assert len(seen) == total == len(set(seen))
    scores = [r.score for r in first.context["results"]]
    assert scores == sorted(scores, reverse=True), "the best match comes first"


def test_no_match_shows_the_empty_state(client, people):
    _as(client, people["enterprise"])
    response = _home(client, q="zzqxjw")
    body = response.content.decode()
    assert response.context["total"] == 0
    assert EMPTY_TEXT in body
    assert "共 0 条" in body
    assert 'class="pager"' not in body
    # an unfiltered search has results, so the empty text is not shown there
    assert EMPTY_TEXT not in _home(client).content.decode()


def test_search_needs_a_login(client, market_base):
    response = client.get(reverse("market:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_result_card_shows_the_price_with_its_own_unit(client, people):
    coating = Listing.objects.get(title=COATING)
    assert (coating.price, coating.price_unit) == (Decimal("4540000.00"), "元")  # seeded as 454 万元
    _as(client, people["enterprise"])
    body = _home(client, q=COATING).content.decode()
    card = next(c for c in body.split('<div class="card result">')[1:] if COATING in re.sub(r"</?mark>", "", c))
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", card)))
    assert "4540000.00 元" in text, text


def test_the_price_filter_is_in_yuan_whatever_unit_a_listing_is_priced_in(client, people):
    per_unit = {"万元": Decimal(10000)}
    _as(client, people["enterprise"])
    response = _home(client, kind="achievement", price_max="1000")
    for listing in Listing.objects.filter(pk__in=_ids(response)):
        if listing.price is not None:
            in_yuan = listing.price * per_unit.get(listing.price_unit, Decimal(1))
            assert in_yuan <= 1000, (listing.title, listing.price, listing.price_unit)


def test_an_invalid_filter_value_does_not_silently_drop_the_other_filters(client, people):
    _as(client, people["enterprise"])
    response = _home(client, q="热障涂层", kind="achievement", trl_min="0")
    kinds = set(Listing.objects.filter(pk__in=_ids(response)).values_list("kind", flat=True))
    assert kinds <= {"achievement"}, kinds


# ---------------------------------------------------------------- posting and review


def test_a_posted_demand_is_reviewed_then_searchable_and_matched(client, people):
    title = "钕铁硼永磁材料晶界扩散工艺技术需求"
    description = "我公司生产烧结钕铁硼磁体，需降低重稀土用量并提高矫顽力，寻求晶界扩散工艺和稀土永磁材料的成熟技术。"
    demand = _post_demand(client, people["enterprise"], title=title, description=description)
    assert demand.status == Listing.Status.PENDING
    assert demand.kind == Listing.Kind.DEMAND
    assert demand.owner.name == LONGYUAN
    assert demand.price == Decimal("200000") and demand.contact == "王工 0931-8888888"

    # the owner sees it waiting; nobody finds it yet
    page = client.get(reverse("market:listing", args=[demand.pk]))
    assert page.status_code == 200
    assert "待审核" in page.content.decode()
    assert "已提交，等待审核后发布" in _messages(page)
    assert title in client.get(reverse("market:mine")).content.decode()
    _as(client, people["provider"])
    assert demand.pk not in _ids(_home(client, q="钕铁硼 晶界扩散"))
    assert demand.pk not in _ids(_home(client, kind="demand"))

    # the office publishes it on the review page
    response = _review(client, people["office"], demand, "approve")
    assert response.status_code == 200
    demand.refresh_from_db()
    assert demand.status == Listing.Status.PUBLISHED
    assert "没有待审核的挂牌信息" in client.get(reverse("market:review")).content.decode()

    # now everyone finds it, highlighted
    _as(client, people["provider"])
    found = _home(client, q="钕铁硼 晶界扩散")
    assert demand.pk in _ids(found)
    assert "<mark>" in _result_titles(found)[demand.pk]

    # its page lists solvers (achievements, services, instruments, experts) with reasons
    _as(client, people["enterprise"])
    page = client.get(reverse("market:listing", args=[demand.pk]))
    body = page.content.decode()
    assert "待审核" not in body
    matches = page.context["matches"]
    assert matches, "a demand about 钕铁硼 has matches in the demo"
    assert len(matches) <= 10
    for hit, listing in matches:
        assert listing is not None and listing.pk != demand.pk
        assert listing.kind in {"achievement", "service", "instrument", "expert"}
        assert listing.status == Listing.Status.PUBLISHED
        assert hit.reasons and all(r.strip() for r in hit.reasons)
        assert f'href="/market/listings/{listing.pk}/"' in body
    table = body.split('id="matches"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", html.unescape(table), re.S)[1:]
    assert len(rows) == len(matches)
    for (hit, _listing), row in zip(matches, rows, strict=True):
        assert hit.title in row and all(reason in row for reason in hit.reasons), row
    assert "暂无匹配" not in table
    # the words of the demand bring the seeded 钕铁硼 / 稀土永磁 listings
    titles = " ".join(listing.title for _h, listing in matches)
    assert "钕铁硼" in titles or "稀土永磁" in titles or "永磁" in titles, titles


def test_a_rejection_needs_a_note_and_the_owner_reads_it(client, people):
    demand = _post_demand(
        client, people["enterprise"], title="光伏组件清洗机器人需求", description="寻求光伏组件自动清洗机器人。"
    )
    response = _review(client, people["office"], demand, "reject", note="  ")
    assert any("不通过时请填写理由" in m for m in _messages(response)), _messages(response)
    demand.refresh_from_db()
    assert demand.status == Listing.Status.PENDING and demand.review_note == ""

    _review(client, people["office"], demand, "reject", note="联系方式不完整")
    demand.refresh_from_db()
    assert demand.status == Listing.Status.REJECTED
    assert demand.review_note == "联系方式不完整"

    _as(client, people["enterprise"])
    mine = client.get(reverse("market:mine")).content.decode()
    assert "未通过" in mine and "联系方式不完整" in mine
    detail = client.get(reverse("market:listing", args=[demand.pk])).content.decode()
    assert "未通过" in detail and "联系方式不完整" in detail
    # a decided listing cannot be decided again
    _as(client, people["office"])
    again = client.post(reverse("market:review"), {"listing": demand.pk, "decision": "approve"}, follow=True)
    assert any("不在待审核状态" in m for m in _messages(again))
    demand.refresh_from_db()
    assert demand.status == Listing.Status.REJECTED


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("enterprise", 200),
        ("office", 200),
        ("provider", 404),
        ("expert", 404),
        ("enterprise2", 404),
        ("kjt", 404),
        ("leader", 404),
        ("auditor", 404),
    ],
)
def test_a_pending_listing_is_hidden_from_other_organizations(client, people, username, status):
    demand = _post_demand(
        client, people["enterprise"], title="盐湖提锂吸附剂需求", description="寻求盐湖卤水提锂吸附剂。"
    )
    _as(client, people[username])
    assert client.get(reverse("market:listing", args=[demand.pk])).status_code == status


@pytest.mark.parametrize("username", ["leader", "auditor"])
@pytest.mark.parametrize("kind", ["demand", "achievement", "service", "instrument", "expert"])
def test_read_only_users_cannot_post(client, people, username, kind):
    before = Listing.objects.count()
    _as(client, people[username])
    assert client.get(reverse("market:post", args=[kind])).status_code == 403
    data = {
        "title": "只读账号的发布",
        "description": "不应保存",
        "field": Field.objects.get(name="新材料").pk,
        "region": Region.objects.get(name="城关区").pk,
    }
    response = client.post(reverse("market:post", args=[kind]), data)
    assert response.status_code == 403
    assert "只读账号不能发布" in response.content.decode()
    assert Listing.objects.count() == before


@pytest.mark.parametrize(
    ("username", "kind", "status"),
    [
        ("enterprise", "demand", 200),
        ("provider", "demand", 403),
        ("expert", "demand", 403),
        ("kjt", "demand", 403),
        ("expert", "achievement", 200),
        ("expert", "expert", 200),
        ("enterprise", "expert", 403),
        ("provider", "service", 200),
        ("provider", "instrument", 200),
    ],
)
def test_the_organization_kind_decides_what_it_may_post(client, people, username, kind, status):
    _as(client, people[username])
    assert client.get(reverse("market:post", args=[kind])).status_code == status


def test_the_offices_own_posting_is_published_at_once(client, people):
    _as(client, people["office"])
    data = {
        "title": "自创区科技成果路演服务",
        "description": "面向园区企业的成果路演与对接服务。",
        "field": Field.objects.get(name="电子信息").pk,
        "region": Region.objects.get(name="兰州新区").pk,
        "price": "5000",
        "price_unit": "元/次",
        "contact": "0931-1234567",
    }
    response = client.post(reverse("market:post", args=["service"]), data, follow=True)
    listing = Listing.objects.get(title="自创区科技成果路演服务")
    assert listing.status == Listing.Status.PUBLISHED
    assert "已发布" in _messages(response)
    assert listing.pk in _ids(_home(client, q="路演"))


def test_an_invalid_post_rerenders_with_errors_and_saves_nothing(client, people):
    before = Listing.objects.count()
    _as(client, people["enterprise"])
    data = {"title": "", "description": "", "field": "", "region": Region.objects.get(name="城关区").pk}
    response = client.post(reverse("market:post", args=["demand"]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "description", "field"}
    assert Listing.objects.count() == before


def test_a_withdrawn_listing_leaves_search_and_other_listings_matches(client, people):
    demand = _post_demand(
        client,
        people["enterprise"],
        title="扫描电子显微镜形貌检测需求",
        description="需要扫描电子显微镜观察粉末颗粒形貌，寻求电镜检测服务。",
    )
    _review(client, people["office"], demand, "approve")
    sem = _instrument("场发射")
    _as(client, people["enterprise"])
    before = client.get(reverse("market:listing", args=[demand.pk])).context["matches"]
    assert sem.pk in [hit.id for hit, _l in before], "the demand matches the analysis centre's microscope"

    # another organization may not withdraw it
    response = _as(client, people["enterprise2"]).post(reverse("market:withdraw", args=[sem.pk]), follow=True)
    assert any("只能修改本单位发布的信息" in m for m in _messages(response))
    sem.refresh_from_db()
    assert sem.status == Listing.Status.PUBLISHED

    _as(client, people["provider"]).post(reverse("market:withdraw", args=[sem.pk]))
    sem.refresh_from_db()
    assert sem.status == Listing.Status.WITHDRAWN
    assert "已撤下" in client.get(reverse("market:mine")).content.decode()
    _as(client, people["enterprise"])
    assert sem.pk not in _ids(_home(client, q="场发射扫描电子显微镜"))
    after = client.get(reverse("market:listing", args=[demand.pk])).context["matches"]
    assert sem.pk not in [hit.id for hit, _l in after]
    assert client.get(reverse("market:listing", args=[sem.pk])).status_code == 404


# ---------------------------------------------------------------- instrument booking


def test_booking_through_the_form_and_the_owner_confirms_it(client, people):
    sem = _instrument("场发射")
    start, end = _in_days(10, 9), _in_days(10, 12)
    response = _book(client, people["enterprise"], sem, start, end, purpose="钕铁硼粉末形貌观察", samples=4)
    assert response.status_code == 302 and response["Location"] == reverse("market:listing", args=[sem.pk])
    booking = Booking.objects.get(instrument=sem, purpose="钕铁硼粉末形貌观察")
    assert (booking.status, booking.samples, booking.organization.name) == ("requested", 4, LONGYUAN)
    assert (booking.start, booking.end) == (start, end)
    assert booking.voucher is None
    detail = client.get(reverse("market:listing", args=[sem.pk]))
    calendar = detail.content.decode().split('id="instrument-calendar"')[1].split("</table>")[0]
    assert start.strftime("%Y-%m-%d %H:%M") in calendar and "待确认" in calendar and LONGYUAN in calendar

    # the provider sees it on its bookings page and confirms it
    _as(client, people["provider"])
    page = client.get(reverse("market:bookings")).content.decode()
    owned = page.split('id="owner-bookings"')[1].split("</table>")[0]
    assert "钕铁硼粉末形貌观察" in owned and LONGYUAN in owned
    response = _bookings_action(client, people["provider"], booking, "approve")
    assert "已办理" in _messages(response)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED

    # the enterprise sees it confirmed
    _as(client, people["enterprise"])
    mine = client.get(reverse("market:bookings")).content.decode()
    assert "已确认" in mine.split("本单位的预约")[1]


def test_a_booking_in_the_past_or_ending_before_it_starts_is_refused(client, people):
    sem = _instrument("场发射")
    response = _book(client, people["enterprise"], sem, _in_days(-1, 9), _in_days(-1, 10))
    assert response.status_code == 200
    assert "不能预约过去的时间" in str(response.context["form"].errors)
    response = _book(client, people["enterprise"], sem, _in_days(5, 12), _in_days(5, 9))
    assert "结束时间应晚于开始时间" in str(response.context["form"].errors)
    assert not Booking.objects.exists()


def test_a_second_overlapping_approval_is_refused_and_the_first_stays(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 11), _in_days(8, 14), purpose="第二单")
    _book(client, people["enterprise3"], sem, _in_days(8, 12), _in_days(8, 15), purpose="紧接第一单")
    first, second, adjacent = (Booking.objects.get(purpose=p) for p in ("第一单", "第二单", "紧接第一单"))

    _bookings_action(client, people["provider"], first, "approve")
    response = _bookings_action(client, people["provider"], second, "approve")
    shown = " ".join(_messages(response))
    assert "与已确认的预约时间冲突" in shown, shown
    assert "已办理" not in _messages(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "requested")
    # a booking that starts when the first ends does not overlap it
    response = _bookings_action(client, people["provider"], adjacent, "approve")
    assert "已办理" in _messages(response)
    adjacent.refresh_from_db()
    assert adjacent.status == "approved"
    # the refused one can still be declined, with a reason
    response = _bookings_action(client, people["provider"], second, "reject")
    assert any("拒绝时请填写理由" in m for m in _messages(response))
    _bookings_action(client, people["provider"], second, "reject", note="时间已被占用")
    second.refresh_from_db()
    assert (second.status, second.note) == ("rejected", "时间已被占用")
    assert list(Booking.objects.filter(instrument=sem, status="approved").order_by("start")) == [first, adjacent]


def test_cancelling_a_confirmed_booking_frees_its_time(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 10), _in_days(8, 11), purpose="第二单")
    first, second = Booking.objects.get(purpose="第一单"), Booking.objects.get(purpose="第二单")
    _bookings_action(client, people["provider"], first, "approve")
    # another enterprise cannot cancel it
    response = _bookings_action(client, people["enterprise2"], first, "cancel")
    assert any("只能取消本单位的预约" in m for m in _messages(response))
    first.refresh_from_db()
    assert first.status == "approved"
    _bookings_action(client, people["enterprise"], first, "cancel")
    first.refresh_from_db()
    assert first.status == "cancelled"
    response = _bookings_action(client, people["provider"], second, "approve")
    assert "已办理" in _messages(response)
    second.refresh_from_db()
    assert second.status == "approved"


def test_the_overlap_message_names_the_clash_in_local_time(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(8, 9), _in_days(8, 12), purpose="第一单")
    _book(client, people["enterprise2"], sem, _in_days(8, 10), _in_days(8, 11), purpose="第二单")
    _bookings_action(client, people["provider"], Booking.objects.get(purpose="第一单"), "approve")
    response = _bookings_action(client, people["provider"], Booking.objects.get(purpose="第二单"), "approve")
    shown = " ".join(_messages(response))
    assert _in_days(8, 9).strftime("%m-%d %H:%M") + "–12:00" in shown, shown


def test_only_the_instruments_owner_decides(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(6, 9), _in_days(6, 10), purpose="自己批准")
    booking = Booking.objects.get(purpose="自己批准")
    for username in ("enterprise", "provider2", "office"):
        response = _bookings_action(client, people[username], booking, "approve")
        assert any("只有仪器所属单位可以办理预约" in m for m in _messages(response)), (username, _messages(response))
    booking.refresh_from_db()
    assert booking.status == "requested"


@pytest.mark.parametrize("username", ["leader", "auditor"])
def test_read_only_users_cannot_book(client, people, username):
    sem = _instrument("场发射")
    _as(client, people[username])
    assert client.get(reverse("market:book", args=[sem.pk])).status_code == 403
    data = {"start": _in_days(5, 9).strftime("%Y-%m-%dT%H:%M"), "end": _in_days(5, 10).strftime("%Y-%m-%dT%H:%M")}
    assert client.post(reverse("market:book", args=[sem.pk]), {**data, "purpose": "x", "samples": 0}).status_code == 403
    assert not Booking.objects.exists()


def test_usage_paid_by_voucher_orders_the_instruments_service_item(client, busy_people):
    people = busy_people
    sem = _instrument("场发射")
    item = sem.service_item
    assert item is not None and item.provider.organization.name == LAB
    voucher = Voucher.objects.get(enterprise__name=LONGYUAN, status=Voucher.Status.ACTIVE)
    page = _as(client, people["enterprise"]).get(reverse("market:book", args=[sem.pk]))
    assert f'value="{voucher.pk}"' in page.content.decode(), "the enterprise may pick its active voucher"
    response = _book(
        client, people["enterprise"], sem, _in_days(12, 9), _in_days(12, 12), purpose="电镜检测", voucher=voucher
    )
    assert response.status_code == 302
    booking = Booking.objects.get(purpose="电镜检测")
    assert booking.voucher == voucher
    _bookings_action(client, people["provider"], booking, "approve")

    hours = Decimal("2.5")
    orders_before = set(Order.objects.values_list("pk", flat=True))
    voucher.refresh_from_db()
    left = voucher.amount - voucher.released - voucher.reserved
    ratio = CategoryRate.objects.get(scheme=voucher.scheme, category=item.category).subsidy_ratio
    response = _bookings_action(client, people["provider"], booking, "usage", hours="2.5", samples=3, fee="2000")
    assert "已办理" in _messages(response), _messages(response)

    new = Order.objects.exclude(pk__in=orders_before)
    assert new.count() == 1
    order = new.get()
    assert (order.voucher, order.item, order.provider.organization.name) == (voucher, item, LAB)
    assert order.quantity == hours
    assert order.price_total == (item.price * hours).quantize(CENT)
    assert order.voucher_amount == min((item.price * hours * ratio).quantize(CENT, rounding=ROUND_DOWN), left)
    usage = Usage.objects.get(booking=booking)
    assert (usage.hours, usage.samples, usage.fee, usage.voucher_order) == (hours, 3, Decimal("2000"), order)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    voucher.refresh_from_db()
    assert voucher.amount - voucher.released - voucher.reserved == left - order.voucher_amount
    owned = client.get(reverse("market:bookings")).content.decode().split('id="owner-bookings"')[1]
    assert "2.50 h" in owned.split("电镜检测")[1].split("</tr>")[0]


def test_usage_without_a_voucher_orders_nothing(client, busy_people):
    people = busy_people
    xrd = _instrument("X射线")
    _book(client, people["enterprise"], xrd, _in_days(12, 14), _in_days(12, 16), purpose="物相检测")
    booking = Booking.objects.get(purpose="物相检测")
    _bookings_action(client, people["provider"], booking, "approve")
    orders = Order.objects.count()
    _bookings_action(client, people["provider"], booking, "usage", hours="2", samples=1, fee="800")
    assert Usage.objects.get(booking=booking).voucher_order is None
    assert Order.objects.count() == orders


def test_usage_is_only_recorded_on_a_confirmed_booking(client, people):
    sem = _instrument("场发射")
    _book(client, people["enterprise"], sem, _in_days(6, 9), _in_days(6, 10), purpose="未确认")
    booking = Booking.objects.get(purpose="未确认")
    response = _bookings_action(client, people["provider"], booking, "usage", hours="1", samples=0, fee="800")
    assert any("只有已确认的预约可以登记使用" in m for m in _messages(response))
    assert not Usage.objects.exists()


# ---------------------------------------------------------------- technology contracts


def _contract_data(seller, buyer, **over):
    data = {
        "contract_type": "development",
        "title": "钕铁硼晶界扩散工艺委托开发合同",
        "seller": seller.pk,
        "buyer": buyer.pk,
        "amount": "500000",
        "technology_amount": "420000",
        "signed_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "field": Field.objects.get(name="新材料").pk,
        "region": Region.objects.get(name="城关区").pk,
    }
    return {**data, **over}


def test_the_contract_form_refuses_a_technology_part_above_the_amount_and_one_party_on_both_sides(client, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"])
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan, technology_amount="500000.01"))
    assert response.status_code == 200
    assert "技术交易额不能超过合同金额" in str(response.context["form"].errors.get("technology_amount"))
    response = client.post(reverse("market:contracts"), _contract_data(longyuan, longyuan))
    assert response.status_code == 200
    assert "买卖双方不能是同一单位" in str(response.context["form"].errors)
    assert "买卖双方不能是同一单位" in response.content.decode()
    lz = Organization.objects.get(name="兰州大学")
    response = client.post(reverse("market:contracts"), _contract_data(lab, lz))
    assert "只有合同当事方可以申请登记" in str(response.context["form"].errors)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan, signed_on=future))
    assert "签订日期无效" in str(response.context["form"].errors)
    assert not TechContract.objects.exists()


def test_the_office_registers_a_contract_and_it_gets_a_registration_number(client, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    year = (timezone.localdate() - dt.timedelta(days=3)).year
    registered = TechContract.objects.filter(status="registered", signed_on__year=year)
    before_n, before_amount = registered.count(), sum((c.amount for c in registered), Decimal(0))
    numbers_before = set(
        TechContract.objects.exclude(registration_number="").values_list("registration_number", flat=True)
    )

    _as(client, people["enterprise"])
    response = client.post(reverse("market:contracts"), _contract_data(lab, longyuan), follow=True)
    assert "已提交登记申请" in _messages(response)
    contract = TechContract.objects.get(title="钕铁硼晶界扩散工艺委托开发合同")
    assert (contract.status, contract.registration_number, contract.submitted_by) == (
        "submitted",
        "",
        people["enterprise"],
    )
    assert (contract.amount, contract.technology_amount) == (Decimal("500000"), Decimal("420000"))

    # the enterprise cannot register it itself
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"})
    assert response.status_code == 403

    _as(client, people["office"])
    assert "到技术合同页面办理" in client.get(reverse("market:review")).content.decode()
    client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"})
    contract.refresh_from_db()
    assert contract.status == TechContract.Status.REGISTERED
    number = contract.registration_number
    assert re.fullmatch(r"\d{10,}", number), number
    assert number.startswith(str(contract.signed_on.year))
    assert number not in numbers_before
    assert contract.registered_at is not None

    page = client.get(reverse("market:contracts"), {"year": year})
    assert number in page.content.decode()
    totals = page.context["stats"]["totals"]
    assert totals["n"] == before_n + 1
    assert totals["amount"] == before_amount + Decimal("500000")
    # a registered contract is not registered again
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "register"}, follow=True)
    assert any("该合同已处理" in m for m in _messages(response))


def test_refusing_to_register_needs_a_note(client, people):
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"]).post(reverse("market:contracts"), _contract_data(lab, longyuan))
    contract = TechContract.objects.get()
    _as(client, people["office"])
    response = client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "reject"}, follow=True)
    assert any("不予登记时请填写理由" in m for m in _messages(response))
    contract.refresh_from_db()
    assert contract.status == "submitted"
    client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "reject", "note": "非技术合同"})
    contract.refresh_from_db()
    assert (contract.status, contract.review_note, contract.registration_number) == ("rejected", "非技术合同", "")


def _workbook_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_the_contracts_export_opens_with_openpyxl_and_lists_the_years_contracts(client, busy_people):
    people = busy_people
    years = sorted({d.year for d in TechContract.objects.values_list("signed_on", flat=True)})
    _as(client, people["office"])
    for year in years:
        rows = _workbook_rows(client.get(reverse("market:contracts"), {"year": year, "format": "xlsx"}))
        header, body = rows[0], rows[1:]
        assert header[:2] == ("登记号", "合同名称")
        expected = TechContract.objects.filter(signed_on__year=year)
        assert sorted(r[1] for r in body) == sorted(expected.values_list("title", flat=True))
        for row in body:
            c = expected.get(title=row[1])
            assert row[0] == (c.registration_number or None)
            assert (row[3], row[4]) == (c.seller.name, c.buyer.name)
            assert Decimal(str(row[5])) == c.amount and Decimal(str(row[6])) == c.technology_amount
            assert row[7] == c.signed_on.isoformat()


def test_an_enterprise_exports_only_its_own_contracts(client, busy_people):
    people = busy_people
    lab, longyuan = Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)
    _as(client, people["enterprise"]).post(reverse("market:contracts"), _contract_data(lab, longyuan))
    year = TechContract.objects.get(title="钕铁硼晶界扩散工艺委托开发合同").signed_on.year
    rows = _workbook_rows(client.get(reverse("market:contracts"), {"year": year, "format": "xlsx"}))
    assert rows[1:], "its own contract is listed"
    for row in rows[1:]:
        assert LONGYUAN in (row[3], row[4]), row
    own = TechContract.objects.filter(signed_on__year=year).filter(seller=longyuan) | TechContract.objects.filter(
        signed_on__year=year, buyer=longyuan
    )
    assert len(rows) - 1 == own.count()


# ---------------------------------------------------------------- openness report


def _openness_rows(body: str) -> dict[str, tuple[str, ...]]:
    table = body.split('id="openness"')[1].split("</table>")[0]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows[cells[0]] = tuple(cells[1:])
    return rows


def test_openness_report_compares_offered_and_used_hours(client, busy_people):
    people = busy_people
    xrd = _instrument("X射线")
    _book(client, people["enterprise"], xrd, _in_days(9, 9), _in_days(9, 13), purpose="开放共享统计")
    booking = Booking.objects.get(purpose="开放共享统计")
    _bookings_action(client, people["provider"], booking, "approve")
    _bookings_action(client, people["provider"], booking, "usage", hours="3.5", samples=2, fee="1400")

    start, end = timezone.localdate(), timezone.localdate() + dt.timedelta(days=13)  # two weeks
    lab_instruments = Listing.objects.filter(owner__name=LAB, kind="instrument", status="published")
    weekly = sum(x.hours_offered_per_week for x in lab_instruments)
    assert weekly == 40 + 40 + 32
    offered = Decimal(weekly * 2)
    used = sum(
        (
            u.hours
            for u in Usage.objects.filter(booking__instrument__in=lab_instruments).select_related("booking")
            if start <= timezone.localtime(u.booking.start).date() <= end
        ),
        Decimal(0),
    )
    assert used >= Decimal("3.5")

    _as(client, people["leader"])
    response = client.get(reverse("market:openness"), {"start": start.isoformat(), "end": end.isoformat()})
    assert response.status_code == 200
    rows = _openness_rows(response.content.decode())
    n, shown_offered, shown_used, rate = rows[LAB]
    assert int(n) == lab_instruments.count()
    assert Decimal(shown_offered) == offered
    assert Decimal(shown_used) == used
    assert Decimal(rate) == (used / offered * 100).quantize(Decimal("0.1"))

    # a week later than every usage: the same offer per week, nothing used
    later_start = end + dt.timedelta(days=30)
    later = client.get(
        reverse("market:openness"),
        {"start": later_start.isoformat(), "end": (later_start + dt.timedelta(days=6)).isoformat()},
    )
    n, shown_offered, shown_used, rate = _openness_rows(later.content.decode())[LAB]
    assert Decimal(shown_offered) == Decimal(weekly)
    assert Decimal(shown_used) == 0 and Decimal(rate) == 0
