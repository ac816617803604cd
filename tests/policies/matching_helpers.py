"""Shared builders of the matching and grants tests: a published policy with clauses made in the test (so the
tests do not depend on the library's demo clauses)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def published_clause(condition, *, amount_rule=None, no_application=False, owner=None, title="测试条款（演示）", **kw):
    from innozone.policies.engine import rules
    from innozone.policies.models import Clause, Policy

    policy = Policy.objects.create(
        title=f"测试政策 {title}",
        issuer="兰白自创区办公室",
        status=Policy.Status.PUBLISHED,
        effective_from=timezone.localdate() - dt.timedelta(days=30),
        owner=owner,
        published_at=timezone.now(),
    )
    return Clause.objects.create(
        policy=policy,
        title=title,
        kind=kw.pop("kind", Clause.Kind.SUBSIDY),
        condition=condition,
        condition_text=rules.text(condition) if condition else "",
        amount_rule=amount_rule or {},
        no_application=no_application,
        status=Clause.Status.PUBLISHED,
        published_at=timezone.now(),
        **kw,
    )


def longyuan():
    from innozone.core.models import Organization

    return Organization.objects.get(name="甘肃陇原新材料科技有限公司")


def file_figures(organization, user, *, year, rd_total, revenue):
    """The enterprise files (or replaces) a year's figures as self-reported, through the registry's model."""
    from innozone.enterprises import selectors as registry

    entry = registry.enterprise_of(organization.pk)
    row = registry.AnnualFigures.objects.filter(enterprise=entry).order_by("-year").first()
    data = {
        "employees": row.employees if row else 50,
        "sci_staff": row.sci_staff if row else 10,
        "total_income": Decimal(revenue),
        "total_assets": row.total_assets if row else Decimal("1000000"),
        "rd_domestic": Decimal(rd_total),
    }
    registry.AnnualFigures.objects.update_or_create(
        enterprise=entry,
        year=year,
        source="self",
        defaults=data | {"revenue": Decimal(revenue), "rd_total": Decimal(rd_total)},
    )
