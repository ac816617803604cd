"""Market pages, posting and the office's review: who may see and post what, the office's own postings,
invalid posts, withdrawal."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from innozone.core.models import Region
from innozone.market.models import Field, Listing

from .pages import LONGYUAN, _as, _home, _ids, _instrument, _messages, _post_demand, _result_titles, _review


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
