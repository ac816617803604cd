"""Innovation teams (创新团队): the record (leader and members from the talent pool, a host from the registry),
members, outputs, funding (a money record: each row is a ledger event) and status changes with their history.

Recognition itself goes through the recognition workflow (shared with platforms); `team_recognise` is the
step that writes its result on the team.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.money import CENT, parse_money
from innozone.core.permissions import is_office_admin
from innozone.enterprises.selectors import enterprise_of
from innozone.ledger.services import ledger_append, register_snapshot
from innozone.talent.selectors.lookup import people_by_ids, person_get

from .. import permissions
from ..models import Level, Team, TeamFunding, TeamMember, TeamOutput
from .history import event_add

FUNDING_EVENT = "team.funding"
LEADER_ROLE = "团队带头人"
YEAR_MIN, YEAR_MAX = 1990, 2100
TEAM_FIELDS = ("name", "host", "leader", "region", "field", "level", "introduced", "description")


# ---------------------------------------------------------------- parsing helpers


def _text(data: dict, name: str, *, errors: list, required: bool = False, limit: int = 200) -> str:
    value = data.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.append({"field": name, "message": _("必填")})
    elif len(value) > limit:
        errors.append({"field": name, "message": _("最多%(n)s个字") % {"n": limit}})
    return value


def _int(value, *, field: str, errors: list, required: bool = True, minimum: int = 1, maximum: int = 2**63 - 1):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append({"field": field, "message": _("必填")})
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append({"field": field, "message": _("“%(v)s”不是整数") % {"v": value}})
        return None
    if not minimum <= number <= maximum:
        errors.append({"field": field, "message": _("应在%(a)s至%(b)s之间") % {"a": minimum, "b": maximum}})
        return None
    return number


def _year(data: dict, errors: list) -> int | None:
    return _int(data.get("year"), field="year", errors=errors, minimum=YEAR_MIN, maximum=YEAR_MAX)


def _flag(value) -> bool:
    return value is True or str(value).strip().lower() in ("1", "true", "on", "yes", "是")


def _ids(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v for v in value.replace("，", ",").split(",") if v.strip()]
    return list(value)


# ---------------------------------------------------------------- the team record


def _team_values(actor, data: dict, *, team: Team | None) -> tuple[dict, list[int]]:
    """Every field checked at once: (the team's values, the member ids besides the leader)."""
    errors: list = []
    values = {
        "name": _text(data, "name", errors=errors, required=True),
        "field": _text(data, "field", errors=errors, limit=30),
        "description": _text(data, "description", errors=errors, limit=2000),
        "introduced": _flag(data.get("introduced")),
    }
    level = str(data.get("level") or Level.PROVINCE)
    if level not in Level.values:
        errors.append({"field": "level", "message": _("级别无效")})
    values["level"] = level

    host_id = _int(data.get("host"), field="host", errors=errors)
    entry = enterprise_of(host_id) if host_id else None
    if host_id and entry is None:
        errors.append({"field": "host", "message": _("依托单位须是企业库中登记的企业或机构")})
    elif entry is not None and not is_office_admin(actor) and host_id != actor.organization_id:
        errors.append({"field": "host", "message": _("只能登记本单位依托的团队")})
    values["host_id"] = host_id

    region_id = _int(data.get("region"), field="region", errors=errors, required=False)
    if region_id and not Region.objects.filter(pk=region_id).exists():
        errors.append({"field": "region", "message": _("地区不存在")})
    elif not region_id and entry is not None:
        region_id = entry.park_id or entry.region_id  # the host's park when it is in one: its staff see the team
    values["region_id"] = region_id

    leader_id = _int(data.get("leader"), field="leader", errors=errors)
    if leader_id and person_get(leader_id) is None:
        errors.append({"field": "leader", "message": _("人才库中没有该人员")})
    values["leader_id"] = leader_id

    members = []
    raw = _ids(data.get("members"))
    found = people_by_ids(raw)
    for value in raw:
        pk = int(value) if str(value).strip().isdigit() else None
        if pk is None or pk not in found:
            errors.append({"field": "members", "message": _("人才库中没有该人员：%(v)s") % {"v": value}})
        elif pk != leader_id and pk not in members:
            members.append(pk)

    if values["name"] and host_id:
        same = Team.objects.filter(name=values["name"], host_id=host_id)
        if team is not None:
            same = same.exclude(pk=team.pk)
        if same.exists():
            errors.append({"field": "name", "message": _("该依托单位已有同名团队")})
    if errors:
        raise ValidationFailed(detail=errors)
    return values, members


@transaction.atomic
def team_create(*, actor, data: dict, is_demo: bool = False) -> Team:
    """A new team (培育 until recognised); the leader is its first member."""
    ensure_allowed(permissions.can_register(actor))
    values, members = _team_values(actor, data, team=None)
    team = Team.objects.create(**values, is_demo=is_demo)
    TeamMember.objects.create(team=team, person_id=team.leader_id, role=LEADER_ROLE)
    TeamMember.objects.bulk_create([TeamMember(team=team, person_id=pk) for pk in members])
    event_add(actor=actor, subject=team, action="create", after=team.status)
    audit.record(actor=actor, action="team.create", obj=team, summary=team.name, after=audit.snapshot(team))
    return team


@transaction.atomic
def team_update(*, actor, team: Team, data: dict) -> Team:
    """Change the record: fields left out keep their value; a new leader becomes a member too."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    ensure_allowed(permissions.can_edit(actor, team))
    current = {
        "name": team.name,
        "host": team.host_id,
        "leader": team.leader_id,
        "region": team.region_id,
        "field": team.field,
        "level": team.level,
        "introduced": team.introduced,
        "description": team.description,
    }
    given = {k: v for k, v in data.items() if k in TEAM_FIELDS}
    if "host" in given and str(given["host"]) != str(team.host_id) and "region" not in given:
        current["region"] = None  # a new host: its region, unless one is given
    values, members = _team_values(actor, {**current, **given, "members": data.get("members")}, team=team)
    before = audit.snapshot(team)
    for name, value in values.items():
        setattr(team, name, value)
    team.save()
    seats = set(team.members.values_list("person_id", flat=True))
    new = [pk for pk in [team.leader_id, *members] if pk not in seats]
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, person_id=pk, role=LEADER_ROLE if pk == team.leader_id else "") for pk in new]
    )
    event_add(actor=actor, subject=team, action="update")
    audit.record(
        actor=actor, action="team.update", obj=team, summary=team.name, before=before, after=audit.snapshot(team)
    )
    return team


# ---------------------------------------------------------------- members and outputs


@transaction.atomic
def team_member_add(*, actor, team: Team, data: dict) -> TeamMember:
    ensure_allowed(permissions.can_edit(actor, team))
    errors: list = []
    person_id = _int(data.get("person"), field="person", errors=errors)
    role = _text(data, "role", errors=errors, limit=60)
    person = person_get(person_id) if person_id else None
    if person_id and person is None:
        errors.append({"field": "person", "message": _("人才库中没有该人员")})
    elif person is not None and team.members.filter(person_id=person_id).exists():
        errors.append({"field": "person", "message": _("%(name)s 已是团队成员") % {"name": person.name}})
    if errors:
        raise ValidationFailed(detail=errors)
    seat = TeamMember.objects.create(team=team, person=person, role=role)
    event_add(actor=actor, subject=team, action="member_add", note=person.name)
    audit.record(actor=actor, action="team.member_add", obj=team, summary=person.name, after={"person": person.pk})
    return seat


@transaction.atomic
def team_member_remove(*, actor, team: Team, person_id) -> None:
    ensure_allowed(permissions.can_edit(actor, team))
    errors: list = []
    pk = _int(person_id, field="person", errors=errors)
    seat = team.members.select_related("person").filter(person_id=pk).first() if pk else None
    if pk and seat is None:
        errors.append({"field": "person", "message": _("该人员不是团队成员")})
    elif seat is not None and pk == team.leader_id:
        errors.append({"field": "person", "message": _("不能移除团队带头人，请先更换带头人")})
    if errors:
        raise ValidationFailed(detail=errors)
    seat.delete()
    event_add(actor=actor, subject=team, action="member_remove", note=seat.person.name)
    audit.record(actor=actor, action="team.member_remove", obj=team, summary=seat.person.name, before={"person": pk})


@transaction.atomic
def team_output_add(*, actor, team: Team, data: dict) -> TeamOutput:
    ensure_allowed(permissions.can_edit(actor, team))
    errors: list = []
    year = _year(data, errors)
    kind = str(data.get("kind") or "")
    if kind not in TeamOutput.Kind.values:
        errors.append({"field": "kind", "message": _("成果类型无效")})
    title = _text(data, "title", errors=errors, required=True)
    count = _int(data.get("count", 1), field="count", errors=errors, maximum=10**6)
    if errors:
        raise ValidationFailed(detail=errors)
    output = TeamOutput.objects.create(team=team, year=year, kind=kind, title=title, count=count)
    audit.record(actor=actor, action="team.output_add", obj=output, summary=title, after=audit.snapshot(output))
    return output


# ---------------------------------------------------------------- funding: a money record in the ledger


def funding_state(row: TeamFunding) -> dict:
    """What the ledger records of a funding row (and `ledger verify` compares)."""
    return {"team": row.team_id, "year": row.year, "source": row.source, "amount": f"{Decimal(row.amount):.2f}"}


@transaction.atomic
def team_funding_add(*, actor, team: Team, data: dict) -> TeamFunding:
    """Money the team received (the office records it): the audit row and the ledger event together."""
    ensure_allowed(permissions.can_manage(actor))
    errors: list = []
    year = _year(data, errors)
    source = _text(data, "source", errors=errors, required=True, limit=100)
    amount = parse_money(data.get("amount"), field="amount", errors=errors)
    if errors:
        raise ValidationFailed(detail=errors)
    amount = amount.quantize(CENT)  # as the column holds it: the ledger's state is what a reread gives
    row = TeamFunding.objects.create(team=team, year=year, source=source, amount=amount, recorded_by=actor)
    state = funding_state(row)
    audit.record(actor=actor, action=FUNDING_EVENT, obj=row, summary=f"{team.name} · {amount}", after=state)
    ledger_append(kind=FUNDING_EVENT, subject=row, data={"state": state}, organization_id=team.host_id)
    event_add(actor=actor, subject=team, action="funding", note=f"{year} · {source} · {amount:,.2f}")
    return row


def register_snapshots() -> None:
    """Called from PlatformsConfig.ready(): every funding row's state, for `ledger verify`."""
    register_snapshot(
        "platforms.TeamFunding", lambda: {row.pk: funding_state(row) for row in TeamFunding.objects.all()}
    )


# ---------------------------------------------------------------- status


@transaction.atomic
def team_status_change(*, actor, team: Team, status: str, reason: str = "") -> Team:
    """The office revokes a team (撤销, with a reason) or returns it to 培育; recognition is `team_recognise`."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    ensure_allowed(permissions.can_manage(actor))
    errors: list = []
    reason = (reason or "").strip()
    if status not in (Team.Status.REVOKED, Team.Status.CULTIVATING):
        errors.append({"field": "status", "message": _("只能撤销或恢复培育；认定须经认定流程")})
    elif status == team.status:
        errors.append({"field": "status", "message": _("团队已是该状态")})
    if not reason:
        errors.append({"field": "reason", "message": _("请填写原因")})
    elif len(reason) > 300:
        errors.append({"field": "reason", "message": _("最多%(n)s个字") % {"n": 300}})
    if errors:
        raise ValidationFailed(detail=errors)
    before = team.status
    team.status = status
    if status == Team.Status.CULTIVATING:
        team.recognised_on, team.document_number = None, ""
    team.save(update_fields=["status", "recognised_on", "document_number"])
    action = "revoke" if status == Team.Status.REVOKED else "restore"
    event_add(actor=actor, subject=team, action=action, before=before, after=status, note=reason)
    audit.record(
        actor=actor,
        action=f"team.{action}",
        obj=team,
        summary=reason,
        before={"status": before},
        after={"status": status},
    )
    return team


@transaction.atomic
def team_recognise(
    *, actor, team: Team, recognised_on: dt.date, document_number: str = "", note: str = "", level: str = ""
) -> Team:
    """The outcome of the recognition workflow written on the team (status, date, document number, the level
    recognised when given, history)."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    ensure_allowed(permissions.can_manage(actor))
    if not isinstance(recognised_on, dt.date):
        raise ValidationFailed(detail=[{"field": "recognised_on", "message": _("请填写认定日期")}])
    before = team.status
    team.status, team.recognised_on, team.document_number = Team.Status.RECOGNISED, recognised_on, document_number[:60]
    team.level = level or team.level
    team.save(update_fields=["status", "recognised_on", "document_number", "level"])
    event_add(
        actor=actor, subject=team, action="recognise", before=before, after=team.status, note=note or document_number
    )
    audit.record(
        actor=actor,
        action="team.recognise",
        obj=team,
        summary=document_number,
        before={"status": before},
        after={"status": team.status, "recognised_on": recognised_on, "document_number": document_number},
    )
    return team
