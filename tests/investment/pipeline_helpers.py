"""Shared helpers of the pipeline tests (R2)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from innozone.core.models import Organization, Region
from innozone.enterprises.models import Enterprise
from innozone.investment.models import Fair
from innozone.investment.services import projects as services


def park_with_enterprise(exclude=()):
    """A park of the registry with an active entry, and that entry's organization."""
    entry = (
        Enterprise.objects.filter(park__isnull=False, status="active")
        .exclude(organization_id__in=list(exclude))
        .select_related("park", "organization")
        .order_by("pk")
        .first()
    )
    return entry.park, entry.organization


def lzgx():
    return (
        Region.objects.get(short_name="兰州高新区")
        if Region.objects.filter(short_name="兰州高新区").exists()
        else Region.objects.get(name__contains="兰州高新")
    )


def fair(kind="lanqia", year=2026):
    start = dt.date(year, 7, 6)
    found, _ = Fair.objects.get_or_create(
        name=f"测试节会{kind}{year}",
        defaults={"kind": kind, "year": year, "starts_on": start, "ends_on": start + dt.timedelta(days=3)},
    )
    return found


def new_project(actor, park, **extra):
    data = {
        "name": "测试项目",
        "investor": "某投资集团",
        "source": "chain",
        "park": park.pk,
        "responsible": Organization.objects.filter(region=park)
        .exclude(kind="enterprise")
        .values_list("pk", flat=True)
        .first()
        or actor.organization_id,
        "planned_investment": "100000000.00",
        **extra,
    }
    return services.project_create(actor=actor, data=data, on=extra.pop("on", None) if "on" in extra else None)


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def signed(actor, project, *, ago=100, amount=Decimal("80000000")):
    services.project_move(
        actor=actor, project=project, stage="signed", dates={"signed_on": days_ago(ago)}, signed_investment=amount
    )
    project.refresh_from_db()
    return project
