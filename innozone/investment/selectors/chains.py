"""Reads of the chain maps: chains with their gap summaries, one chain's links with statuses (engine.gaps over
what is placed on each link), a link's enterprises, targets and projects, registry suggestions for a link, the
ECharts tree of a chain, and the chain gaps for the cockpit.

What counts on a link in a year: the registry enterprises placed on it for that year (with their output value)
and the enterprises of projects that have landed (注册落地 or later, not dropped) with the link as the link they
fill — an enterprise counts once per link. The output value is that of the placements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.selectors import one_or_not_found
from innozone.enterprises import selectors as registry

from ..engine import gaps
from ..models import Chain, Link, Placement, Project, Target
from ..permissions import chains as permissions

LANDED = ("registered", "started", "producing", "full")
STATUS_COLORS = {gaps.STRONG: "#1e8449", gaps.WEAK: "#d68910", gaps.GAP: "#c0392b"}


def status_labels() -> dict[str, str]:
    return {gaps.STRONG: _("强链"), gaps.WEAK: _("弱链"), gaps.GAP: _("缺链")}


def status_label(status: str) -> str:
    return status_labels().get(status, status)


def reason_text(reason: gaps.Reason) -> str:
    p = reason.params
    if reason.code == gaps.NO_ENTERPRISE:
        return _("区内没有企业")
    if reason.code == gaps.FEW_ENTERPRISES:
        return _("企业 %(count)s 家，少于 %(min)s 家") % p
    if reason.code == gaps.LOW_OUTPUT:
        return _("产值 %(output)s 元，低于 %(min)s 元") % {"output": f"{p['output']:,.2f}", "min": f"{p['min']:,.2f}"}
    if reason.code == gaps.CHILD_GAP:
        return _("下级缺链：%(names)s") % {"names": "、".join(p["names"])}
    return reason.code


def current_year() -> int:
    """The year a map shows by default: the latest year any enterprise was placed, else this year."""
    return Placement.objects.aggregate(y=Max("year"))["y"] or timezone.localdate().year


def placement_years() -> list[int]:
    years = set(Placement.objects.values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def chains_for(user):
    """The chains a user may read (all, for government users; none otherwise)."""
    if not permissions.can_view_chains(user)[0]:
        return Chain.objects.none()
    return Chain.objects.select_related("lead")


def chain_get(user, pk) -> Chain:
    return one_or_not_found(chains_for(user), pk)


def link_get(user, pk) -> Link:
    return one_or_not_found(Link.objects.filter(chain__in=chains_for(user)).select_related("chain", "parent"), pk)


def target_get(user, pk) -> Target:
    return one_or_not_found(Target.objects.filter(link__chain__in=chains_for(user)).select_related("link__chain"), pk)


def placement_get(user, pk) -> Placement:
    qs = Placement.objects.filter(link__chain__in=chains_for(user)).select_related("link__chain", "organization")
    return one_or_not_found(qs, pk)


def _specs(links) -> list[gaps.LinkSpec]:
    return [
        gaps.LinkSpec(
            id=link.pk,
            parent_id=link.parent_id,
            segment=link.segment,
            name=link.name,
            is_key=link.is_key,
            min_enterprises=link.min_enterprises,
            min_output=link.min_output,
        )
        for link in links
    ]


def _facts(link_ids, year: int) -> dict[int, gaps.LinkFacts]:
    """What is on each link itself in a year: distinct enterprises (placed or landed) and placed output."""
    members: dict[int, set[int]] = defaultdict(set)
    output: dict[int, Decimal] = defaultdict(Decimal)
    placed = Placement.objects.filter(link_id__in=link_ids, year=year).values_list(
        "link_id", "organization_id", "output_value"
    )
    for link_id, org_id, value in placed:
        members[link_id].add(org_id)
        output[link_id] += value
    landed = (
        Project.objects.filter(link_id__in=link_ids, stage__in=LANDED, status="active", enterprise__isnull=False)
        .values_list("link_id", "enterprise_id")
        .distinct()
    )
    for link_id, org_id in landed:
        members[link_id].add(org_id)
    return {
        link_id: gaps.LinkFacts(enterprises=len(members[link_id]), output=output[link_id])
        for link_id in set(members) | set(output)
    }


def chain_gaps(chain: Chain, year: int | None = None) -> tuple[gaps.ChainGaps, dict[int, Link]]:
    """The engine's answer for one chain and its links by id."""
    year = year or current_year()
    links = list(Link.objects.filter(chain=chain).order_by("order", "pk"))
    facts = _facts([link.pk for link in links], year)
    return gaps.compute(_specs(links), facts), {link.pk: link for link in links}


@dataclass
class ChainRow:
    chain: Chain
    summary: gaps.Summary
    targets: int


def chains_overview(chains, year: int | None = None) -> list[ChainRow]:
    """Each chain with its gap summary: three queries however many chains."""
    year = year or current_year()
    chains = list(chains)
    by_chain: dict[int, list[Link]] = defaultdict(list)
    for link in Link.objects.filter(chain__in=chains).order_by("order", "pk"):
        by_chain[link.chain_id].append(link)
    facts = _facts([link.pk for links in by_chain.values() for link in links], year)
    open_targets = defaultdict(int)
    for chain_id in (
        Target.objects.filter(link__chain__in=chains)
        .exclude(status__in=("signed", "dropped"))
        .values_list("link__chain_id", flat=True)
    ):
        open_targets[chain_id] += 1
    rows = []
    for chain in chains:
        links = by_chain.get(chain.pk, [])
        mine = {x.pk: facts[x.pk] for x in links if x.pk in facts}
        result = gaps.compute(_specs(links), mine)
        rows.append(ChainRow(chain=chain, summary=result.summary, targets=open_targets[chain.pk]))
    return rows


def gaps_by_chain(year: int | None = None) -> list[dict]:
    """For the cockpit: every chain's name, links, gaps, key gaps and weak links (plain dicts)."""
    return [
        {
            "id": row.chain.pk,
            "code": row.chain.code,
            "name": row.chain.name,
            "links": row.summary.links,
            "gaps": row.summary.gaps,
            "key_gaps": row.summary.key_gaps,
            "weak": row.summary.weak,
            "strong": row.summary.strong,
            "enterprises": row.summary.enterprises,
            "output": row.summary.output,
            "open_targets": row.targets,
        }
        for row in chains_overview(Chain.objects.all(), year)
    ]


def link_rows(result: gaps.ChainGaps, links: dict[int, Link]) -> list[dict]:
    """The links in tree order with status label and reasons in words (tables, exports, API)."""
    rows = []
    for r in result.links.values():
        rows.append(
            {
                "link": links[r.id],
                "result": r,
                "indent": range(r.depth),
                "status_label": status_label(r.status),
                "reasons": [reason_text(reason) for reason in r.reasons],
            }
        )
    return rows


def map_data(chain: Chain, result: gaps.ChainGaps, url_for) -> dict:
    """An ECharts tree: the chain, its three segments, the links below them (coloured by status; a link's
    `url` opens its page)."""

    def node(r: gaps.LinkResult) -> dict:
        return {
            "name": r.name,
            "value": r.enterprises,
            "status": r.status,
            "label_status": status_label(r.status),
            "output": f"{r.output:,.2f}",
            "key": r.is_key,
            "url": url_for(r.id),
            "itemStyle": {
                "color": STATUS_COLORS[r.status],
                "borderColor": "#333" if r.is_key else STATUS_COLORS[r.status],
            },
            "children": [node(result.links[c]) for c in r.children],
        }

    segments = []
    for value, label in Link.Segment.choices:
        roots = [node(r) for r in result.links.values() if r.parent_id is None and r.segment == value]
        counts = result.summary.by_segment.get(value, {})
        status = gaps.worst(s for s, n in counts.items() if n) if roots else gaps.GAP
        segments.append(
            {"name": str(label), "children": roots, "itemStyle": {"color": STATUS_COLORS[status]}, "segment": value}
        )
    return {
        "tree": {"name": chain.name, "children": segments, "itemStyle": {"color": "#1f4e8c"}},
        "labels": {
            "enterprises": _("企业数"),
            "output": _("产值（元）"),
            "key": _("关键环节"),
            "status": _("状态"),
        },
    }


def link_placements(link: Link, year: int):
    return Placement.objects.filter(link=link, year=year).select_related("organization").order_by("-output_value", "pk")


def link_landed(link: Link):
    """Projects that landed on the link (注册落地 or later) and are not yet placed with an output value."""
    return Project.objects.filter(
        link=link, stage__in=LANDED, status="active", enterprise__isnull=False
    ).select_related("enterprise")


def link_projects(link: Link):
    return Project.objects.filter(link=link).order_by("-last_progress_on", "-pk")


def registry_search(user, q: str, *, limit: int = 20) -> list:
    """Registry entries (active) by name, former name or USCC, visible to the user."""
    q = (q or "").strip()
    if len(q) < 2:
        return []
    qs = registry.enterprise_search(registry.enterprises_for(user), q=q).filter(status="active")
    return list(qs.order_by("name")[:limit])


def suggestions(user, link: Link, year: int, *, limit: int = 10) -> list:
    """Registry entries whose industry code falls under the link's codes and that are not on the link that
    year (largest registered capital first)."""
    codes = list(link.industry_codes or [])
    if not codes:
        return []
    condition = Q()
    for code in codes:
        condition |= Q(industry_code__startswith=code)
    placed = Placement.objects.filter(link=link, year=year).values_list("organization_id", flat=True)
    qs = registry.enterprises_for(user).filter(condition, status="active").exclude(organization_id__in=list(placed))
    return list(qs.order_by("-registered_capital", "name")[:limit])


def targets_filter(user, *, chain: str = "", status: str = "", q: str = "", link: str = ""):
    qs = Target.objects.filter(link__chain__in=chains_for(user)).select_related("link__chain", "project")
    if chain:
        qs = qs.filter(link__chain__code=chain)
    if link and str(link).isdigit():
        qs = qs.filter(link_id=int(link))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(company__icontains=q.strip()) | Q(location__icontains=q.strip()))
    return qs.order_by("priority", "link__chain__order", "link__chain_id", "pk")


def summary_dict(s: gaps.Summary) -> dict:
    return {"links": s.links, "strong": s.strong, "weak": s.weak, "gaps": s.gaps, "key_gaps": s.key_gaps,
            "key_weak": s.key_weak, "enterprises": s.enterprises, "output": f"{s.output:.2f}"}  # fmt: skip


def link_row(r: gaps.LinkResult, link) -> dict:
    return {
        "id": r.id,
        "parent": r.parent_id,
        "depth": r.depth,
        "segment": r.segment,
        "name": r.name,
        "is_key": r.is_key,
        "status": r.status,
        "enterprises": r.enterprises,
        "output": f"{r.output:.2f}",
        "own_enterprises": r.own_enterprises,
        "own_output": f"{r.own_output:.2f}",
        "min_enterprises": r.min_enterprises,
        "min_output": None if r.min_output is None else f"{r.min_output:.2f}",
        "industry_codes": list(link.industry_codes or []),
        "reasons": [reason_text(x) for x in r.reasons],
        "reason_codes": [x.code for x in r.reasons],
    }
