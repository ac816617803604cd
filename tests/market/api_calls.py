"""What the market API tests share: the demo's names, error and success bodies, times, request bodies."""

import datetime as dt

from django.utils import timezone

from innozone.core.models import Region
from innozone.market.models import Listing

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
