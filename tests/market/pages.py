"""What the market page tests share: the demo's names, logging in, and the page steps (post, review, book)."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from innozone.core.models import Region
from innozone.market.models import Field, Listing

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
