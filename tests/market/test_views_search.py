"""Market pages, search: highlighting, escaping, filters (each keeps exactly the listings that satisfy
it), paging without repeats, the empty state, prices with their unit."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from innozone.core.models import Region
from innozone.market.models import Field, Listing

from .pages import (
    COATING,
    EMPTY_TEXT,
    LASER,
    PER_PAGE,
    _as,
    _home,
    _ids,
    _post_demand,
    _published,
    _result_titles,
    _under,
)


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
