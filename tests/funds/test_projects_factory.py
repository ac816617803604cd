"""Rows the projects tests start from: an award made directly with the models and events.award_made (the
calls and reviews parts are built elsewhere), then a project signed and running."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innozone.core.models import Organization, User
from innozone.core.selectors import office_organization
from innozone.funds.models import Application, Award, BudgetLine, Call, Programme
from innozone.funds.services import events, projects

_N = {"n": 0}


def users() -> dict:
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=["office", "enterprise", "finance", "leader", "auditor", "lanzhou", "baiyin", "provider"]
        )
    }


def award(*, amount="1000000", first_min="0.6", share="0.5", org=None, region=None, field="新材料") -> Award:
    _N["n"] += 1
    n = _N["n"]
    u = users()
    org = org or u["enterprise"].organization
    programme, _c = Programme.objects.get_or_create(
        name=f"测试专项{n}",
        year=2026,
        defaults={
            "kind": "plan",
            "owner": office_organization(),
            "first_tranche_min": Decimal(first_min),
            "matching_share": Decimal(share),
        },
    )
    line = BudgetLine.objects.create(
        programme=programme,
        subject_code="2060499",
        subject_name="其他技术研究与开发支出",
        source="province",
        amount=Decimal("20000000"),
    )
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        title=f"测试通知{n}",
        stage="awarded",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=60),
        budget=Decimal("10000000"),
    )
    application = Application.objects.create(
        call=call,
        applicant=org,
        region_id=region or org.region_id,
        number=f"T-{n:05d}-{org.pk}",
        title=f"测试项目{n}",
        field=field,
        amount=Decimal(amount),
        total_budget=Decimal(amount) * 2,
        status="awarded",
        budget=[
            {"category": "设备费", "fiscal": str(Decimal(amount) / 2), "own": "100000"},
            {"category": "材料费", "fiscal": str(Decimal(amount) / 2), "own": "0"},
        ],
    )
    made = Award.objects.create(
        application=application,
        budget_line=line,
        amount=Decimal(amount),
        letter_no=f"甘科资〔2026〕{n}-{org.pk}号",
        letter_date=dt.date(2026, 3, 1),
    )
    with transaction.atomic():
        events.award_made(actor=u["office"], award=made)
    return made


def running(**kwargs):
    u = users()
    made = award(**kwargs)
    project = projects.project_create(
        actor=u["office"],
        award=made,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2027, 12, 31),
        milestones=[{"title": "样机", "deliverable": "样机一台", "due_on": "2026-12-31"}],
    )
    return projects.project_sign(
        actor=u["office"], project=project, agreement_no=f"RW-{project.pk}", signed_on=dt.date(2026, 4, 10)
    )


def finance_org():
    return Organization.objects.get(name="兰白自创区办公室财务科（演示）")
