"""Reads of the innovation teams, scoped to what the acting user may see, and the count of newly recognised
teams by region (the live source of the 六个一百 indicator 创新团队)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from innozone.core import regions
from innozone.core.permissions import sees_all, visible_region_ids
from innozone.core.selectors import one_or_not_found
from innozone.enterprises.selectors import enterprises_for

from ..models import Event, Team, TeamFunding, TeamMember, TeamOutput


def teams_for(user) -> QuerySet[Team]:
    """All teams (office, leaders, auditors), those of the staff's region, or those the user's organization hosts."""
    qs = Team.objects.select_related("leader", "host", "region")
    if sees_all(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    ids = visible_region_ids(user) or []
    own = Q(host_id=user.organization_id) if user.organization_id else Q(pk=None)
    return qs.filter(own | Q(region_id__in=ids))


def team_search(
    qs: QuerySet[Team],
    *,
    q: str = "",
    field: str = "",
    status: str = "",
    region: int | None = None,
    host: int | None = None,
    level: str = "",
    introduced: bool | None = None,
) -> QuerySet[Team]:
    """Filters of the list: name (or the leader's or host's name), field, status, region (with what lies under
    it), host, level, introduced (引进) or cultivated (培育)."""
    if q.strip():
        text = q.strip()
        qs = qs.filter(Q(name__icontains=text) | Q(leader__name__icontains=text) | Q(host__name__icontains=text))
    if field:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_id__in=regions.descendants(region))
    if host:
        qs = qs.filter(host_id=host)
    if level:
        qs = qs.filter(level=level)
    if introduced is not None:
        qs = qs.filter(introduced=introduced)
    return qs


def team_rows(qs: QuerySet[Team]) -> QuerySet[Team]:
    """The list's and the export's rows: with their member count and funding total."""
    funding = TeamFunding.objects.filter(team=OuterRef("pk")).values("team").annotate(t=Sum("amount")).values("t")
    seats = TeamMember.objects.filter(team=OuterRef("pk")).values("team").annotate(n=Count("id")).values("n")
    return qs.annotate(member_count=Subquery(seats), funding_total=Subquery(funding)).order_by("-id")


def field_names(qs: QuerySet[Team]) -> list[str]:
    return list(qs.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def team_get(team_id) -> Team:
    """A team by id whoever asks (NotFound for no such row): the caller checks `permissions.can_view`, so
    another host's user is refused (403) rather than told nothing."""
    return one_or_not_found(Team.objects.select_related("leader", "host", "region"), team_id)


def team_visible(user, team_id) -> Team:
    """One team the user may see (NotFound for anyone else)."""
    return one_or_not_found(teams_for(user), team_id)


@dataclass
class TeamDetail:
    team: Team
    members: list[TeamMember]
    outputs_by_year: list[tuple[int, list[TeamOutput]]]
    funding: list[TeamFunding]
    funding_total: Decimal
    funding_by_year: list[tuple[int, Decimal]]
    history: list[Event] = field(default_factory=list)


def team_detail(team: Team) -> TeamDetail:
    """What the team's page shows: members (leader first, with honours and title), outputs by year (latest
    first), funding with its total and yearly totals, the history."""
    members = list(
        team.members.select_related("person", "person__employer")
        .prefetch_related("person__honour_rows__honour")
        .order_by("id")
    )
    members.sort(key=lambda m: (m.person_id != team.leader_id, m.id))
    by_year: dict[int, list[TeamOutput]] = {}
    for output in team.outputs.order_by("-year", "id"):
        by_year.setdefault(output.year, []).append(output)
    funding = list(team.funding.select_related("recorded_by").order_by("year", "id"))
    yearly: dict[int, Decimal] = {}
    for row in funding:
        yearly[row.year] = yearly.get(row.year, Decimal("0.00")) + row.amount
    return TeamDetail(
        team=team,
        members=members,
        outputs_by_year=sorted(by_year.items(), reverse=True),
        funding=funding,
        funding_total=sum((row.amount for row in funding), Decimal("0.00")),
        funding_by_year=sorted(yearly.items()),
        history=list(team.history.select_related("actor").order_by("at", "id")),
    )


def teams_recognised_by_region(year: int) -> dict[int, Decimal]:
    """Teams newly recognised in `year` (recognised_on in that year, not revoked since), by region: the live
    source of the 六个一百 indicator 创新团队."""
    rows = (
        Team.objects.filter(recognised_on__year=year)
        .exclude(status=Team.Status.REVOKED)
        .values("region_id")
        .annotate(n=Count("id"))
    )
    return {r["region_id"]: Decimal(r["n"]) for r in rows}


def teams_of_person(person_id: int) -> QuerySet[Team]:
    """The teams a person leads or belongs to."""
    return (
        Team.objects.filter(Q(leader_id=person_id) | Q(members__person_id=person_id))
        .select_related("host", "leader")
        .distinct()
        .order_by("-id")
    )


def host_choices(user) -> list[tuple[int, str]]:
    """The registry organizations a user may name as a team's host: all for the office, else its own."""
    entries = enterprises_for(user)
    if not sees_all(user):
        entries = entries.filter(organization_id=user.organization_id or 0)
    return list(entries.order_by("name").values_list("organization_id", "name"))
