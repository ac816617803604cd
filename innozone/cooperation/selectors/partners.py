"""Reads of international cooperation, scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from innozone.core.models import Organization
from innozone.core.permissions import sees_all, visible_region_ids
from innozone.core.selectors import one_or_not_found
from innozone.market import selectors as market
from innozone.platforms.selectors import platforms as platforms
from innozone.talent.selectors import people as talent

from ..engine import agreements as rules
from ..engine import countries
from ..models import Agreement, BasePartner, Partner, Project

#: the platform kinds that are joint laboratories or 国际科技合作基地 (platforms' migration 0004)
BASE_KINDS = (
    "intl_joint_lab",
    "intl_joint_research_center",
    "intl_tech_transfer_center",
    "intl_innovation_park",
    "intl_demo_base",
)


def country_name(code) -> str:
    """The country's name in the active language."""
    from django.utils.translation import get_language

    return countries.name(code, get_language() or "zh")


def warn_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "INNOZONE_COOPERATION_WARN_DAYS", rules.WARN_DAYS))


# --- partners ------------------------------------------------------------------------------------------


def partners_search(*, q: str = "", country: str = "", kind: str = "", belt_and_road: str = "") -> QuerySet[Partner]:
    qs = Partner.objects.annotate(
        n_agreements=Count("agreements", distinct=True), n_projects=Count("projects", distinct=True)
    )
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(name_local__icontains=q.strip()))
    if country:
        qs = qs.filter(country=countries.normalize(country))
    if kind:
        qs = qs.filter(kind=kind)
    if belt_and_road in ("1", "yes", "true"):
        qs = qs.filter(belt_and_road=True)
    elif belt_and_road in ("0", "no", "false"):
        qs = qs.filter(belt_and_road=False)
    return qs.order_by("country", "name", "pk")


def partner_get(partner_id) -> Partner:
    return one_or_not_found(Partner.objects.all(), partner_id)


def partner_countries() -> list[tuple[str, str]]:
    codes = Partner.objects.order_by("country").values_list("country", flat=True).distinct()
    return [(c, country_name(c)) for c in codes]


def partner_duplicate(name: str, country: str, exclude_id: int | None = None) -> Partner | None:
    qs = Partner.objects.filter(name__iexact=name.strip(), country=countries.normalize(country))
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


# --- agreements and projects -------------------------------------------------------------------------------


def _scope(qs, user):
    if sees_all(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    ids = visible_region_ids(user) or []
    own = Q(organization_id=user.organization_id) if user.organization_id else Q(pk__in=[])
    return qs.filter(own | Q(organization__region_id__in=ids))


def agreements_for(user) -> QuerySet[Agreement]:
    return _scope(Agreement.objects.select_related("partner", "organization"), user)


def agreements_search(user, *, q: str = "", status: str = "", expiring: bool = False, partner=None, today=None):
    qs = agreements_for(user)
    if q.strip():
        qs = qs.filter(
            Q(title__icontains=q.strip()) | Q(partner__name__icontains=q.strip()) | Q(organization__name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(partner=partner)
    if expiring:
        today = today or timezone.localdate()
        qs = qs.filter(
            status=Agreement.Status.ACTIVE, expires_on__isnull=False, expires_on__lte=today + dt.timedelta(warn_days())
        )
    return qs.order_by("-signed_on", "pk")


def agreement_visible(user, agreement_id) -> Agreement:
    return one_or_not_found(agreements_for(user), agreement_id)


def expiry(agreement: Agreement, today=None) -> dict:
    today = today or timezone.localdate()
    state = rules.expiry_state(agreement.expires_on, today, warn_days())
    if agreement.status != Agreement.Status.ACTIVE:
        state = agreement.status
    return {"state": state, "days_left": rules.days_left(agreement.expires_on, today)}


def with_expiry(rows, today=None) -> list:
    out = []
    for a in rows:
        a.expiry = expiry(a, today)
        out.append(a)
    return out


def agreements_expiring(today=None) -> QuerySet[Agreement]:
    """Active agreements ending within the warning window or already past their end (all organizations)."""
    today = today or timezone.localdate()
    return Agreement.objects.select_related("partner", "organization").filter(
        status=Agreement.Status.ACTIVE, expires_on__isnull=False, expires_on__lte=today + dt.timedelta(warn_days())
    )


def projects_for(user) -> QuerySet[Project]:
    return _scope(Project.objects.select_related("partner", "organization", "agreement"), user)


def projects_search(user, *, q: str = "", kind: str = "", status: str = "", partner=None):
    qs = projects_for(user)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(partner__name__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.order_by("-starts_on", "pk")


def project_visible(user, project_id) -> Project:
    return one_or_not_found(projects_for(user), project_id)


def listings_of(projects) -> dict:
    """The market listings of projects, by id."""
    ids = [p.listing_id for p in projects if p.listing_id]
    return market.listings_by_id(ids) if ids else {}


def listing_get(listing_id):
    return market.listings_by_id([listing_id]).get(listing_id)


def organizations_for_record(user) -> QuerySet[Organization]:
    """The organizations a user may record cooperation for: the office any enterprise/university/institute,
    others their own."""
    qs = Organization.objects.filter(kind__in=("enterprise", "university", "institute"))
    if sees_all(user):
        return qs.order_by("name")
    return qs.filter(pk=user.organization_id or 0)


# --- bases (joint laboratories, 国际科技合作基地) --------------------------------------------------------------


def bases_for(user) -> list:
    """The platforms of the international kinds the user sees, each with `.partners`."""
    rows = list(platforms.platforms_for(user).filter(kind__code__in=BASE_KINDS).order_by("name", "pk"))
    links = defaultdict(list)
    for link in BasePartner.objects.filter(platform_id__in=[p.pk for p in rows]).select_related("partner"):
        links[link.platform_id].append(link)
    for p in rows:
        p.partner_links = links[p.pk]
    return rows


def base_platform(user, platform_id):
    """A platform of an international kind the user sees (NotFound otherwise)."""
    qs = platforms.platforms_for(user).filter(kind__code__in=BASE_KINDS)
    return one_or_not_found(qs, platform_id)


def bases_of_partner(partner: Partner, user) -> list:
    ids = list(BasePartner.objects.filter(partner=partner).values_list("platform_id", flat=True))
    return list(platforms.platforms_for(user).filter(pk__in=ids).order_by("name"))


# --- foreign experts (talent pool) -------------------------------------------------------------------------


def foreign_experts(user):
    return talent.people_for(user).exclude(nationality="CN").order_by("nationality", "name", "pk")


# --- statistics by country ---------------------------------------------------------------------------------


def stats_by_country(user) -> dict:
    """Per country: partners, agreements (active), projects, project amounts, foreign experts; totals and the
    Belt-and-Road share of partners and projects. Agreements, projects and experts as the user sees them."""
    rows: dict[str, dict] = {}

    def row(code):
        if code not in rows:
            rows[code] = {
                "country": code,
                "name": country_name(code),
                "belt_and_road": False,
                "partners": 0,
                "agreements": 0,
                "active_agreements": 0,
                "projects": 0,
                "amount": Decimal("0.00"),
                "experts": 0,
            }
        return rows[code]

    for code, bri, n in Partner.objects.values_list("country", "belt_and_road").annotate(n=Count("pk")):
        r = row(code)
        r["partners"] += n
        r["belt_and_road"] = r["belt_and_road"] or bri
    for a in agreements_for(user).values("partner__country", "status"):
        r = row(a["partner__country"])
        r["agreements"] += 1
        r["active_agreements"] += a["status"] == Agreement.Status.ACTIVE
    for p in projects_for(user).values("partner__country", "amount"):
        r = row(p["partner__country"])
        r["projects"] += 1
        r["amount"] += p["amount"] or Decimal("0")
    for code, n in foreign_experts(user).order_by().values_list("nationality").annotate(n=Count("pk")):
        row(code)["experts"] += n
    for code, r in rows.items():
        if not r["belt_and_road"] and not r["partners"]:
            r["belt_and_road"] = countries.belt_and_road_default(code)
    ordered = sorted(rows.values(), key=lambda r: (-r["partners"], -r["projects"], r["country"]))
    keys = ("partners", "agreements", "active_agreements", "projects", "amount", "experts")
    totals = {k: sum((r[k] for r in ordered), Decimal("0.00") if k == "amount" else 0) for k in keys}
    bri = [r for r in ordered if r["belt_and_road"]]
    bri_totals = {k: sum((r[k] for r in bri), Decimal("0.00") if k == "amount" else 0) for k in keys}

    def share(k):
        return round(100 * bri_totals[k] / totals[k], 1) if totals[k] else None

    return {
        "rows": ordered,
        "totals": totals,
        "belt_and_road": bri_totals,
        "share": {"partners": share("partners"), "projects": share("projects"), "agreements": share("agreements")},
    }


def chart_data(stats: dict, top: int = 15) -> dict:
    rows = stats["rows"][:top]
    return {
        "labels": [r["name"] for r in rows],
        "partners": [r["partners"] for r in rows],
        "agreements": [r["agreements"] for r in rows],
        "projects": [r["projects"] for r in rows],
        "experts": [r["experts"] for r in rows],
    }
