"""Demo data for the technology market: 340 listings across the fields of the Lanzhou–Baiyin economy
(generated text, clearly demo, kept in seed_data/listings.jsonl; it is not the labelled set that
scripts/make_market_corpus.py writes for the tests), the analysis centre's instruments linked to its
voucher price list with bookings, and technology contracts."""

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, Region, User
from innozone.market.engine import FIELDS
from innozone.vouchers import selectors as voucher_selectors

from . import services
from .models import Field, Listing, TechContract

SEED = Path(__file__).with_name("seed_data") / "listings.jsonl"
LAB = "甘肃省分析测试中心（演示）"
INSTRUMENTS = [
    ("场发射扫描电子显微镜", "SU8020", "电子光学仪器", "1250000", "场发射", 40),
    ("X射线衍射仪", "D8 ADVANCE", "X射线仪器", "980000", "X射线", 40),
    ("电感耦合等离子体发射光谱仪", "ICP-OES 5110", "光谱仪器", "760000", "材料成分", 32),
]

#: demo achievements marked as international technology transfers
INTERNATIONAL = ("光伏跟踪支架技术及产业化", "高镍三元正极材料关键技术及应用")

ORDER = 40  # after vouchers (instruments are paid partly by voucher)


def _rows():
    for line in SEED.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        yield {
            "kind": r["kind"],
            "title": r["title"],
            "description": r["text"],
            "field": r["field"],
            "region": r["region"],
            "owner": r["provider"],
            "trl": r.get("trl"),
            "price": r.get("price"),
            "price_unit": r.get("price_unit") or "",
        }


@transaction.atomic
def seed(*, with_activity: bool) -> str:
    if Field.objects.exists() and Listing.objects.exists():
        return "market: already loaded"
    for n, name in enumerate(FIELDS):
        Field.objects.get_or_create(name=name, defaults={"order": n})
    office = User.objects.get(username="office")
    count = services.listings_import(actor=office, rows=list(_rows()))
    # international technology transfers (国际技术转移, issue 16): the cooperation demo links a project to one
    Listing.objects.filter(title__in=INTERNATIONAL, kind="achievement").update(international=True)
    lab = Organization.objects.get(name=LAB)
    instruments = []
    for title, model, category, value, item_key, hours in INSTRUMENTS:
        item = lab.provider.items.filter(name__startswith=item_key).first()
        listing = services.listing_create(
            actor=office,
            owner=lab,
            data={
                "kind": "instrument",
                "title": f"{title}（{model}）",
                "description": f"{title}，{category}，"
                f"面向企业和高校开放共享，提供测试分析与上机操作培训。每周开放{hours}机时。",
                "field": "新材料",
                "region": lab.region,
                "model_number": model,
                "category": category,
                "location": "兰州市城关区 分析测试中心大楼",
                "original_value": value,
                "hours_offered_per_week": hours,
                "booking_rules": "提前一个工作日预约；单次不超过8小时",
                "price": item.price if item else None,
                "price_unit": "元/小时",
            },
        )
        Listing.objects.filter(pk=listing.pk).update(service_item=item)
        listing.service_item = item
        instruments.append(listing)
    contracts = _contracts(office) if with_activity else 0
    if with_activity:
        _bookings(instruments)
    return f"market: {count + len(instruments)} listings, {contracts} technology contracts"


def _bookings(instruments):
    enterprise = User.objects.get(username="enterprise")
    lab_user = User.objects.get(username="provider")
    base = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    sem = instruments[0]
    ok = services.booking_request(
        actor=enterprise,
        instrument=sem,
        start=base,
        end=base + dt.timedelta(hours=3),
        purpose="钕铁硼粉末形貌观察",
        samples=6,
    )
    services.booking_decide(actor=lab_user, booking=ok, approve=True)
    services.booking_request(
        actor=enterprise,
        instrument=sem,
        start=base + dt.timedelta(days=1),
        end=base + dt.timedelta(days=1, hours=2),
        purpose="断口分析",
        samples=3,
    )
    voucher = voucher_selectors.vouchers_for(enterprise, status="active").first()
    paid = services.booking_request(
        actor=enterprise,
        instrument=instruments[1],
        start=base + dt.timedelta(hours=1),
        end=base + dt.timedelta(hours=3),
        purpose="物相分析",
        samples=4,
        voucher=voucher,
    )
    services.booking_decide(actor=lab_user, booking=paid, approve=True)
    if voucher is not None:
        services.usage_record(actor=lab_user, booking=paid, hours="2", samples=4, fee=Decimal("800"))


def _contracts(office) -> int:
    rng = random.Random(2020)
    orgs = list(Organization.objects.filter(listings__isnull=False).distinct()[:40])
    regions = list(Region.objects.filter(code__in=["lz-cg", "lz-qlh", "lz-an", "lzxq", "lzgx", "by-by", "bygx"]))
    fields = list(Field.objects.all())
    today = timezone.localdate()
    made = 0
    for n in range(36):
        seller, buyer = rng.sample(orgs, 2)
        signed = today - dt.timedelta(days=rng.randint(5, 420))
        amount = Decimal(rng.choice([80, 120, 260, 450, 900, 1500])) * 1000
        contract = services.contract_submit(
            actor=office,
            data={
                "contract_type": rng.choice(TechContract.Type.values),
                "title": f"技术合同（演示）{n + 1:02d}",
                "seller": seller,
                "buyer": buyer,
                "amount": amount,
                "technology_amount": (amount * Decimal("0.8")).quantize(Decimal("1")),
                "signed_on": signed,
                "field": rng.choice(fields),
                "region": rng.choice(regions),
            },
        )
        if n % 6 != 5:
            services.contract_review(actor=office, contract=contract, approve=True)
        made += 1
    return made + _contracts_awaiting_consent(fields[0], today)


def _contracts_awaiting_consent(field, today) -> int:
    """Parties' own submissions, so each role sees the counterparty's consent: the enterprise waits for the
    analysis centre to confirm, the centre waits for Lanzhou University, and the enterprise declined one."""
    enterprise, lab_user = User.objects.get(username="enterprise"), User.objects.get(username="provider")
    university = Organization.objects.get(name="兰州大学")
    base = {"field": field, "signed_on": today - dt.timedelta(days=4), "amount": "300000"}
    services.contract_submit(
        actor=enterprise,
        data={
            **base,
            "contract_type": TechContract.Type.SERVICE,
            "title": "稀土材料检测技术服务合同（演示，待对方确认）",
            "seller": lab_user.organization,
            "buyer": enterprise.organization,
            "technology_amount": "240000",
        },
    )
    services.contract_submit(
        actor=lab_user,
        data={
            **base,
            "contract_type": TechContract.Type.CONSULTING,
            "title": "材料表征方法技术咨询合同（演示，待对方确认）",
            "seller": lab_user.organization,
            "buyer": university,
            "technology_amount": "200000",
        },
    )
    declined = services.contract_submit(
        actor=lab_user,
        data={
            **base,
            "contract_type": TechContract.Type.DEVELOPMENT,
            "title": "电镜原位分析方法委托开发合同（演示，对方不予确认）",
            "seller": lab_user.organization,
            "buyer": enterprise.organization,
            "amount": "500000",
            "technology_amount": "450000",
        },
    )
    services.contract_decline(actor=enterprise, contract=declined, reason="合同金额与我方签署文本不符（演示）")
    return 3
