"""Rows the review tests start from (made here, not by the calls part's services): a programme with a budget
line, a closed call with criteria and applications in status `review` from registry enterprises, in a field
the expert pool covers. Imported by the other test_reviews_* files."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from innozone.core.models import Organization, User
from innozone.core.selectors import office_organization
from innozone.funds.models import Application, BudgetLine, Call, Criterion, Programme, Review
from innozone.talent.models import Expert


def busiest_field() -> str:
    """The field with the most active experts in the pool (a panel of 5 is found there)."""
    row = (
        Expert.fields.through.objects.filter(expert__status="active", expert__available=True)
        .values("field__name")
        .annotate(n=Count("expert_id"))
        .order_by("-n", "field__name")
        .first()
    )
    return row["field__name"]


def enterprises(n: int) -> list[Organization]:
    return list(Organization.objects.filter(kind="enterprise").order_by("id")[:n])


def make_call(
    *,
    n: int = 4,
    budget: str = "3000000",
    line_amount: str = "10000000",
    cap: str | None = "2000000",
    amount: str = "500000",
    panel_size: int = 5,
    stage: str = "closed",
    applicants: list[Organization] | None = None,
):
    office = User.objects.get(username="office")
    programme, _created = Programme.objects.get_or_create(
        name="评审测试专项",
        year=2026,
        defaults={
            "kind": "plan",
            "owner": office_organization(),
            "cap_per_applicant": Decimal(cap) if cap else None,
            "max_ratio": Decimal("0.5"),
        },
    )
    line, _created = BudgetLine.objects.get_or_create(
        programme=programme,
        subject_code="2060499",
        source="province",
        region=None,
        defaults={"subject_name": "其他技术研究与开发支出", "amount": Decimal(line_amount)},
    )
    now = timezone.now()
    call = Call.objects.create(
        programme=programme,
        round=(programme.calls.count() + 1),
        title=f"评审测试申报通知 {programme.calls.count() + 1}",
        stage=stage,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
        budget=Decimal(budget),
        panel_size=panel_size,
        reserves=2,
        trim=1,
        outlier_points=Decimal("20"),
    )
    criteria = [
        Criterion.objects.create(call=call, name="技术创新性", weight=Decimal("40"), max_score=10, order=1),
        Criterion.objects.create(call=call, name="实施基础", weight=Decimal("30"), max_score=10, order=2),
        Criterion.objects.create(call=call, name="预期效益", weight=Decimal("30"), max_score=5, order=3),
    ]
    field = busiest_field()
    orgs = applicants or enterprises(n)
    apps = [
        Application.objects.create(
            call=call,
            applicant=org,
            region=org.region,
            number=f"T{call.pk}-{i:03d}",
            title=f"测试项目{i}：{org.name}",
            field=field,
            amount=Decimal(amount),
            total_budget=Decimal(amount) * 3,
            answers={"summary": "项目摘要内容"},
            budget=[{"category": "设备费", "fiscal": amount, "own": amount}],
            status="review",
            submitted_at=now - dt.timedelta(days=40),
        )
        for i, org in enumerate(orgs, start=1)
    ]
    return {"office": office, "programme": programme, "line": line, "call": call, "criteria": criteria, "apps": apps}


def expert_user(review: Review) -> User:
    """The review's expert as a logged-in user (an account is made for an expert without one)."""
    expert = Expert.objects.get(pk=review.expert_id)
    if expert.user is None:
        expert.user = User.objects.create_user(username=f"rv-expert-{expert.pk}", password="x", role="expert")
        expert.save(update_fields=["user"])
    return expert.user


def full_scores(criteria, values=(8, 7, 4)) -> dict:
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}
