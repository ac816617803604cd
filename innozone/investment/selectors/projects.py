"""Reading the pipeline: the projects a user sees with the board's filters, the board (columns by stage with
counts and money, each column paginated), a project's timeline and funds by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from innozone.core import regions
from innozone.core.errors import ensure_allowed
from innozone.core.selectors import one_or_not_found

from ..engine import stages
from ..models import FundsInPlace, Project
from ..permissions import projects as permissions

ZERO = Decimal(0)
COLUMN_PAGE = 20
STATUSES = ("active", "dropped", "all")
CARD_FIELDS = ("pk", "code", "name", "stage", "status", "planned_investment", "signed_investment", "last_progress_on",
               "park__name", "park__short_name")  # fmt: skip


def projects_for(user) -> QuerySet[Project]:
    qs = Project.objects.all()
    ids = permissions.region_ids(user)
    if ids is None:
        return qs
    own = Q(responsible_id=user.organization_id) if getattr(user, "organization_id", None) else Q(pk=None)
    return qs.filter(Q(park_id__in=ids) | own) if ids else qs.filter(own)


def project_visible(user, pk) -> Project:
    """A project the user may open (NotFound otherwise; Forbidden for users the pipeline is closed to)."""
    ensure_allowed(permissions.can_view_pipeline(user))
    return one_or_not_found(
        projects_for(user).select_related("park", "responsible", "fair", "link", "link__chain", "enterprise"), pk
    )


@dataclass
class Filters:
    park: int | None = None
    chain: int | None = None
    link: int | None = None
    source: str = ""
    fair: int | None = None
    responsible: int | None = None
    status: str = "active"
    q: str = ""
    stalled: bool = False

    @classmethod
    def from_query(cls, get) -> Filters:
        def pk(name):
            value = str(get.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        status = get.get("status") or "active"
        return cls(
            park=pk("park"),
            chain=pk("chain"),
            link=pk("link"),
            source=get.get("source") if get.get("source") in Project.Source.values else "",
            fair=pk("fair"),
            responsible=pk("responsible"),
            status=status if status in STATUSES else "active",
            q=str(get.get("q") or "").strip()[:50],
            stalled=get.get("stalled") in ("1", "true", "on"),
        )


def filtered(qs: QuerySet[Project], f: Filters, *, stalled_days: int | None = None) -> QuerySet[Project]:
    if f.park:
        qs = qs.filter(park_id__in=regions.descendants(f.park))
    if f.chain:
        qs = qs.filter(link__chain_id=f.chain)
    if f.link:
        qs = qs.filter(link_id=f.link)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.fair:
        qs = qs.filter(fair_id=f.fair)
    if f.responsible:
        qs = qs.filter(responsible_id=f.responsible)
    if f.status != "all":
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(code__iexact=f.q) | Q(investor__icontains=f.q))
    if f.stalled:
        qs = stalled_qs(qs, stalled_days)
    return qs


def stalled_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "INNOZONE_INVESTMENT_STALLED_DAYS", 60))


def stalled_qs(qs: QuerySet[Project], days: int | None = None, today=None) -> QuerySet[Project]:
    """Active projects before 达产 with no progress in `days` days (engine.stages.stalled as a query)."""
    import datetime as dt

    days = days or stalled_days()
    today = today or timezone.localdate()
    return qs.filter(status=Project.Status.ACTIVE, last_progress_on__lte=today - dt.timedelta(days=days)).exclude(
        stage=Project.Stage.FULL
    )


@dataclass
class Column:
    stage: str
    label: str
    count: int = 0
    planned: Decimal = ZERO
    signed: Decimal = ZERO
    page: object = None
    projects: list = field(default_factory=list)


def board(qs: QuerySet[Project], *, pages: dict[str, str] | None = None, per_page: int = COLUMN_PAGE) -> list[Column]:
    """One column per stage: count, planned and signed investment (one grouped query), and one page of its
    projects (the most recently progressed first; `pages` = {stage: page number})."""
    pages = pages or {}
    sums = {
        row["stage"]: row
        for row in qs.order_by().values("stage").annotate(n=Count("id"), planned=Sum("planned_investment"),
                                                           signed=Sum("signed_investment"))
    }  # fmt: skip
    today = timezone.localdate()
    days = stalled_days()
    columns = []
    for stage, label in Project.Stage.choices:
        row = sums.get(stage, {})
        column = Column(stage, str(label), row.get("n", 0), row.get("planned") or ZERO, row.get("signed") or ZERO)
        if column.count:
            items = (
                qs.filter(stage=stage)
                .select_related("park")
                .only(*CARD_FIELDS)  # the cards' fields only: SQLite sorts narrower rows
                .order_by("-last_progress_on", "-pk")
            )
            paginator = Paginator(items, per_page)
            paginator.count = column.count  # known from the grouped query: no COUNT per column
            column.page = paginator.get_page(pages.get(stage))
            column.projects = list(column.page.object_list)
            for p in column.projects:
                p.is_stalled = (
                    p.status == "active"
                    and stages.can_stall(p.stage, dropped=False)
                    and stages.stalled(p.last_progress_on, today, days)
                )
        columns.append(column)
    return columns


def timeline(project: Project):
    return project.events.select_related("actor").order_by("on", "pk")


def funds_by_month(project: Project) -> list[dict]:
    """Month rows with fixed, working and total, and the running total."""
    rows: dict = {}
    for f in FundsInPlace.objects.filter(project=project).order_by("month", "kind"):
        row = rows.setdefault(f.month, {"month": f.month, "fixed": ZERO, "working": ZERO, "total": ZERO, "rows": []})
        row[f.kind] += f.amount
        row["total"] += f.amount
        row["rows"].append(f)
    running = ZERO
    out = []
    for month in sorted(rows):
        running += rows[month]["total"]
        out.append({**rows[month], "cumulative": running})
    return out


def funds_total(project: Project) -> Decimal:
    return FundsInPlace.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or ZERO


def next_moves(project: Project) -> list[tuple[str, str]]:
    """The stages the project can be moved to from its page (forward only)."""
    if project.status == Project.Status.DROPPED:
        return []
    i = stages.index(project.stage)
    return [(s, str(label)) for s, label in Project.Stage.choices if stages.index(s) > i]
