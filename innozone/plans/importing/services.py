"""Plan import as one use case. The review page, the API and `plan import` each call `plan_import` once
(and `plan_import_preview` to show what a document holds before anything is saved)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.models import Organization

from ..models import Plan
from ..parsing import ParsedPlan
from ..permissions import can_import_plan
from ..services import plan_create_from_structure
from .reading import parse_document, structure_from_parsed, structure_unit_names
from .units import Resolution, guess_kind, resolve_units

NO_MATCH = "找不到对应机构 / no matching organization"


@dataclass(frozen=True)
class ImportPreview:
    parsed: ParsedPlan
    structure: dict
    units: dict[str, Resolution]

    def as_dict(self) -> dict:
        """The parser's output with the source spans of every field, and how each unit name matched."""
        body = self.parsed.as_dict(spans=True)
        body["units"] = [r.as_dict() for r in self.units.values()]
        return body


def plan_import_preview(*, actor, text: str, year: int | None = None) -> ImportPreview:
    """What a plan document holds: its tasks, units by role, targets and deadlines, and the organization
    each unit name matches. Nothing is saved."""
    ensure_allowed(can_import_plan(actor))
    parsed = parse_document(text, year=year)
    return ImportPreview(parsed, structure_from_parsed(parsed, year=year), resolve_units(parsed.unit_names()))


@dataclass(frozen=True)
class ImportResult:
    plan: Plan | None  # None after a dry run
    year: int
    title: str
    tasks: int
    indicators: int
    new_units: list[str]
    units: dict[str, Resolution]  # how each name the caller did not decide was matched
    dry_run: bool

    @property
    def id(self) -> int | None:
        return self.plan.pk if self.plan else None


def plan_import(
    *,
    actor,
    text: str = "",
    structure: dict | None = None,
    year: int | None = None,
    title: str = "",
    issuer: str = "",
    units: dict[str, int | None] | None = None,
    new_kinds: dict[str, str] | None = None,
    create_units: bool = False,
    dry_run: bool = False,
    problems: list[dict] = (),
) -> ImportResult:
    """Save a plan document (`text`, or the reviewed `structure` read from it) as a plan, in one transaction.

    Each unit name means the organization the caller chose in `units` (None: a new one), else the one it
    matches (exact name, alias, group, close match). Names that match nothing are refused unless
    `create_units`; new organizations get the kind in `new_kinds` or one guessed from the name. All checks
    run even when the caller found `problems` already, so every problem is reported at once; anything
    invalid, and a dry run, writes nothing.
    """
    ensure_allowed(can_import_plan(actor))
    if structure is None:
        structure = structure_from_parsed(parse_document(text, year=year), year=year, title=title, issuer=issuer)
    chosen = units or {}
    names = structure_unit_names(structure)
    matched = resolve_units([n for n in names if n not in chosen])
    resolution = {n: chosen[n] if n in chosen else _organization_id(matched[n]) for n in names}
    new = [n for n, pk in resolution.items() if pk is None]
    if new and not create_units:
        raise ValidationFailed(detail=[{"field": n, "message": NO_MATCH} for n in new])
    kinds = {n: (new_kinds or {}).get(n) or guess_kind(n) for n in new}
    with transaction.atomic():
        try:
            organizations = _organizations(actor=actor, resolution=resolution, kinds=kinds)
            plan = plan_create_from_structure(actor=actor, structure=structure, source_text=text, names=organizations)
        except ValidationFailed as e:
            if not problems:
                raise
            raise ValidationFailed(detail=[*problems, *e.detail]) from e
        if problems:
            raise ValidationFailed(detail=list(problems))
        result = ImportResult(
            plan=plan,
            year=plan.year,
            title=plan.title,
            tasks=plan.tasks.count(),
            indicators=plan.indicators.count(),
            new_units=new,
            units=matched,
            dry_run=dry_run,
        )
        if dry_run:
            transaction.set_rollback(True)
            return replace(result, plan=None)
    return result


def _organization_id(match: Resolution) -> int | None:
    return match.organization.pk if match.organization else None


def _organizations(*, actor, resolution: dict[str, int | None], kinds: dict[str, str]) -> dict[str, Organization]:
    """Name → organization: the chosen ones (each must exist), then the new ones, created with an audit row."""
    names: dict[str, Organization] = {}
    known = Organization.objects.in_bulk([pk for pk in resolution.values() if pk])
    errors = []
    for name, pk in resolution.items():
        if pk and pk not in known:
            errors.append({"field": name, "message": _("单位“%(name)s”对应的机构不存在") % {"name": name}})
        elif pk:
            names[name] = known[pk]
    if errors:
        raise ValidationFailed(detail=errors)
    for name, kind in kinds.items():
        if kind not in Organization.Kind.values:
            raise ValidationFailed(detail=[{"field": name, "message": _("单位类型无效")}])
        org, created = Organization.objects.get_or_create(name=name, defaults={"kind": kind})
        if created:
            audit.record(
                actor=actor,
                action="core.organization.create",
                obj=org,
                summary=name,
                after={"name": name, "kind": kind, "source": "plan import"},
            )
        names[name] = org
    return names
