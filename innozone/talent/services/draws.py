"""Panel draws (专家抽取): the pool snapshot from the expert pool, the items from their applicants, the pure
engine's draw, and the record — the `Draw` row, one review assignment per panel member, and a ledger event
holding the seed, the pool's digest and the result, so a draw cannot be redone silently (`ledger verify`
compares the stored draw with its last event). A conflict an expert declares after the draw replaces them with
the next fitting reserve, also a ledger event.

Conflicts come from: the expert's employer and declared relations (`Relation`: employment, director,
supervisor, controlling shareholder, collaboration with organizations; family, students, co-authors with
people), the enterprise registry (related parties of each applicant; an expert who is a director, supervisor
or controlling shareholder of the applicant — matched by name, and by the ID key when both sides have one), and
the item's people (an expert who is among them is the applicant themself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import NotFound, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import Organization
from innozone.enterprises import selectors as registry
from innozone.ledger.services import canonical, ledger_append, register_snapshot

from .. import identity, permissions
from ..engine.draw import DrawError, DrawItem, PanelRules, PoolExpert, Tie, draw_panels
from ..models import Assignment, Draw, Expert, Person, Relation
from ..panel_rules import rules_as_dict

EVENT_DRAW = "expert.draw"
EVENT_REPLACE = "expert.replace"
#: how the people of an item are separated in a file or a form
PEOPLE_SPLIT = re.compile(r"[;；、|]")
ORG_TIES = {
    Relation.Kind.EMPLOYMENT: "employment",
    Relation.Kind.DIRECTOR: "director",
    Relation.Kind.SUPERVISOR: "supervisor",
    Relation.Kind.SHAREHOLDER: "shareholder",
    Relation.Kind.COLLABORATION: "collaboration",
    Relation.Kind.OTHER: "declared",
    Relation.Kind.FAMILY: "declared",
    Relation.Kind.STUDENT: "declared",
}
REGISTRY_ROLES = {"director": "director", "chair": "director", "supervisor": "supervisor", "shareholder": "shareholder"}


@dataclass
class ItemInput:
    """One item to review: `organization_id` (an organization of the platform) or only a `uscc`/name;
    `co_organization_ids`: other organizations of the item (a fund application's co-applicants), whose experts
    and registry related parties are kept out of its panel as the applicant's are."""

    ref: str
    field: str
    organization_id: int | None = None
    uscc: str = ""
    organization_name: str = ""
    people: list[str] = field(default_factory=list)
    title: str = ""
    co_organization_ids: list[int] = field(default_factory=list)


def item_from_row(ref: str, field: str, uscc: str = "", people: str = "") -> ItemInput:
    """An item as a file or a form gives it (`ref,field,organization_uscc,people`, people separated by
    `;`, `；`, `、` or `|`)."""
    ref = ref.strip()
    return ItemInput(
        ref=ref,
        field=field.strip(),
        uscc=uscc.strip().upper(),
        people=[p.strip() for p in PEOPLE_SPLIT.split(people) if p.strip()],
        title=ref,
    )


def org_key(organization_id: int) -> str:
    return f"org:{organization_id}"


def name_key(name: str) -> str:
    return f"name:{name.strip()}"


# --- the pool --------------------------------------------------------------------------------------------


def reviews_this_year(on: dt.date) -> dict[int, int]:
    rows = (
        Assignment.objects.filter(created_at__year=on.year)
        .exclude(status=Assignment.Status.DECLINED)
        .values("expert_id")
        .annotate(n=Count("pk"))
    )
    return {row["expert_id"]: row["n"] for row in rows}


def _registry_ties(names: dict[int, str], person_ids: dict[int, int | None], org_ids: set[int]):
    """Ties found in the registry: experts who are a director, supervisor or controlling shareholder of an
    applicant. Matched by name; when both the registry row and the expert have an ID key they must agree (the
    expert's key is computed only for a namesake of such a person)."""
    people = registry.key_people_of(org_ids) if org_ids else []
    by_name: dict[str, list[tuple[int, str, str]]] = {}
    for org, name, role, key in people:
        if role in REGISTRY_ROLES:
            by_name.setdefault(name.strip(), []).append((org, REGISTRY_ROLES[role], key))
    ties: dict[int, list[Tie]] = {}
    for expert_id, name in names.items():
        for org, relation, key in by_name.get(name.strip(), []):
            person_id = person_ids.get(expert_id)
            own = identity.registry_person_key(Person.objects.get(pk=person_id)) if person_id else ""
            if key and own and key != own:
                continue  # a namesake: both IDs known and different
            ties.setdefault(expert_id, []).append(Tie(org_key(org), relation, None))
    return ties


def _tie_order(t: Tie):
    return (t.organization, t.relation, str(t.until))


def pool_snapshot(*, on: dt.date, applicant_ids: set[int] = frozenset()) -> list[PoolExpert]:
    """Every expert in the pool who can review on `on`, as the engine sees them. Read as plain rows (three
    queries and the year's review counts), not as model instances: a pool has tens of thousands of experts."""
    pool_filter = Q(status=Expert.Status.ACTIVE, available=True) & (
        Q(unavailable_until__isnull=True) | Q(unavailable_until__lt=on)
    )
    rows = Expert.objects.filter(pool_filter).values_list(
        "pk", "name", "kind", "employer_id", "employer__name", "employer_name", "person_id"
    )
    in_pool = Expert.objects.filter(pool_filter).values("pk")
    fields: dict[int, set[str]] = {}
    for expert_id, field_name in Expert.fields.through.objects.filter(expert_id__in=in_pool).values_list(
        "expert_id", "field__name"
    ):
        fields.setdefault(expert_id, set()).add(field_name)
    ties: dict[int, list[Tie]] = {}
    people: dict[int, set[str]] = {}
    for expert_id, kind, org_id, org_name, person_name, ends_on in Relation.objects.filter(
        expert_id__in=in_pool
    ).values_list("expert_id", "kind", "organization_id", "organization_name", "person_name", "ends_on"):
        if org_id:
            ties.setdefault(expert_id, []).append(Tie(org_key(org_id), ORG_TIES[kind], ends_on))
        elif org_name:
            ties.setdefault(expert_id, []).append(Tie(name_key(org_name), ORG_TIES[kind], ends_on))
        if person_name:
            people.setdefault(expert_id, set()).add(name_key(person_name))
    rows = list(rows)
    found = _registry_ties({r[0]: r[1] for r in rows}, {r[0]: r[6] for r in rows}, set(applicant_ids))
    reviews = reviews_this_year(on)
    pool = []
    for pk, name, kind, employer_id, employer, employer_name, _person in rows:
        if employer_id:
            organization, organization_name = org_key(employer_id), employer
        else:
            organization = name_key(employer_name) if employer_name.strip() else ""
            organization_name = employer_name
        pool.append(
            PoolExpert(
                id=pk,
                name=name,
                organization=organization,
                organization_name=organization_name,
                fields=frozenset(fields.get(pk, ())),
                kind=kind,
                ties=tuple(sorted(ties.get(pk, []) + found.get(pk, []), key=_tie_order)),
                people=frozenset(people.get(pk, ())),
                person=name_key(name),
                reviews_this_year=reviews.get(pk, 0),
            )
        )
    return pool


# --- items -----------------------------------------------------------------------------------------------


def resolve_items(items: list[ItemInput]) -> tuple[list[DrawItem], list[dict]]:
    """The engine's items: each applicant's organization key, its registry related parties (and their names,
    for relations declared by name), the people's name keys. Problems: an item without field or reference."""
    problems = []
    codes = {i.uscc for i in items if i.uscc and i.organization_id is None}
    by_uscc = registry.organizations_by_uscc(codes) if codes else {}
    org_ids = {i.organization_id for i in items if i.organization_id} | {v[0] for v in by_uscc.values()}
    org_ids |= {o for i in items for o in i.co_organization_ids}
    related = registry.related_organizations(org_ids) if org_ids else {}
    all_ids = org_ids | {o for s in related.values() for o in s}
    names = dict(Organization.objects.filter(pk__in=all_ids).values_list("pk", "name"))
    out = []
    for n, item in enumerate(items, start=1):
        if not item.ref.strip():
            problems.append({"row": n, "field": "ref", "message": _("第 %(n)s 项没有编号") % {"n": n}})
        if not item.field.strip():
            problems.append({"row": n, "field": "field", "message": _("第 %(n)s 项没有技术领域") % {"n": n}})
        org = item.organization_id or (by_uscc.get(item.uscc) or (None,))[0]
        if org:
            keys = {org_key(o) for o in related.get(org, ())}
            keys |= {name_key(names[o]) for o in ({org} | related.get(org, set())) if o in names}
            organization = org_key(org)
        else:
            keys = {name_key(item.organization_name)} if item.organization_name else set()
            organization = f"uscc:{item.uscc}" if item.uscc else ""
        for co in item.co_organization_ids:  # a co-applicant counts as the applicant does
            keys |= {org_key(o) for o in {co} | related.get(co, set())}
            keys |= {name_key(names[o]) for o in ({co} | related.get(co, set())) if o in names}
        out.append(
            DrawItem(
                ref=item.ref.strip(),
                field=item.field.strip(),
                organization=organization,
                related=frozenset(keys),
                people=frozenset(name_key(p) for p in item.people if p.strip()),
            )
        )
    return out, problems


# --- the draw --------------------------------------------------------------------------------------------


def _digest(data) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def draw_state(draw: Draw) -> dict:
    """What the ledger holds of a draw (and `ledger verify` compares with the row)."""
    return {
        "seed": draw.seed,
        "pool_digest": draw.pool_digest,
        "result_digest": _digest(draw.result),
        "items_digest": _digest(draw.items),
    }


def _snapshot() -> dict[int, dict]:
    return {d.pk: draw_state(d) for d in Draw.objects.all()}


def register_snapshots() -> None:
    register_snapshot("talent.Draw", _snapshot)


def _engine_problem_detail(error: DrawError) -> list[dict]:
    return [{"field": p.get("item") or "rules", "message": p["message"]} for p in error.problems] or [
        {"field": "rules", "message": error.message}
    ]


@transaction.atomic
def draw_run(
    *,
    actor,
    purpose: str,
    items: list[ItemInput],
    rules: PanelRules,
    seed: str | None = None,
    subject=None,
    on: dt.date | None = None,
    review_days: int = 10,
    assign: bool = True,
) -> Draw:
    """Draw a panel for every item and record it. `actor` None is the command line (the operator's account
    is named with --user). Raises ValidationFailed naming every item the pool cannot fill."""
    if actor is not None:
        ensure_allowed(permissions.can_run_draw(actor))
    on = on or timezone.localdate()
    seed = (seed or secrets.token_hex(8)).strip()
    problems = []
    if not purpose.strip():
        problems.append({"field": "purpose", "message": _("请填写抽取用途")})
    if not items:
        problems.append({"field": "items", "message": _("没有需要评审的项目")})
    if len(seed) > 64:
        problems.append({"field": "seed", "message": _("随机种子不能超过 64 个字符")})
    engine_items, item_problems = resolve_items(items)
    problems += item_problems
    if problems:
        raise ValidationFailed(detail=problems)
    applicants = {int(i.organization.partition(":")[2]) for i in engine_items if i.organization.startswith("org:")}
    pool = pool_snapshot(on=on, applicant_ids=applicants)
    try:
        result = draw_panels(engine_items, pool, rules, seed=seed, on=on)
    except DrawError as e:
        raise ValidationFailed(_("专家库无法满足本次抽取"), detail=_engine_problem_detail(e)) from e
    items_data = [
        {"ref": i.ref, "field": i.field, "organization": i.organization, "people": sorted(i.people), "title": t.title}
        for i, t in zip(engine_items, items, strict=True)
    ]
    draw = Draw.objects.create(
        purpose=purpose.strip()[:200],
        subject_type=f"{subject._meta.app_label}.{subject.__class__.__name__}" if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        items=items_data,
        rules=rules_as_dict(rules),
        seed=seed,
        pool_digest=result.pool_digest,
        pool_size=len(pool),
        result=result.as_dict(),
        drawn_by=actor,
    )
    if assign:
        _assign(draw, result, items, on=on, review_days=review_days)
    ledger_append(
        kind=EVENT_DRAW,
        subject=draw,
        data={
            "state": draw_state(draw),
            "purpose": draw.purpose,
            "pool_size": draw.pool_size,
            "rules": draw.rules,
            "drawn_by": getattr(actor, "username", "") or "",
            "result": draw.result,
        },
    )
    audit.record(actor=actor, action="talent.draw", obj=draw, summary=draw.purpose, after={"seed": seed})
    return draw


def _assign(draw: Draw, result, items: list[ItemInput], *, on: dt.date, review_days: int) -> None:
    titles = {i.ref.strip(): i.title for i in items}
    due = timezone.now() + dt.timedelta(days=review_days)
    rows = [
        Assignment(
            draw=draw, expert_id=e.id, item_ref=panel.item, item_title=titles.get(panel.item, "")[:200], due_at=due
        )
        for panel in result.panels
        for e in panel.experts
    ]
    Assignment.objects.bulk_create(rows)
    notify_drawn([r.expert_id for r in rows], draw)


def notify_drawn(expert_ids, draw: Draw) -> None:
    users = [e.user for e in Expert.objects.filter(pk__in=set(expert_ids), user__isnull=False).select_related("user")]
    if not users:
        return
    link = reverse("talent:my_reviews")
    transaction.on_commit(
        lambda: notice_send(
            recipients=users,
            title=_("您被抽取为评审专家：%(p)s") % {"p": draw.purpose},
            body=_("请在评审截止前登录平台查看材料并提交评审意见；如与评审对象存在利害关系，请申请回避。"),
            link=link,
            dedupe_key=f"draw:{draw.pk}",
        )
    )


def draw_get(draw_id: int) -> Draw:
    draw = Draw.objects.filter(pk=draw_id).select_related("drawn_by").first()
    if draw is None:
        raise NotFound()
    return draw
