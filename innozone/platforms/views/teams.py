"""Pages of the innovation teams: the list (filters, pagination, Excel), a team's page (members, outputs,
funding, history, recognition status) with its small forms, and the team form (people from the talent pool)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.models import Region
from innozone.core.permissions import sees_all, visible_region_ids
from innozone.core.web import domain_view, flash_error, require, xlsx_response
from innozone.talent.selectors.lookup import people_to_choose

from .. import exports_teams, permissions
from ..models import Level, Team, TeamOutput
from ..selectors import teams as selectors
from ..services import teams as services

PAGE = 30


def yuan(value) -> str:
    """1234567.5 → 1,234,567.50"""
    return f"{Decimal(value or 0):,.2f}"


def _regions(user):
    ids = visible_region_ids(user)
    qs = Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.PARK, Region.Kind.DISTRICT])
    return qs.order_by("kind", "id") if ids is None else qs.filter(pk__in=ids).order_by("id")


def _filters(get) -> dict:
    def number(name):
        value = get.get(name, "")
        return int(value) if value.isdigit() and len(value) < 18 else None

    introduced = {"1": True, "0": False}.get(get.get("introduced", ""))
    return {
        "q": get.get("q", "")[:100],
        "field": get.get("field", "")[:30],
        "status": get.get("status", "") if get.get("status") in Team.Status.values else "",
        "region": number("region"),
        "host": number("host"),
        "level": get.get("level", "") if get.get("level") in Level.values else "",
        "introduced": introduced,
    }


@login_required
@domain_view
def team_list(request):
    user = request.user
    require(permissions.can_view_platforms(user))
    visible = selectors.teams_for(user)
    rows = selectors.team_rows(selectors.team_search(visible, **_filters(request.GET)))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports_teams.teams_workbook(rows), "teams.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for t in page.object_list:
        t.funding_display = yuan(t.funding_total) if t.funding_total else "—"
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "get": request.GET,
        "fields": selectors.field_names(visible),
        "statuses": Team.Status.choices,
        "levels": Level.choices,
        "regions": _regions(user),
        "can_register": permissions.can_register(user)[0],
    }
    return render(request, "platforms/team_list.html", context)


def _apply_url(team) -> str:
    """The recognition application (the workflow's page), when that page exists."""
    try:
        return reverse("platforms:team_apply", args=[team.pk])
    except NoReverseMatch:
        return ""


@login_required
@domain_view
def team_detail(request, team_id):
    user = request.user
    team = selectors.team_get(team_id)
    require(permissions.can_view(user, team))
    detail = selectors.team_detail(team)
    can_edit = permissions.can_edit(user, team)[0]
    can_apply = permissions.can_apply(user, team)[0] and team.status == Team.Status.CULTIVATING
    member_ids = [m.person_id for m in detail.members]
    candidates = []
    if can_edit:
        candidates = [
            p
            for p in people_to_choose(user, employer_id=team.host_id, q=request.GET.get("find", "")[:50])
            if p.pk not in member_ids
        ]
    context = {
        "team": team,
        "d": detail,
        "funding_total": yuan(detail.funding_total),
        "funding_rows": [(row, yuan(row.amount)) for row in detail.funding],
        "funding_by_year": [(year, yuan(total)) for year, total in detail.funding_by_year],
        "can_edit": can_edit,
        "can_manage": permissions.can_manage(user)[0],
        "apply_url": _apply_url(team) if can_apply else "",
        "candidates": candidates,
        "output_kinds": TeamOutput.Kind.choices,
        "statuses": Team.Status,
    }
    return render(request, "platforms/team_detail.html", context)


# ---------------------------------------------------------------- the team form


def _team_form(request, *, team: Team | None):
    """Create or edit. "查找人才" submits the form by GET: the page comes back with what was typed and the
    people matching the search beside those the host employs."""
    user = request.user
    if request.method == "POST":
        source = request.POST
    elif request.GET.get("find") is not None:
        source = request.GET
    else:
        source = None
    if source is not None:
        values = {k: source.get(k, "") for k in services.TEAM_FIELDS}
        values["introduced"] = bool(source.get("introduced"))
        members = [m for m in source.getlist("members") if m.isdigit()]
    elif team is not None:
        values = {
            "name": team.name,
            "host": str(team.host_id),
            "leader": str(team.leader_id),
            "region": str(team.region_id),
            "field": team.field,
            "level": team.level,
            "introduced": team.introduced,
            "description": team.description,
        }
        members = [str(pk) for pk in team.members.values_list("person_id", flat=True)]
    else:
        values = {"level": Level.PROVINCE, "host": "" if sees_all(user) else str(user.organization_id or "")}
        members = []
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = {**values, "members": members}
        try:
            if team is None:
                team = services.team_create(actor=user, data=data)
                messages.success(request, _("已登记创新团队"))
            else:
                services.team_update(actor=user, team=team, data=data)
                messages.success(request, _("已保存"))
        except DomainError as e:
            for item in e.detail:
                errors.setdefault(item.get("field") or "__all__", []).append(str(item["message"]))
            if not e.detail:
                errors["__all__"] = [str(e.message)]
        else:
            return redirect("platforms:team_detail", team.pk)
    host = values.get("host") or ""
    find = (source.get("q", "") if source is not None else "")[:50]
    chosen = [*members, values.get("leader") or ""]
    people = people_to_choose(
        user, employer_id=int(host) if str(host).isdigit() else None, q=find, include=[c for c in chosen if c]
    )
    context = {
        "team": team,
        "values": values,
        "members": set(members),
        "errors": errors,
        "find": find,
        "people": people,
        "hosts": selectors.host_choices(user),
        "levels": Level.choices,
        "regions": _regions(user),
        "title": _("登记创新团队") if team is None else _("修改创新团队"),
    }
    return render(request, "platforms/team_form.html", context)


@login_required
@domain_view
def team_create(request):
    require(permissions.can_register(request.user))
    return _team_form(request, team=None)


@login_required
@domain_view
def team_edit(request, team_id):
    team = selectors.team_get(team_id)
    require(permissions.can_edit(request.user, team))
    return _team_form(request, team=team)


# ---------------------------------------------------------------- the team page's small forms


def _act(request, team_id, act, success: str):
    team = selectors.team_get(team_id)
    require(permissions.can_view(request.user, team))
    try:
        act(team)
    except DomainError as e:
        if e.code == "forbidden":
            raise
        flash_error(request, e)
    else:
        messages.success(request, success)
    return redirect("platforms:team_detail", team.pk)


@require_POST
@login_required
@domain_view
def team_member_add(request, team_id):
    data = {"person": request.POST.get("person"), "role": request.POST.get("role", "")}
    return _act(
        request, team_id, lambda t: services.team_member_add(actor=request.user, team=t, data=data), _("已增加成员")
    )


@require_POST
@login_required
@domain_view
def team_member_remove(request, team_id, person_id):
    return _act(
        request,
        team_id,
        lambda t: services.team_member_remove(actor=request.user, team=t, person_id=person_id),
        _("已移除成员"),
    )


@require_POST
@login_required
@domain_view
def team_output_add(request, team_id):
    data = {k: request.POST.get(k, "") for k in ("year", "kind", "title", "count")}
    return _act(
        request, team_id, lambda t: services.team_output_add(actor=request.user, team=t, data=data), _("已登记成果")
    )


@require_POST
@login_required
@domain_view
def team_funding_add(request, team_id):
    data = {k: request.POST.get(k, "") for k in ("year", "source", "amount")}
    return _act(
        request, team_id, lambda t: services.team_funding_add(actor=request.user, team=t, data=data), _("已登记资助")
    )


@require_POST
@login_required
@domain_view
def team_status(request, team_id):
    status, reason = request.POST.get("status", ""), request.POST.get("reason", "")
    return _act(
        request,
        team_id,
        lambda t: services.team_status_change(actor=request.user, team=t, status=status, reason=reason),
        _("已更新团队状态"),
    )
