"""Demo data: ip assets part. Dates are relative to today so that every state shows on any day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization
from innozone.finance.selectors.records import loans_for
from innozone.market import selectors as market_selectors
from innozone.market.services.listings import listing_create

from ..engine import fees
from ..models import Asset, FeePayment, Transaction
from ..services import assets as services

PROVIDER_LISTINGS = (
    ("专利代理与申请布局服务（演示）", "发明、实用新型、外观设计专利申请代理，专利布局与挖掘，审查意见答复。", "3500"),
    ("知识产权质押融资评估服务（演示）", "专利、商标价值评估，配合银行办理知识产权质押融资，出具评估报告。", "8000"),
    ("商标注册与软件著作权登记服务（演示）", "商标注册、续展、宽展，计算机软件著作权登记，版权登记代理。", "1200"),
)


def _number(kind: str, year: int, seq: int) -> str:
    digit = {"invention": "1", "utility": "2", "design": "3"}.get(kind)
    if digit is None:
        prefix = {"trademark": "TM", "software": "2024SR", "plant": "CNA", "layout": "BS."}[kind]
        return f"{prefix}{year % 100:02d}{seq:06d}"
    body = f"{year}{digit}{seq:07d}"
    check = sum(int(c) * w for c, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)) % 11
    return f"{body}.{'X' if check == 10 else check}"


def _asset(owner, kind, seq, title, filed, granted, paid_through, *, status="", classification="") -> Asset:
    number = _number(kind, filed.year, 900000 + seq)
    asset = Asset.objects.filter(kind=kind, number=number).first()
    if asset is not None:
        return asset
    asset = Asset(
        kind=kind,
        number=number,
        title=title,
        owner=owner,
        filed_on=filed,
        granted_on=granted,
        fees_paid_through=paid_through,
        classification=classification,
        inventors="张明；李华",
        source="manual",
        is_demo=True,
    )
    if status:
        asset.status = status
    services.apply_state(asset, timezone.localdate())
    asset.save()
    return asset


def _due_in(days: int, year_no: int, today: dt.date) -> dt.date:
    """A filing date whose year `year_no` starts `days` from today (negative: in the past)."""
    return fees.add_years(today + dt.timedelta(days=days), -(year_no - 1))


def _providers(office) -> int:
    """Three IP service listings of the demo provider, posted through the market's own service (so they are
    indexed for search like any listing) by the office, which publishes at once."""
    field = market_selectors.fields_all().order_by("order", "pk").first()
    owner = Organization.objects.filter(kind=Organization.Kind.PROVIDER).order_by("pk").first()
    if field is None or owner is None or owner.region_id is None:
        return 0
    have = {listing.title for listing in market_selectors.ip_service_listings(["（演示）"], limit=500)}
    made = 0
    for title, description, price in PROVIDER_LISTINGS:
        if title in have:
            continue
        data = {"kind": "service", "title": title, "description": description, "field": field.name}
        data |= {"region": owner.region, "price": price, "price_unit": "件"}
        listing_create(actor=office, data=data, owner=owner)
        made += 1
    return made


@transaction.atomic
def seed_part(*, with_activity: bool) -> str:
    User = get_user_model()
    office = User.objects.filter(username="office", role="office_admin").first()
    if office is None:
        return ""
    owners = list(Organization.objects.filter(registry_entry__is_demo=True).order_by("pk")[:8])
    if len(owners) < 3:
        return ""
    today = timezone.localdate()
    a, b, c = owners[0], owners[1], owners[2]
    d = owners[3 % len(owners)]
    made = []
    # valid invention, fees paid, next fee due in 60 days (the 90-day reminder)
    f1 = _due_in(60, 6, today)
    made.append(
        _asset(
            a,
            "invention",
            1,
            "一种高纯铜箔的连续电解制备方法",
            f1,
            fees.add_years(f1, 2),
            5,
            classification="C25D 1/04",
        )
    )
    # valid invention, fee due in 20 days (the 30-day reminder)
    f2 = _due_in(20, 4, today)
    made.append(
        _asset(
            b,
            "invention",
            2,
            "锂离子电池正极材料的掺杂改性工艺",
            f2,
            fees.add_years(f2, 2),
            3,
            classification="H01M 4/525",
        )
    )
    # in grace: the fee fell due 45 days ago (5 % surcharge if paid today)
    f3 = _due_in(-45, 5, today)
    made.append(
        _asset(
            a, "invention", 3, "镍钴锰三元前驱体共沉淀反应釜", f3, fees.add_years(f3, 3), 4, classification="B01J 19/18"
        )
    )
    # lapsed: due 8 months ago, never paid
    f4 = _due_in(-240, 4, today)
    made.append(
        _asset(c, "utility", 4, "一种稀土永磁体充磁夹具", f4, fees.add_months(f4, 10), 3, classification="H01F 13/00")
    )
    # expired utility model (filed 11 years ago, all fees paid)
    f5 = fees.add_years(today, -11)
    made.append(_asset(b, "utility", 5, "中药饮片自动称量包装装置", f5, fees.add_months(f5, 9), 10))
    # design under the 15-year term
    f6 = fees.add_years(today, -3) - dt.timedelta(days=200)
    made.append(_asset(c, "design", 6, "智能电表外壳", f6, fees.add_months(f6, 6), 4))
    # pending application, rejected application
    made.append(
        _asset(
            d,
            "invention",
            7,
            "基于机器视觉的铝板表面缺陷检测方法",
            today - dt.timedelta(days=200),
            None,
            0,
            classification="G06T 7/00",
        )
    )
    made.append(
        _asset(
            d,
            "invention",
            8,
            "一种石化废催化剂的再生方法",
            fees.add_years(today, -4),
            None,
            0,
            status=Asset.Status.REJECTED,
        )
    )
    # trademark, software copyright, plant variety
    made.append(_asset(a, "trademark", 9, "兰白铜业（第6类）", fees.add_years(today, -3), fees.add_years(today, -2), 0))
    made.append(
        _asset(
            b,
            "software",
            10,
            "中药材溯源管理系统 V2.0",
            fees.add_years(today, -1),
            fees.add_years(today, -1) + dt.timedelta(days=40),
            0,
        )
    )
    made.append(_asset(c, "plant", 11, "陇薯20号", fees.add_years(today, -5), fees.add_years(today, -3), 0))
    summary = f"ip: {Asset.objects.filter(is_demo=True).count()} demo assets"
    if not with_activity:
        return summary
    first = made[0]
    if not first.fee_payments.exists():
        fee = fees.fee_for(first.kind, first.filed_on, first.granted_on, 5)
        FeePayment.objects.create(
            asset=first,
            year_no=5,
            due_on=fee.due_on,
            paid_on=fee.due_on - dt.timedelta(days=20),
            amount=fee.amount,
            surcharge=Decimal("0.00"),
            recorded_by=office,
        )
    design = made[5]
    if not design.fee_payments.exists():
        fee = fees.fee_for(design.kind, design.filed_on, design.granted_on, 3)
        late = fees.add_months(fee.due_on, 2) + dt.timedelta(days=3)  # the third month: 10 %
        if late <= today:
            FeePayment.objects.create(
                asset=design,
                year_no=3,
                due_on=fee.due_on,
                paid_on=late,
                amount=fee.amount,
                surcharge=fees.surcharge(fee.amount, fee.due_on, late),
                recorded_by=office,
            )
    if not Transaction.objects.filter(asset__is_demo=True).exists():
        services.transaction_create(
            actor=office,
            asset_id=made[1].pk,
            data={
                "kind": "licence",
                "counterpart": c.name,
                "counterpart_org_id": c.pk,
                "contract_no": "XK-DEMO-001",
                "signed_on": today - dt.timedelta(days=100),
                "registered_on": today - dt.timedelta(days=60),
                "amount": "300000",
                "ends_on": fees.add_years(today, 3),
            },
        )
        services.transaction_create(
            actor=office,
            asset_id=made[5].pk,
            data={
                "kind": "transfer",
                "counterpart": d.name,
                "counterpart_org_id": d.pk,
                "contract_no": "ZR-DEMO-001",
                "signed_on": today - dt.timedelta(days=30),
                "registered_on": today - dt.timedelta(days=10),
                "amount": "120000",
            },
        )
        loan = loans_for(office, loan_type="ip_pledge").order_by("pk").first()
        if loan is not None:
            owner = Organization.objects.get(pk=loan.enterprise_id)
            filed = _due_in(150, 5, today)
            pledged = _asset(
                owner,
                "invention",
                12,
                "高性能镁合金压铸工艺",
                filed,
                fees.add_years(filed, 2),
                4,
                classification="C22C 23/02",
            )
            services.transaction_create(
                actor=office,
                asset_id=pledged.pk,
                data={
                    "kind": "pledge",
                    "counterpart": "兰州银行科技支行（演示）",
                    "contract_no": "ZY-DEMO-001",
                    "signed_on": max(loan.starts_on, pledged.granted_on),
                    "registered_on": "",
                    "amount": str(loan.amount),
                    "loan_id": loan.pk,
                },
            )
    return (
        f"{summary}, {Transaction.objects.filter(asset__is_demo=True).count()} transactions, "
        f"{_providers(office)} IP service listings"
    )
