"""Choices of the project editor and reading its POST into the services' data."""

from __future__ import annotations

from innozone.core.models import Organization, Region

from ..models import Fair, Link, Project
from ..permissions import projects as permissions

FIELDS = (
    "name", "investor", "investor_location", "source", "fair", "link", "park", "responsible", "responsible_person",
    "industry_code", "planned_investment", "description",
)  # fmt: skip


def data_from_post(post) -> dict:
    return {k: post.get(k, "").strip() for k in FIELDS}


def values_of(project: Project) -> dict:
    return {
        "name": project.name, "investor": project.investor, "investor_location": project.investor_location,
        "source": project.source, "fair": project.fair_id or "", "link": project.link_id or "", "park": project.park_id,
        "responsible": project.responsible_id, "responsible_person": project.responsible_person,
        "industry_code": project.industry_code, "planned_investment": f"{project.planned_investment:.2f}",
        "description": project.description,
    }  # fmt: skip


def parks_for(user):
    """Parks, counties and districts the user may place a project in (office: all below the province)."""
    qs = Region.objects.exclude(kind="province").order_by("kind", "pk")
    ids = permissions.region_ids(user)
    return qs if ids is None else qs.filter(pk__in=ids)


def choices(user) -> dict:
    return {
        "sources": Project.Source.choices,
        "fairs": Fair.objects.order_by("-starts_on"),
        "links": Link.objects.select_related("chain").order_by("chain__order", "chain_id", "order", "pk"),
        "parks": parks_for(user),
        "responsibles": Organization.objects.filter(
            kind__in=(*permissions.STAFF_KINDS, "leading_group_office"), is_active=True
        ).order_by("pk"),
    }
