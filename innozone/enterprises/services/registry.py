"""Register and update an enterprise (institution) in the registry: one entry per 统一社会信用代码, linked 1:1 to
the organization record every other app uses; a name change keeps the old name as a former name."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_decimal
from innozone.core.permissions import is_office_admin

from ..engine.identity import normalize_uscc, person_key, uscc_problem
from ..engine.size import size_class
from ..models import AnnualFigures, Enterprise, FormerName, KeyPerson, Shareholder
from ..permissions import can_edit, can_register
from ..selectors import most_authoritative
from .validation import validate_profile

KIND_OF_ORGANIZATION = {
    "enterprise": Enterprise.Kind.ENTERPRISE,
    "university": Enterprise.Kind.UNIVERSITY,
    "institute": Enterprise.Kind.INSTITUTE,
}
AUDITED = [
    "uscc",
    "name",
    "legal_representative",
    "registered_on",
    "registered_capital",
    "region",
    "park",
    "address",
    "industry_code",
    "industry_name",
    "field",
    "ownership",
    "listed",
    "stock_code",
    "actual_controller",
    "status",
]


def _check_unique(clean: dict, errors: list, *, exclude_pk=None, row=None) -> None:
    uscc = clean.get("uscc")
    if uscc and Enterprise.objects.filter(uscc=uscc).exclude(pk=exclude_pk).exists():
        message = _("统一社会信用代码 %(c)s 已登记") % {"c": uscc}
        errors.append({"field": "uscc", "message": message, **({"row": row} if row else {})})


@transaction.atomic
def enterprise_register(*, actor, data: dict, organization: Organization | None = None) -> Enterprise:
    """A new registry entry. The office may register any organization (an existing one, or a new one created
    here); an organization's own user registers that organization."""
    ensure_allowed(can_register(actor))
    if not is_office_admin(actor):
        organization = actor.organization
    errors: list = []
    clean = validate_profile(data, errors)
    _check_unique(clean, errors)
    if organization is not None and Enterprise.objects.filter(organization=organization).exists():
        errors.append({"field": "organization", "message": _("该单位已在企业库中登记")})
    if organization is None and clean.get("name") and Organization.objects.filter(name=clean["name"]).exists():
        errors.append({"field": "name", "message": _("已有同名单位，请从该单位登记")})
    if errors:
        raise ValidationFailed(detail=errors)
    if organization is None:
        kind = clean.get("kind") or Enterprise.Kind.ENTERPRISE
        org_kind = kind if kind in KIND_OF_ORGANIZATION else Organization.Kind.ENTERPRISE
        organization = Organization.objects.create(name=clean["name"], kind=org_kind, region=clean["region"])
        audit.record(actor=actor, action="core.organization.create", obj=organization, summary=organization.name)
    clean.setdefault("kind", KIND_OF_ORGANIZATION.get(organization.kind, Enterprise.Kind.OTHER))
    enterprise = Enterprise(organization=organization, **clean)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:  # a concurrent registration of the same code
        raise Conflict(_("统一社会信用代码已登记")) from exc
    _sync_organization(enterprise)
    audit.record(
        actor=actor,
        action="enterprises.register",
        obj=enterprise,
        summary=f"{enterprise.name} {enterprise.uscc}",
        after=audit.snapshot(enterprise, AUDITED),
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, data: dict) -> Enterprise:
    """Change profile fields (those present in `data`). A changed name is kept as a former name; a changed
    USCC is refused for anyone but the office (it is the identity)."""
    ensure_allowed(can_edit(actor, enterprise))
    errors: list = []
    clean = validate_profile(data, errors, partial=True)
    if "uscc" in clean and clean["uscc"] != enterprise.uscc and not is_office_admin(actor):
        errors.append({"field": "uscc", "message": _("统一社会信用代码只能由办公室更正")})
    _check_unique(clean, errors, exclude_pk=enterprise.pk)
    if "region" in clean and clean["region"] is None:
        errors.append({"field": "region", "message": _("必填")})
    if "name" in clean and not clean["name"]:
        errors.append({"field": "name", "message": _("必填")})
    new_name = clean.get("name")
    renamed = bool(new_name) and new_name != enterprise.name
    if renamed and Organization.objects.filter(name=new_name).exclude(pk=enterprise.organization_id).exists():
        errors.append({"field": "name", "message": _("已有同名单位")})
    if errors:
        raise ValidationFailed(detail=errors)
    before = audit.snapshot(enterprise, AUDITED)
    if new_name and new_name != enterprise.name:
        FormerName.objects.create(enterprise=enterprise, name=enterprise.name, until=timezone.localdate())
    for name, value in clean.items():
        setattr(enterprise, name, value)
    enterprise.save()
    _sync_organization(enterprise)
    after = audit.snapshot(enterprise, AUDITED)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit.record(
        actor=actor,
        action="enterprises.update",
        obj=enterprise,
        summary=enterprise.name,
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return enterprise


def _sync_organization(enterprise: Enterprise) -> None:
    """The organization record other apps read keeps the registry's name, code, region and representative."""
    org = enterprise.organization
    org.name = enterprise.name
    org.credit_code = enterprise.uscc
    org.region_id = enterprise.region_id
    org.legal_representative = enterprise.legal_representative
    org.save(update_fields=["name", "credit_code", "region", "legal_representative"])


def sizes_refresh(enterprise_ids) -> None:
    """Recompute the size class (NBS 2017 rule) of these entries from their industry and their latest year's
    most authoritative figures, and the organizations' staff count, in bulk (one entry after a filing, many
    after an import)."""
    rows = AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids).values_list(
        "enterprise_id", "year", "source", "employees", "revenue", "total_assets"
    )
    latest: dict[int, tuple] = {}
    for (enterprise_id, year), row in most_authoritative(
        rows, key=lambda r: (r[0], r[1]), source=lambda r: r[2]
    ).items():
        if enterprise_id not in latest or year > latest[enterprise_id][1]:
            latest[enterprise_id] = row
    entries = list(Enterprise.objects.filter(pk__in=enterprise_ids).select_related("organization"))
    orgs = []
    now = timezone.now()
    for entry in entries:
        _e, _y, _s, employees, revenue, assets = latest.get(entry.pk, (None,) * 6)
        result = size_class(entry.industry_code or "", employees=employees, revenue=revenue, assets=assets)
        entry.size, entry.size_reason, entry.updated_at = result.code or "", result.reason[:300], now
        if employees is not None and entry.organization.employees != employees:
            entry.organization.employees = employees
            orgs.append(entry.organization)
    Enterprise.objects.bulk_update(entries, ["size", "size_reason", "updated_at"], batch_size=1000)
    Organization.objects.bulk_update(orgs, ["employees"], batch_size=1000)


@transaction.atomic
def parties_set(*, actor, enterprise: Enterprise, shareholders: list[dict], people: list[dict]) -> None:
    """Replace the shareholders (name, share %, USCC or ID number) and key people (name, role, ID number)."""
    ensure_allowed(can_edit(actor, enterprise))
    errors: list = []
    rows = []
    for n, item in enumerate(shareholders, start=1):
        name = str(item.get("name", "")).strip()[:200]
        if not name:
            errors.append({"field": f"shareholders.{n}.name", "message": _("必填")})
        where = f"shareholders.{n}.share"
        share = parse_decimal(item.get("share"), field=where, errors=errors, positive=True, places=4)
        if share is not None and share > 100:
            errors.append({"field": f"shareholders.{n}.share", "message": _("持股比例不能超过100%")})
        rows.append((name, share, _holder_key(item, errors, f"shareholders.{n}")))
    total = sum((r[1] for r in rows if r[1] is not None), 0)
    if total > 100:
        errors.append({"field": "shareholders", "message": _("持股比例合计超过100%")})
    persons = []
    for n, item in enumerate(people, start=1):
        name = str(item.get("name", "")).strip()[:50]
        role = str(item.get("role", ""))
        if not name:
            errors.append({"field": f"people.{n}.name", "message": _("必填")})
        if role not in KeyPerson.Role.values:
            errors.append({"field": f"people.{n}.role", "message": _("无效的职务")})
        key = ""
        if str(item.get("id_number", "")).strip():
            try:
                key = person_key(str(item["id_number"]))
            except ValueError as exc:
                errors.append({"field": f"people.{n}.id_number", "message": str(exc)})
        persons.append((name, role, key))
    if errors:
        raise ValidationFailed(detail=errors)
    enterprise.shareholders.all().delete()
    enterprise.key_people.all().delete()
    Shareholder.objects.bulk_create(
        Shareholder(enterprise=enterprise, name=name, share=share, holder_key=key) for name, share, key in rows
    )
    KeyPerson.objects.bulk_create(
        KeyPerson(enterprise=enterprise, name=name, role=role, person_key=key) for name, role, key in persons
    )
    audit.record(
        actor=actor,
        action="enterprises.parties",
        obj=enterprise,
        summary=enterprise.name,
        after={"shareholders": [[r[0], str(r[1])] for r in rows], "people": [[p[0], p[1]] for p in persons]},
    )


def _holder_key(item: dict, errors: list, where: str) -> str:
    code = normalize_uscc(str(item.get("uscc", "") or ""))
    if code:
        problem = uscc_problem(code)
        if problem:
            errors.append({"field": f"{where}.uscc", "message": problem})
        return f"org:{code}"
    if str(item.get("id_number", "") or "").strip():
        try:
            return f"person:{person_key(str(item['id_number']))}"
        except ValueError as exc:
            errors.append({"field": f"{where}.id_number", "message": str(exc)})
    return ""
