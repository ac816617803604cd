"""Writes of the expert pool: experts, their fields, availability and status, declared relations, and the
expert committee with its members' terms. Validated first, permission-checked, atomic, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core.audit import record, snapshot
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Region

from .. import permissions
from ..models import Committee, CommitteeMember, Expert, Person, Relation
from ..selectors import experts as selectors
from ..selectors import people as people_selectors
from .values import as_date, as_id

EXPERT_FIELDS = [
    "name", "kind", "title", "employer", "employer_name", "region", "available", "unavailable_until", "status", "phone",
]  # fmt: skip


def _clean_expert(data: dict, *, expert: Expert | None) -> tuple[dict, list, list[dict]]:
    """(values, fields, problems)."""
    problems: list[dict] = []
    out: dict = {}

    def bad(field, message):
        problems.append({"field": field, "message": message})

    person = None
    if expert is None and data.get("person") not in (None, ""):
        person = Person.objects.select_related("employer").filter(pk=as_id(data["person"]) or 0).first()
        if person is None:
            bad("person", _("人才库中没有该人员"))
        elif Expert.objects.filter(person=person).exists():
            bad("person", _("该人员已在专家库中"))
    out["person"] = person if expert is None else expert.person
    name = (data.get("name") or (person.name if person else "")).strip()
    if not name or len(name) > 50:
        bad("name", _("请填写姓名（不超过 50 个字）"))
    out["name"] = name
    for field, choices, default in (
        ("kind", Expert.Kind, Expert.Kind.TECHNICAL),
        ("title", Person.Title, person.title if person else Person.Title.SENIOR),
    ):
        value = data.get(field) or default
        if value not in choices.values:
            bad(field, _("请选择有效的选项"))
        out[field] = value
    employer = None
    employer_id = data.get("employer")
    if employer_id in (None, "") and person is not None:
        employer_id = person.employer_id
    if employer_id not in (None, ""):
        employer = people_selectors.registry_organization(as_id(employer_id) or 0)
        if employer is None:
            bad("employer", _("工作单位须为企业库中登记的单位"))
    employer_name = (data.get("employer_name") or "").strip()
    if employer is not None:
        employer_name = ""
    elif not employer_name:
        bad("employer_name", _("请选择企业库中的工作单位或填写库外单位名称"))
    elif len(employer_name) > 200:
        bad("employer_name", _("单位名称不能超过 200 个字"))
    out["employer"], out["employer_name"] = employer, employer_name
    region = None
    if data.get("region") not in (None, ""):
        region = Region.objects.filter(pk=as_id(data["region"]) or 0).first()
        if region is None:
            bad("region", _("所在地区不存在"))
    elif person is not None and person.region_id:
        region = person.region
    elif employer is not None:
        region = Region.objects.filter(pk=people_selectors.region_of_organization(employer)).first()
    out["region"] = region
    out["available"] = bool(data.get("available", True))
    until = as_date(data.get("unavailable_until"))
    if until is False:
        bad("unavailable_until", _("日期无效"))
    out["unavailable_until"] = until or None
    phone = (data.get("phone") or "").strip()
    if len(phone) > 30:
        bad("phone", _("联系电话不能超过 30 个字符"))
    out["phone"] = phone
    ids = data.get("fields") or []
    fields = selectors.fields_by_ids(ids)
    if not fields:
        bad("fields", _("请至少选择一个评审领域"))
    elif len(fields) != len({as_id(i) for i in ids}):
        bad("fields", _("评审领域中有不存在的领域"))
    return out, fields, problems


@transaction.atomic
def expert_create(*, actor, data: dict, is_demo: bool = False) -> Expert:
    """An expert from the talent pool (`person`) or from outside (`name`, `employer` or `employer_name`)."""
    ensure_allowed(permissions.can_manage_experts(actor))
    values, fields, problems = _clean_expert(data, expert=None)
    if problems:
        raise ValidationFailed(detail=problems)
    expert = Expert.objects.create(is_demo=is_demo, **values)
    expert.fields.set(fields)
    record(actor=actor, action="talent.expert.create", obj=expert, summary=expert.name, after=_snap(expert))
    return expert


def _snap(expert: Expert) -> dict:
    return {**snapshot(expert, EXPERT_FIELDS), "fields": sorted(expert.fields.values_list("pk", flat=True))}


@transaction.atomic
def expert_update(*, actor, expert: Expert, data: dict) -> Expert:
    ensure_allowed(permissions.can_manage_experts(actor))
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    merged = {f: getattr(expert, f"{f}_id" if f in ("employer", "region") else f) for f in EXPERT_FIELDS}
    merged["fields"] = list(expert.fields.values_list("pk", flat=True))
    merged.update({k: v for k, v in data.items() if k in (*EXPERT_FIELDS, "fields") and k != "status"})
    values, fields, problems = _clean_expert(merged, expert=expert)
    if problems:
        raise ValidationFailed(detail=problems)
    before = _snap(expert)
    for key, value in values.items():
        setattr(expert, key, value)
    expert.save()
    expert.fields.set(fields)
    record(
        actor=actor, action="talent.expert.update", obj=expert, summary=expert.name, before=before, after=_snap(expert)
    )
    return expert


@transaction.atomic
def expert_availability_set(*, actor, expert: Expert, available: bool, unavailable_until=None) -> Expert:
    """The office or the expert: available for reviews, or not (until a date, or until further notice)."""
    ensure_allowed(permissions.can_set_availability(actor, expert))
    until = as_date(unavailable_until)
    if until is False:
        raise ValidationFailed(detail=[{"field": "unavailable_until", "message": _("日期无效")}])
    before = _snap(expert)
    expert.available = bool(available)
    expert.unavailable_until = None if available else until
    expert.save(update_fields=["available", "unavailable_until", "updated_at"])
    record(
        actor=actor,
        action="talent.expert.availability",
        obj=expert,
        summary=expert.name,
        before=before,
        after=_snap(expert),
    )
    return expert


@transaction.atomic
def expert_status_set(*, actor, expert: Expert, status: str, reason: str = "") -> Expert:
    """在库 / 暂停 / 出库: suspending or removing needs a reason."""
    ensure_allowed(permissions.can_manage_experts(actor))
    reason = (reason or "").strip()
    problems = []
    if status not in Expert.Status.values:
        problems.append({"field": "status", "message": _("请选择有效的状态")})
    if status != Expert.Status.ACTIVE and not reason:
        problems.append({"field": "reason", "message": _("暂停或出库须说明理由")})
    if len(reason) > 300:
        problems.append({"field": "reason", "message": _("理由不能超过 300 个字")})
    if problems:
        raise ValidationFailed(detail=problems)
    if status == expert.status:
        raise Conflict(_("专家已处于该状态"))
    before = expert.status
    expert.status = status
    expert.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="talent.expert.status",
        obj=expert,
        summary=f"{expert.name}：{reason}"[:300],
        before={"status": before},
        after={"status": status, "reason": reason},
    )
    return expert


# --- declared relations -------------------------------------------------------------------------------------


@transaction.atomic
def relation_declare(*, actor, expert: Expert, data: dict) -> Relation:
    ensure_allowed(permissions.can_declare_relation(actor, expert))
    problems = []
    kind = data.get("kind") or ""
    if kind not in Relation.Kind.values:
        problems.append({"field": "kind", "message": _("请选择关系类型")})
    organization = None
    if data.get("organization") not in (None, ""):
        organization = people_selectors.registry_organization(as_id(data["organization"]) or 0)
        if organization is None:
            problems.append(
                {"field": "organization", "message": _("相关单位须为企业库中登记的单位，库外单位请填写名称")}
            )
    organization_name = (data.get("organization_name") or "").strip()[:200] if organization is None else ""
    person_name = (data.get("person_name") or "").strip()
    if len(person_name) > 50:
        problems.append({"field": "person_name", "message": _("相关人员姓名不能超过 50 个字")})
    if organization is None and not organization_name and not person_name and not problems:
        problems.append({"field": "organization", "message": _("请填写相关单位或相关人员")})
    starts, ends = as_date(data.get("starts_on")), as_date(data.get("ends_on"))
    if starts is False:
        problems.append({"field": "starts_on", "message": _("开始日期无效")})
    if ends is False:
        problems.append({"field": "ends_on", "message": _("结束日期无效")})
    elif starts and ends and ends < starts:
        problems.append({"field": "ends_on", "message": _("结束日期不能早于开始日期")})
    note = (data.get("note") or "").strip()
    if len(note) > 200:
        problems.append({"field": "note", "message": _("说明不能超过 200 个字")})
    if problems:
        raise ValidationFailed(detail=problems)
    relation = Relation.objects.create(
        expert=expert,
        kind=kind,
        organization=organization,
        organization_name=organization_name,
        person_name=person_name,
        starts_on=starts or None,
        ends_on=ends or None,
        note=note,
    )
    record(actor=actor, action="talent.relation.declare", obj=relation, summary=str(relation), after=snapshot(relation))
    return relation


@transaction.atomic
def relation_remove(*, actor, relation: Relation) -> None:
    ensure_allowed(permissions.can_declare_relation(actor, relation.expert))
    before = snapshot(relation)
    pk, summary = relation.pk, str(relation)
    relation.delete()
    record(
        actor=actor,
        action="talent.relation.remove",
        object_type="talent.Relation",
        object_id=pk,
        summary=summary,
        before=before,
    )


# --- the expert committee -----------------------------------------------------------------------------------


@transaction.atomic
def committee_create(*, actor, data: dict) -> Committee:
    ensure_allowed(permissions.can_manage_experts(actor))
    problems = []
    name = (data.get("name") or "").strip()
    if not name or len(name) > 100:
        problems.append({"field": "name", "message": _("请填写名称（不超过 100 个字）")})
    elif Committee.objects.filter(name=name).exists():
        problems.append({"field": "name", "message": _("已有同名的委员会")})
    start, end = as_date(data.get("term_start")), as_date(data.get("term_end"))
    if not start:
        problems.append({"field": "term_start", "message": _("请填写有效的本届起始日期")})
    if not end:
        problems.append({"field": "term_end", "message": _("请填写有效的本届届满日期")})
    elif start and end <= start:
        problems.append({"field": "term_end", "message": _("届满日期须晚于起始日期")})
    if problems:
        raise ValidationFailed(detail=problems)
    committee = Committee.objects.create(name=name, term_start=start, term_end=end, duties=data.get("duties") or "")
    record(actor=actor, action="talent.committee.create", obj=committee, summary=name, after=snapshot(committee))
    return committee


@transaction.atomic
def committee_member_add(
    *, actor, committee: Committee, expert: Expert, role: str = "member", term_start=None, term_end=None
) -> CommitteeMember:
    """A seat on the committee; the member's term lies within the committee's (defaults to it)."""
    ensure_allowed(permissions.can_manage_experts(actor))
    problems = []
    if role not in CommitteeMember.Role.values:
        problems.append({"field": "role", "message": _("请选择职务")})
    start = as_date(term_start) if term_start not in (None, "") else committee.term_start
    end = as_date(term_end) if term_end not in (None, "") else committee.term_end
    if not start or not end:
        problems.append({"field": "term_start", "message": _("任期日期无效")})
    elif not committee.term_start <= start < end <= committee.term_end:
        problems.append(
            {
                "field": "term_end",
                "message": _("任期须在本届（%(a)s 至 %(b)s）之内，且届满晚于起始")
                % {"a": committee.term_start, "b": committee.term_end},
            }
        )
    if expert.status == Expert.Status.REMOVED:
        problems.append({"field": "expert", "message": _("已出库的专家不能担任委员")})
    if CommitteeMember.objects.filter(committee=committee, expert=expert).exists():
        problems.append({"field": "expert", "message": _("该专家已是本委员会委员")})
    if problems:
        raise ValidationFailed(detail=problems)
    seat = CommitteeMember.objects.create(committee=committee, expert=expert, role=role, term_start=start, term_end=end)
    record(
        actor=actor,
        action="talent.committee.member_add",
        obj=committee,
        summary=f"{committee} · {expert}",
        after=snapshot(seat),
    )
    return seat


@transaction.atomic
def committee_member_remove(*, actor, seat: CommitteeMember) -> None:
    ensure_allowed(permissions.can_manage_experts(actor))
    committee, summary, before = seat.committee, str(seat), snapshot(seat)
    seat.delete()
    record(actor=actor, action="talent.committee.member_remove", obj=committee, summary=summary, before=before)
