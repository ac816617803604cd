"""Writes of the talent pool: people, their honours, flexible introductions, revealing an ID number.

Every function validates all its input first (one ValidationFailed listing every problem), checks the
permission, writes in one transaction and leaves an audit row. ID numbers never reach the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.audit import record, snapshot
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Region
from innozone.core.permissions import is_office_admin

from .. import identity, permissions
from ..models import Honour, Introduction, Person, PersonHonour
from ..selectors import people as selectors
from .values import as_date, as_id

MIN_AGE = 16
PERSON_FIELDS = [
    "name",
    "gender",
    "birth_year",
    "education",
    "title",
    "field",
    "employer",
    "region",
    "nationality",
    "work_permit_no",
    "work_permit_until",
]


def _organization_id(value):
    return getattr(value, "pk", value)


def _clean_person(actor, data: dict, *, person: Person | None) -> tuple[dict, list[dict]]:
    """(values to write, problems)."""
    problems: list[dict] = []
    out: dict = {}

    def bad(field, message):
        problems.append({"field": field, "message": message})

    name = (data.get("name") or "").strip()
    if not name:
        bad("name", _("请填写姓名"))
    elif len(name) > 50:
        bad("name", _("姓名不能超过 50 个字"))
    out["name"] = name
    for field, choices, required in (
        ("gender", Person.Gender, True),
        ("education", Person.Education, True),
        ("title", Person.Title, False),
    ):
        value = data.get(field) or ""
        if not value and not required:
            value = Person.Title.NONE
        if value not in choices.values:
            bad(field, _("请选择有效的选项"))
        out[field] = value
    year = as_id(data.get("birth_year"))
    latest = timezone.localdate().year - MIN_AGE
    if year is None or not 1900 <= year <= latest:
        bad("birth_year", _("出生年份应在 1900 至 %(y)s 之间") % {"y": latest})
    out["birth_year"] = year
    field = (data.get("field") or "").strip()
    if not field or len(field) > 30:
        bad("field", _("请填写专业领域（不超过 30 个字）"))
    out["field"] = field
    employer = None
    employer_id = _organization_id(data.get("employer"))
    if employer_id not in (None, ""):
        employer = selectors.registry_organization(as_id(employer_id))
        if employer is None:
            bad("employer", _("工作单位须为企业库中登记的单位"))
    if not is_office_admin(actor):
        own = actor.organization_id
        if employer is None or employer.pk != own:
            bad("employer", _("只能登记本单位的人员"))
    out["employer"] = employer
    region_id = _organization_id(data.get("region"))
    region = None
    if region_id not in (None, ""):
        region = Region.objects.filter(pk=as_id(region_id) or 0).first()
        if region is None:
            bad("region", _("所在地区不存在"))
    elif employer is not None:
        region = Region.objects.filter(pk=selectors.region_of_organization(employer)).first()
    out["region"] = region
    honours = []
    for n, item in enumerate(data.get("honours") or []):
        honour_id, honour_year = (item.get("honour"), item.get("year")) if isinstance(item, dict) else item
        honour = Honour.objects.filter(pk=as_id(getattr(honour_id, "pk", honour_id)) or 0, active=True).first()
        y = as_id(honour_year) if honour_year not in (None, "") else None
        if honour is None:
            bad("honours", _("第 %(n)s 项人才称号不在称号列表中") % {"n": n + 1})
        elif honour_year not in (None, "") and (y is None or not 1950 <= y <= timezone.localdate().year):
            bad("honours", _("“%(h)s”的入选年度无效") % {"h": honour.name})
        else:
            honours.append((honour, y))
    out["honours"] = honours
    nationality = (data.get("nationality") or "CN").strip().upper()
    if len(nationality) != 2 or not nationality.isascii() or not nationality.isalpha():
        bad("nationality", _("国籍请填写两位字母的国家代码（ISO 3166-1，如 CN、DE、KZ）"))
    out["nationality"] = nationality
    permit_no = (data.get("work_permit_no") or "").strip()
    permit_until = as_date(data.get("work_permit_until"))
    if permit_until is False:
        bad("work_permit_until", _("工作许可有效期日期无效"))
        permit_until = None
    if nationality == "CN" and (permit_no or permit_until):
        bad("work_permit_no", _("中国籍人员不填写外国人工作许可"))
    elif permit_no and permit_until is None:
        bad("work_permit_until", _("请填写工作许可有效期"))
    elif permit_until and not permit_no:
        bad("work_permit_no", _("请填写外国人工作许可证号"))
    if len(permit_no) > 30:
        bad("work_permit_no", _("工作许可证号不能超过 30 个字符"))
    out["work_permit_no"] = permit_no
    out["work_permit_until"] = permit_until
    number = identity.normalize(data.get("id_number"))
    out["id_hash"] = None
    if number:
        problem = identity.id_number_problem(number)
        if problem:
            bad("id_number", problem)
        else:
            digest = identity.id_hash(number)
            existing = selectors.person_by_id_hash(digest)
            if existing is not None and (person is None or existing.pk != person.pk):
                if permissions.can_view_person(actor, existing)[0]:
                    bad(
                        "id_number",
                        _("该身份证号码已登记：%(name)s（编号 %(id)s）") % {"name": existing.name, "id": existing.pk},
                    )
                else:
                    bad("id_number", _("已在人才库中"))
            out["id_hash"] = digest
            out["id_encrypted"] = identity.encrypt(number)
    elif person is None and nationality == "CN":
        bad("id_number", _("请填写身份证号码"))
    return out, problems


def _set_honours(person: Person, honours) -> None:
    PersonHonour.objects.filter(person=person).exclude(honour__in=[h for h, _y in honours]).delete()
    for honour, year in honours:
        PersonHonour.objects.update_or_create(person=person, honour=honour, defaults={"year": year})


@transaction.atomic
def person_create(*, actor, data: dict, is_demo: bool = False) -> Person:
    ensure_allowed(permissions.can_edit_person(actor, None))
    values, problems = _clean_person(actor, data, person=None)
    if problems:
        raise ValidationFailed(detail=problems)
    honours = values.pop("honours")
    person = Person.objects.create(is_demo=is_demo, **values)
    _set_honours(person, honours)
    record(
        actor=actor,
        action="talent.person.create",
        obj=person,
        summary=person.name,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> Person:
    """Change a person's data; `honours` is replaced when given; a new ID number only when one is given."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_allowed(permissions.can_edit_person(actor, person))
    merged = {f: getattr(person, f"{f}_id" if f in ("employer", "region") else f) for f in PERSON_FIELDS}
    if "nationality" in data and data["nationality"] == "CN":
        merged.update(work_permit_no="", work_permit_until=None)
    merged["honours"] = [(r.honour_id, r.year) for r in person.honour_rows.all()]
    merged.update({k: v for k, v in data.items() if k in (*PERSON_FIELDS, "honours", "id_number")})
    if "employer" in data and "region" not in data:
        merged["region"] = None  # the new employer's region
    values, problems = _clean_person(actor, merged, person=person)
    if problems:
        raise ValidationFailed(detail=problems)
    before = snapshot(person, PERSON_FIELDS)
    honours = values.pop("honours")
    if values["id_hash"] is None:
        values.pop("id_hash")
    for key, value in values.items():
        setattr(person, key, value)
    person.save()
    _set_honours(person, honours)
    record(
        actor=actor,
        action="talent.person.update",
        obj=person,
        summary=person.name,
        before=before,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def person_honour_add(*, actor, person: Person, honour, year=None) -> PersonHonour:
    ensure_allowed(permissions.can_edit_person(actor, person))
    honour_obj = Honour.objects.filter(pk=as_id(getattr(honour, "pk", honour)) or 0, active=True).first()
    y = as_id(year) if year not in (None, "") else None
    problems = []
    if honour_obj is None:
        problems.append({"field": "honour", "message": _("人才称号不在称号列表中")})
    if year not in (None, "") and (y is None or not 1950 <= y <= timezone.localdate().year):
        problems.append({"field": "year", "message": _("入选年度无效")})
    if problems:
        raise ValidationFailed(detail=problems)
    row, _created = PersonHonour.objects.update_or_create(person=person, honour=honour_obj, defaults={"year": y})
    record(actor=actor, action="talent.honour.add", obj=person, summary=f"{person.name} · {honour_obj.name}")
    return row


@transaction.atomic
def person_honour_remove(*, actor, person: Person, honour) -> None:
    ensure_allowed(permissions.can_edit_person(actor, person))
    deleted, _rows = PersonHonour.objects.filter(person=person, honour_id=as_id(getattr(honour, "pk", honour))).delete()
    if deleted:
        record(actor=actor, action="talent.honour.remove", obj=person, summary=person.name)


@transaction.atomic
def person_id_reveal(*, actor, person: Person) -> str:
    """The ID number in clear, for the office; the reveal itself is audited."""
    ensure_allowed(permissions.can_see_id_number(actor))
    number = identity.id_number_clear(person)
    if number is None:
        raise Conflict(_("该人员没有可读取的身份证号码"))
    record(actor=actor, action="talent.person.reveal_id", obj=person, summary=_("查看完整身份证号码"))
    return number


# --- flexible introduction (柔性引进) -----------------------------------------------------------------------


def _can_record_introduction(actor, person, host):
    if is_office_admin(actor):
        return True, ""
    if actor.is_authenticated and host is not None and actor.organization_id == host.pk:
        return permissions.can_edit_person(actor, None)
    return permissions.can_edit_person(actor, person)


@transaction.atomic
def introduction_create(*, actor, person: Person, data: dict) -> Introduction:
    problems = []
    host = selectors.registry_organization(as_id(_organization_id(data.get("host"))) or 0)
    if host is None:
        problems.append({"field": "host", "message": _("引进单位须为企业库中登记的单位")})
    elif host.pk == person.employer_id:
        problems.append({"field": "host", "message": _("引进单位不能是本人的工作单位")})
    mode = data.get("mode") or ""
    if mode not in Introduction.Mode.values:
        problems.append({"field": "mode", "message": _("请选择引进方式")})
    starts, ends = as_date(data.get("starts_on")), as_date(data.get("ends_on"))
    if not starts:
        problems.append({"field": "starts_on", "message": _("请填写有效的开始日期")})
    if ends is False:
        problems.append({"field": "ends_on", "message": _("结束日期无效")})
    elif starts and ends and ends < starts:
        problems.append({"field": "ends_on", "message": _("结束日期不能早于开始日期")})
    project = (data.get("project") or "").strip()
    if len(project) > 200:
        problems.append({"field": "project", "message": _("合作项目不能超过 200 个字")})
    ensure_allowed(_can_record_introduction(actor, person, host))
    if problems:
        raise ValidationFailed(detail=problems)
    row = Introduction.objects.create(
        person=person, host=host, mode=mode, starts_on=starts, ends_on=ends or None, project=project
    )
    record(actor=actor, action="talent.introduction.create", obj=row, summary=str(row), after=snapshot(row))
    return row


@transaction.atomic
def introduction_end(*, actor, introduction: Introduction, ends_on) -> Introduction:
    ensure_allowed(_can_record_introduction(actor, introduction.person, introduction.host))
    ends = as_date(ends_on)
    if not ends or ends < introduction.starts_on:
        raise ValidationFailed(detail=[{"field": "ends_on", "message": _("结束日期不能早于开始日期")}])
    before = snapshot(introduction)
    introduction.ends_on = ends
    introduction.save(update_fields=["ends_on"])
    record(
        actor=actor,
        action="talent.introduction.end",
        obj=introduction,
        summary=str(introduction),
        before=before,
        after=snapshot(introduction),
    )
    return introduction
