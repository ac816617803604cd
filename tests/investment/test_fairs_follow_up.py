"""Fairs: the follow-up rates a year after the fair (到位率, 开工率, 投产率), counted by the dates on that day;
interim while the year is not over; the office adds fairs."""

import datetime as dt
from decimal import Decimal

import pytest

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.investment.models import FundsInPlace, Project
from innozone.investment.selectors.fairs import follow_up, one_year_after
from innozone.investment.services import fairs as services

from .pipeline_helpers import new_project, park_with_enterprise


def test_one_year_after_29_february():
    assert one_year_after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert one_year_after(dt.date(2025, 7, 9)) == dt.date(2026, 7, 9)


def test_follow_up_rates(investment_world, users):
    park, org = park_with_enterprise()
    fair = services.fair_create(
        actor=users["office"], name="测试兰洽会", kind="lanqia", starts_on="2024-07-06", ends_on="2024-07-09"
    )
    cutoff = dt.date(2025, 7, 9)
    projects = [new_project(users["office"], park, source="lanqia", fair=fair.pk, name=f"P{n}") for n in range(4)]
    p0, p1, p2, _p3 = projects
    # p0 signed and started within the year, p1 signed, started after the year, p2 signed after the year, p3 lead
    d = dt.date
    Project.objects.filter(pk=p0.pk).update(
        stage="producing", signed_on=d(2024, 7, 9), signed_investment=Decimal("1000"), registered_on=d(2024, 8, 1),
        enterprise=org, started_on=d(2024, 9, 1), producing_on=d(2025, 7, 9),
    )  # fmt: skip
    Project.objects.filter(pk=p1.pk).update(
        stage="started", signed_on=d(2024, 10, 1), signed_investment=Decimal("3000"), registered_on=d(2024, 11, 1),
        enterprise=org, started_on=d(2025, 7, 10),
    )  # fmt: skip
    Project.objects.filter(pk=p2.pk).update(stage="signed", signed_on=d(2025, 8, 1), signed_investment=Decimal("9000"))
    FundsInPlace.objects.create(project=p0, month=dt.date(2024, 9, 1), amount=Decimal("500"))
    FundsInPlace.objects.create(project=p1, month=dt.date(2025, 7, 1), amount=Decimal("500"))
    FundsInPlace.objects.create(project=p1, month=dt.date(2025, 8, 1), amount=Decimal("999"))  # after the year
    (row,) = follow_up([fair], today=dt.date(2026, 12, 1))
    assert row["as_of"] == cutoff and not row["interim"]
    assert (row["projects"], row["signed"], row["started"], row["producing"]) == (4, 2, 1, 1)
    assert row["signed_investment"] == Decimal("4000") and row["in_place"] == Decimal("1000")
    assert (
        row["funds_rate"] == Decimal("25.0")
        and row["started_rate"] == Decimal("50.0")
        and row["producing_rate"] == Decimal("50.0")
    )
    (early,) = follow_up([fair], today=dt.date(2024, 12, 31))
    assert early["interim"] and early["as_of"] == dt.date(2024, 12, 31) and early["producing"] == 0


def test_no_signed_projects_gives_no_rate(investment_world, users):
    fair = services.fair_create(
        actor=users["office"], name="空节会", kind="kebo", starts_on="2025-09-01", ends_on="2025-09-02"
    )
    (row,) = follow_up([fair])
    assert row["funds_rate"] is None and row["started_rate"] is None


def test_fair_create_rules(investment_world, users):
    with pytest.raises(Forbidden):
        services.fair_create(actor=users["lzgx"], name="x", kind="other", starts_on="2025-01-01", ends_on="2025-01-02")
    with pytest.raises(ValidationFailed) as e:
        services.fair_create(actor=users["office"], name="", kind="?", starts_on="2025-01-05", ends_on="2025-01-02")
    assert {d["field"] for d in e.value.detail} == {"name", "kind", "ends_on"}
