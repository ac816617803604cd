"""Reads of the enterprise registry, for its own views and API and for other apps (vouchers ask
`related()` and `controller_group()`; the dossier and the live indicator sources read through here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.selectors import one_or_not_found

from ..engine.assess import Assessment, Figures, TsmeAssessment, assess_hnte, assess_tsme
from ..models import (
    AnnualFigures,
    Cultivation,
    Enterprise,
    EnterpriseGroup,
    FormerName,
    Qualification,
    Shareholder,
)
from ..permissions import visible_region_ids
from .parties import (  # noqa: F401  (the related parties of several organizations at once: expert draws)
    _org_key,
    key_people_of,
    organizations_by_uscc,
    related_organizations,
    related_share,
)

#: when two sources filed figures for one year, the one used: tax before statistics before self-reported
SOURCE_RANK = {AnnualFigures.Source.TAX: 0, AnnualFigures.Source.STATS: 1, AnnualFigures.Source.SELF: 2}


def enterprises_for(user) -> QuerySet[Enterprise]:
    """The entries a user may see (all, those of its region, or its own)."""
    qs = Enterprise.objects.select_related("organization", "region", "park")
    ids = visible_region_ids(user)
    if ids is None:
        return qs
    own = Q(organization_id=user.organization_id) if user.is_authenticated and user.organization_id else Q(pk=None)
    return qs.filter(own | Q(region_id__in=ids) | Q(park_id__in=ids)) if ids else qs.filter(own)


def enterprise_search(
    qs: QuerySet[Enterprise],
    *,
    q: str = "",
    region: int | None = None,
    field: str = "",
    qualification: str = "",
    size: str = "",
    stage: str = "",
) -> QuerySet[Enterprise]:
    """Filters of the registry list: name (also former names) or USCC, region or park (with what is under it),
    technical field, a valid qualification, size class, pipeline stage."""
    from innozone.core import regions

    if q:
        q = q.strip()
        if len(q) < 18:
            # former names through a subquery, not a join: no duplicate rows, so no DISTINCT over every column
            former = FormerName.objects.filter(name__icontains=q).values("enterprise_id")
            qs = qs.filter(Q(name__icontains=q) | Q(pk__in=former) | Q(uscc=q.upper()))
        else:
            qs = qs.filter(uscc=q.upper())
    if region:
        ids = regions.descendants(region)
        qs = qs.filter(Q(region_id__in=ids) | Q(park_id__in=ids))
    if field:
        qs = qs.filter(field=field)
    if qualification:
        # IN (the holders) rather than EXISTS per entry: the holders are read once through the
        # (kind, status, valid_until) index instead of one probe per entry of a 100,000-entry registry
        holders = Qualification.objects.filter(kind=qualification, status=Qualification.Status.VALID)
        qs = qs.filter(pk__in=holders.values("enterprise_id"))
    if size:
        qs = qs.filter(size=size)
    if stage:
        qs = qs.filter(cultivation__stage=stage)
    return qs


def enterprise_of(organization_id: int | None) -> Enterprise | None:
    if organization_id is None:
        return None
    return Enterprise.objects.filter(organization_id=organization_id).select_related("region", "park").first()


def places_of(organization_ids) -> dict[int, tuple[int | None, int | None]]:
    """Organization id → (region id, park id) of its registry entry, in one query (ids without an entry are
    left out)."""
    rows = Enterprise.objects.filter(organization_id__in=set(organization_ids)).values_list(
        "organization_id", "region_id", "park_id"
    )
    return {org: (region, park) for org, region, park in rows}


def most_authoritative(rows, *, key, source) -> dict:
    """{key(row): row}, keeping for each key the row whose source ranks first (tax, statistics, self-reported):
    the one rule by which a year's figures are chosen, for a dossier, a regional total or a size class."""
    chosen: dict = {}
    for row in rows:
        k = key(row)
        held = chosen.get(k)
        if held is None or SOURCE_RANK[source(row)] < SOURCE_RANK[source(held)]:
            chosen[k] = row
    return chosen


def figures_by_year(enterprise: Enterprise) -> dict[int, AnnualFigures]:
    """The figures used for each year: the most authoritative source filed for it."""
    chosen = most_authoritative(enterprise.figures.all(), key=lambda r: r.year, source=lambda r: r.source)
    return dict(sorted(chosen.items(), reverse=True))


def valid_qualifications(enterprise: Enterprise, on: dt.date | None = None) -> list[Qualification]:
    on = on or timezone.localdate()
    return [
        q
        for q in enterprise.qualifications.all()
        if q.status == Qualification.Status.VALID and q.issued_on <= on <= q.valid_until
    ]


# --- the engine's view of an enterprise ---------------------------------------------------------------


def engine_figures(
    enterprise: Enterprise, *, as_of: dt.date, innovation_score: int | None = None, major_incident: bool = False
) -> Figures | None:
    """The three accounting years before `as_of` as the self-assessment reads them (None: no figures)."""
    by_year = figures_by_year(enterprise)
    last = as_of.year - 1
    years = [by_year.get(last - k) for k in range(3)]
    latest = years[0]
    if latest is None or enterprise.registered_on is None:
        return None
    present = [y for y in years if y is not None]
    return Figures(
        uscc=enterprise.uscc,
        name=enterprise.name,
        registered_on=enterprise.registered_on,
        employees=latest.employees,
        sci_staff=latest.sci_staff,
        revenue=tuple(y.revenue if y else None for y in years),
        rd=tuple(y.rd_total if y else None for y in years),
        rd_domestic=sum((y.rd_domestic for y in present), Decimal(0)),
        hitech_income=latest.hitech_income,
        total_income=latest.total_income,
        total_assets=latest.total_assets,
        ip_class1=latest.ip_class1,
        ip_class2=latest.ip_class2,
        innovation_score=innovation_score,
        major_incident=major_incident,
    )


@dataclass(frozen=True)
class SelfAssessment:
    as_of: dt.date
    figures: Figures | None
    hnte: Assessment | None
    tsme: TsmeAssessment | None

    @property
    def ready_for_hnte(self) -> bool:
        """Every condition the platform can check is met: only the experts' score is still to come."""
        return self.hnte is not None and set(self.hnte.failed) <= {"innovation_score"}


def self_assessment(enterprise: Enterprise, *, as_of: dt.date | None = None, innovation_score=None) -> SelfAssessment:
    as_of = as_of or timezone.localdate()
    figures = engine_figures(enterprise, as_of=as_of, innovation_score=innovation_score)
    if figures is None:
        return SelfAssessment(as_of, None, None, None)
    return SelfAssessment(as_of, figures, assess_hnte(figures, as_of=as_of), assess_tsme(figures))


# --- related parties -------------------------------------------------------------------------------------


def related(a_org_id: int, b_org_id: int) -> str | None:
    """Why two organizations are related parties (a voucher may not be spent between them; later: an expert
    may not review), or None. Reasons: the same organization or USCC, the same actual controller, one holds
    at least `related_share()` % of the other, the same legal representative, a declared group."""
    if a_org_id == b_org_id:
        return _("同一单位")
    entries = {e.organization_id: e for e in Enterprise.objects.filter(organization_id__in=(a_org_id, b_org_id))}
    a, b = entries.get(a_org_id), entries.get(b_org_id)
    if a is None or b is None:
        return None
    if a.actual_controller_key and a.actual_controller_key == b.actual_controller_key:
        return _("实际控制人相同（%(name)s）") % {"name": a.actual_controller or b.actual_controller}
    if _org_key(a) in (b.actual_controller_key,) or _org_key(b) in (a.actual_controller_key,):
        return _("一方为另一方的实际控制人")
    threshold = related_share()
    holding = (
        Shareholder.objects.filter(share__gte=threshold)
        .filter(Q(enterprise=a, holder_key=_org_key(b)) | Q(enterprise=b, holder_key=_org_key(a)))
        .first()
    )
    if holding is not None:
        return _("持股 %(share)s%%（不低于 %(threshold)s%%）") % {
            "share": f"{holding.share.normalize():f}",
            "threshold": f"{threshold.normalize():f}",
        }
    if _same_legal_representative(a, b):
        return _("法定代表人相同（%(name)s）") % {"name": a.legal_representative}
    if EnterpriseGroup.objects.filter(members=a).filter(members=b).exists():
        return _("同属申报的企业集团")
    return None


def _same_legal_representative(a: Enterprise, b: Enterprise) -> bool:
    if a.legal_representative_key and b.legal_representative_key:
        return a.legal_representative_key == b.legal_representative_key
    return bool(a.legal_representative) and a.legal_representative == b.legal_representative


def controller_group(organization_id: int) -> list[int]:
    """The organizations under the same actual controller as this one (itself included), in id order: a
    yearly cap "per enterprise" applies to them together."""
    key = Enterprise.objects.filter(organization_id=organization_id).values_list("actual_controller_key", flat=True)
    key = key.first()
    if not key:
        return [organization_id]
    ids = set(Enterprise.objects.filter(actual_controller_key=key).values_list("organization_id", flat=True))
    return sorted(ids | {organization_id})


# --- boards and counts -----------------------------------------------------------------------------------


def pipeline_counts(qs: QuerySet[Enterprise]) -> dict[str, int]:
    """How many of these enterprises are at each stage of the cultivation pipeline (the funnel)."""
    rows = Cultivation.objects.filter(enterprise__in=qs).values("stage").annotate(n=Count("pk"))
    found = {r["stage"]: r["n"] for r in rows}
    return {stage: found.get(stage, 0) for stage in Cultivation.Stage.values}


def hnte_recognised_by_region(year: int) -> dict[int, Decimal]:
    """Enterprises newly recognised as 高新技术企业 in `year`, by their region (the plan indicator's source):
    a first certificate issued that year (a renewal of an earlier certificate is not new)."""
    first = Qualification.objects.filter(kind=Qualification.Kind.HNTE, issued_on__year=year).exclude(
        status=Qualification.Status.REVOKED
    )
    earlier = Qualification.objects.filter(
        kind=Qualification.Kind.HNTE, enterprise=OuterRef("enterprise"), issued_on__year__lt=year
    )
    rows = first.exclude(Exists(earlier)).values("enterprise__region_id").annotate(n=Count("enterprise", distinct=True))
    return {r["enterprise__region_id"]: Decimal(r["n"]) for r in rows}


def qualification_counts_by_region(kind: str, on: dt.date) -> dict[int, Decimal]:
    """Enterprises holding a qualification of this kind valid on `on`, by region: a certificate that has
    expired since still counts for that day (the status says only today's state); a revoked one never does."""
    rows = (
        Qualification.objects.filter(kind=kind, issued_on__lte=on, valid_until__gte=on)
        .exclude(status=Qualification.Status.REVOKED)
        .values("enterprise__region_id")
        .annotate(n=Count("enterprise", distinct=True))
    )
    return {r["enterprise__region_id"]: Decimal(r["n"]) for r in rows}


def figure_totals_by_region(year: int, column: str) -> dict[int, Decimal]:
    """A figure summed over the enterprises of each region for a year (one source per enterprise-year)."""
    rows = AnnualFigures.objects.filter(year=year).values_list(
        "enterprise_id", "enterprise__region_id", "source", column
    )
    totals: dict[int, Decimal] = {}
    for _enterprise, region_id, _source, value in most_authoritative(
        rows, key=lambda r: r[0], source=lambda r: r[2]
    ).values():
        totals[region_id] = totals.get(region_id, Decimal(0)) + Decimal(value)
    return totals


# --- pages: the registry list, the dossier, the cultivation board ------------------------------------------


def field_names(qs: QuerySet[Enterprise]) -> list[str]:
    """The technical fields the given entries use, for the list's filter."""
    return list(qs.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def registry_rows(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """The list's and the export's rows with what they show (valid qualifications, pipeline stage)."""
    valid = Qualification.objects.filter(status=Qualification.Status.VALID).order_by("kind")
    return (
        qs.select_related("cultivation")
        .prefetch_related(Prefetch("qualifications", queryset=valid))
        .order_by("name", "id")
    )


def enterprise_visible(user, enterprise_id) -> Enterprise:
    """One entry the user may see, with what its dossier shows (NotFound for anyone else: no leak)."""
    shown = (
        enterprises_for(user)
        .select_related("cultivation__recommended_by")
        .prefetch_related("former_names", "shareholders", "key_people", "figures")
    )
    return one_or_not_found(shown, enterprise_id)


def qualifications_of(enterprise: Enterprise) -> list[Qualification]:
    """Every qualification of the entry (valid, expired, revoked) with its history."""
    return list(enterprise.qualifications.prefetch_related("history__actor").order_by("-issued_on", "id"))


def qualification_visible(user, qualification_id) -> Qualification:
    """A qualification of an entry the user may see (NotFound otherwise)."""
    return one_or_not_found(Qualification.objects.filter(enterprise__in=enterprises_for(user)), qualification_id)


def cultivation_steps(enterprise: Enterprise) -> list:
    cultivation = getattr(enterprise, "cultivation", None)
    return list(cultivation.steps.select_related("actor")) if cultivation else []


#: the pipeline stages from which an enterprise may still apply (the "ready to apply" list looks at these)
OPEN_STAGES = (
    Cultivation.Stage.ENTERED,
    Cultivation.Stage.COACHING,
    Cultivation.Stage.REJECTED,
    Cultivation.Stage.RENEWAL,
)


def ready_to_apply(
    qs: QuerySet[Enterprise], *, as_of: dt.date | None = None
) -> list[tuple[Enterprise, SelfAssessment]]:
    """Entries in the pipeline, not yet applied or recognised, whose self-assessment meets every condition
    the platform can check (`SelfAssessment.ready_for_hnte`)."""
    candidates = qs.filter(cultivation__stage__in=OPEN_STAGES).select_related("cultivation").prefetch_related("figures")
    out = []
    for enterprise in candidates.order_by("name", "id"):
        result = self_assessment(enterprise, as_of=as_of)
        if result.ready_for_hnte:
            out.append((enterprise, result))
    return out
