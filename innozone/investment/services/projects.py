"""Investment projects (招商项目): a lead is registered, progress is noted, the project moves through the stages
(engine.stages: the evidence of each stage, no skipping, dates ordered and not in the future — the same rules
are CHECK constraints on the table), 落地 names the new enterprise of the registry (an active entry whose park
or region lies in the project's park), and a project can be dropped with a reason. Every change is audited;
changes of one project are serialised by `select_for_update()` on its row."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit, regions
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization, Region
from innozone.core.money import parse_money
from innozone.enterprises.selectors import enterprise_of
from innozone.enterprises.selectors.parties import organizations_by_uscc

from ..engine import stages
from ..models import Fair, Link, Project, ProjectEvent
from ..permissions import projects as permissions

NOTE_MAX = 500
REASON_MAX = 300
TEXT_LIMITS = {
    "name": 200,
    "investor": 200,
    "investor_location": 100,
    "responsible_person": 50,
    "contract_no": 60,
    "industry_code": 5,
}
FIELD_LABELS = {
    "signed_on": "签约日期",
    "registered_on": "注册日期",
    "started_on": "开工日期",
    "producing_on": "投产日期",
    "full_on": "达产日期",
}


def stage_label(stage: str) -> str:
    return str(dict(Project.Stage.choices).get(stage, stage))


def problem_message(code: str, *, target: str = "") -> dict:
    """A Chinese sentence (and the form field) for a stage-rule code of engine.stages."""
    if code == stages.UNKNOWN_STAGE:
        return {"field": "stage", "message": _("未知的项目阶段")}
    if code == stages.DROPPED:
        return {"field": "stage", "message": _("项目已终止，不能再推进")}
    if code == stages.SAME_STAGE:
        return {"field": "stage", "message": _("项目已处于“%(s)s”阶段") % {"s": stage_label(target)}}
    if code == stages.BACKWARD:
        return {"field": "stage", "message": _("项目阶段不能后退（如需更正请联系自创区办公室）")}
    if code == stages.ENTERPRISE_MISSING:
        return {"field": "enterprise", "message": _("注册落地须关联企业库中的落地企业")}
    for field, label in FIELD_LABELS.items():
        if code == stages.missing(field):
            return {"field": field, "message": _("缺少%(d)s：不能跳过前面的阶段") % {"d": _(label)}}
        if code == stages.future(field):
            return {"field": field, "message": _("%(d)s不能晚于今天") % {"d": _(label)}}
    for later, earlier in stages.ORDER:
        if code == stages.before(later, earlier):
            return {
                "field": later,
                "message": _("%(a)s不能早于%(b)s") % {"a": _(FIELD_LABELS[later]), "b": _(FIELD_LABELS[earlier])},
            }
    return {"field": None, "message": code}


def facts_of(project: Project) -> stages.Facts:
    return stages.Facts(
        stage=project.stage,
        dropped=project.status == Project.Status.DROPPED,
        has_enterprise=project.enterprise_id is not None,
        signed_on=project.signed_on,
        registered_on=project.registered_on,
        started_on=project.started_on,
        producing_on=project.producing_on,
        full_on=project.full_on,
    )


def _date(value, field: str, problems: list, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            problems.append({"field": field, "message": _("%(d)s必填") % {"d": _(FIELD_LABELS.get(field, "日期"))}})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append({"field": field, "message": _("日期“%(v)s”格式不正确（应为 YYYY-MM-DD）") % {"v": value}})
        return None


def _text(data: dict, field: str, problems: list, *, required: bool = False, label: str = "") -> str:
    value = str(data.get(field) or "").strip()
    if required and not value:
        problems.append({"field": field, "message": _("%(f)s必填") % {"f": label or field}})
    limit = TEXT_LIMITS.get(field)
    if limit and len(value) > limit:
        problems.append({"field": field, "message": _("%(f)s不能超过 %(n)s 字") % {"f": label or field, "n": limit}})
    return value


def _pk(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def clean_project(actor, data: dict, *, row: int | None = None) -> tuple[dict, list]:
    """The basic fields of a project (create, edit, import), with every problem."""
    problems: list = []
    out: dict = {}
    out["name"] = _text(data, "name", problems, required=True, label=_("项目名称"))
    out["investor"] = _text(data, "investor", problems, required=True, label=_("投资方"))
    out["investor_location"] = _text(data, "investor_location", problems, label=_("投资方所在地"))
    out["responsible_person"] = _text(data, "responsible_person", problems, label=_("责任人"))
    out["industry_code"] = _text(data, "industry_code", problems, label=_("国民经济行业代码"))
    if out["industry_code"] and not out["industry_code"].isdigit():
        problems.append({"field": "industry_code", "message": _("国民经济行业代码应为数字（GB/T 4754）")})
    out["description"] = str(data.get("description") or "").strip()[:2000]
    source = str(data.get("source") or "").strip()
    if source not in Project.Source.values:
        problems.append({"field": "source", "message": _("请选择项目来源")})
    out["source"] = source
    out["planned_investment"] = parse_money(
        data.get("planned_investment"), field="planned_investment", errors=problems, row=row
    )
    park = Region.objects.filter(pk=_pk(data.get("park"))).first()
    if park is None:
        problems.append({"field": "park", "message": _("请选择落地园区/县区")})
    else:
        allowed, reason = permissions.can_create_project(actor, park.pk)
        if not allowed:
            problems.append({"field": "park", "message": str(reason)})
    out["park"] = park
    fair = None
    if data.get("fair") not in (None, ""):
        fair = Fair.objects.filter(pk=_pk(data.get("fair"))).first()
        if fair is None:
            problems.append({"field": "fair", "message": _("节会不存在")})
    if source in (Project.Source.LANQIA, Project.Source.KEBO) and fair is None:
        problems.append({"field": "fair", "message": _("来源为兰洽会或科博会的项目须选择节会")})
    if fair is not None and source in (Project.Source.LANQIA, Project.Source.KEBO) and fair.kind != source:
        problems.append({"field": "fair", "message": _("所选节会与项目来源不一致")})
    out["fair"] = fair
    link = None
    if data.get("link") not in (None, ""):
        link = Link.objects.filter(pk=_pk(data.get("link"))).first()
        if link is None:
            problems.append({"field": "link", "message": _("产业链环节不存在")})
    out["link"] = link
    responsible = None
    if data.get("responsible") not in (None, ""):
        responsible = Organization.objects.filter(pk=_pk(data.get("responsible")), is_active=True).first()
        if responsible is None:
            problems.append({"field": "responsible", "message": _("责任单位不存在")})
    else:
        responsible = getattr(actor, "organization", None)
        if responsible is None:
            problems.append({"field": "responsible", "message": _("请选择责任单位")})
    out["responsible"] = responsible
    if row is not None:
        for p in problems:
            p.setdefault("row", row)
    return out, problems


def next_code(year: int) -> str:
    prefix = f"ZS{year}-"
    last = Project.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    seq = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def project_create(*, actor, data: dict, on: dt.date | None = None) -> Project:
    """A new lead (线索)."""
    ensure_allowed(permissions.can_create_project(actor))
    today = timezone.localdate()
    on = on or today
    values, problems = clean_project(actor, data)
    if on > today:
        problems.append({"field": "on", "message": _("日期不能晚于今天")})
    if problems:
        raise ValidationFailed(detail=problems)
    for attempt in range(5):  # two users numbering at once: the unique code refuses one, which takes the next
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    code=next_code(on.year), stage=Project.Stage.LEAD, last_progress_on=on, created_by=actor, **values
                )
            break
        except IntegrityError:
            if attempt == 4:
                raise
    ProjectEvent.objects.create(project=project, stage=project.stage, on=on, note=_("登记项目线索"), actor=actor)
    audit.record(actor=actor, action="investment.project_create", obj=project, summary=f"{project.code} {project.name}")
    return project


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def project_update(*, actor, project: Project, data: dict) -> Project:
    """Edit the basic fields (not the stage, dates or enterprise: those move with project_move)."""
    project = _locked(project)
    ensure_allowed(permissions.can_edit_project(actor, project))
    values, problems = clean_project(actor, {"responsible": project.responsible_id, **data})
    if problems:
        raise ValidationFailed(detail=problems)
    before = audit.snapshot(project, list(values))
    for key, value in values.items():
        setattr(project, key, value)
    project.save()
    audit.record(
        actor=actor, action="investment.project_update", obj=project, summary=project.code, before=before,
        after=audit.snapshot(project, list(values)),
    )  # fmt: skip
    return project


@transaction.atomic
def project_note(*, actor, project: Project, note: str, on: dt.date | None = None) -> ProjectEvent:
    """A progress note (跟踪记录): the project's last progress date moves to its date."""
    project = _locked(project)
    ensure_allowed(permissions.can_edit_project(actor, project))
    today = timezone.localdate()
    on = on or today
    note = (note or "").strip()
    problems = []
    if not note:
        problems.append({"field": "note", "message": _("请填写进展情况")})
    if len(note) > NOTE_MAX:
        problems.append({"field": "note", "message": _("进展情况不能超过 %(n)s 字") % {"n": NOTE_MAX}})
    if on > today:
        problems.append({"field": "on", "message": _("日期不能晚于今天")})
    if project.status == Project.Status.DROPPED:
        problems.append({"field": "note", "message": _("项目已终止")})
    if problems:
        raise ValidationFailed(detail=problems)
    event = ProjectEvent.objects.create(project=project, stage=project.stage, on=on, note=note, actor=actor)
    if on > project.last_progress_on:
        project.last_progress_on = on
        project.save(update_fields=["last_progress_on", "updated_at"])
    audit.record(actor=actor, action="investment.project_note", obj=project, summary=note[:100])
    return event


def enterprise_problem(project: Project, organization: Organization | None) -> str | None:
    """Why an organization cannot be the project's 落地 enterprise (None: it can)."""
    if organization is None:
        return _("落地企业须是企业库中的单位")
    entry = enterprise_of(organization.pk)
    if entry is None:
        return _("“%(n)s”不在企业库中，请先在企业库登记") % {"n": organization.name}
    if entry.status != "active":
        return _("“%(n)s”在企业库中已注销或吊销") % {"n": organization.name}
    park_ids = set(regions.descendants(project.park_id))
    if entry.park_id not in park_ids and entry.region_id not in park_ids:
        return _("“%(n)s”未注册在项目落地的%(p)s") % {"n": organization.name, "p": project.park.name}
    return None


def resolve_enterprise(value) -> Organization | None:
    """An organization by id or by USCC (统一社会信用代码)."""
    if value in (None, ""):
        return None
    if isinstance(value, Organization):
        return value
    text = str(value).strip()
    if len(text) == 18:
        found = organizations_by_uscc([text.upper()]).get(text.upper())
        return Organization.objects.filter(pk=found[0]).first() if found else None
    pk = _pk(text)
    return Organization.objects.filter(pk=pk).first() if pk else None


@transaction.atomic
def project_move(
    *,
    actor,
    project: Project,
    stage: str,
    dates: dict | None = None,
    enterprise=None,
    signed_investment=None,
    contract_no: str = "",
    note: str = "",
) -> Project:
    """Move the project to `stage`, recording the dates of the stages it reaches (a move may pass several
    stages only with the evidence of each). Refused with every problem at once."""
    project = Project.objects.select_for_update().select_related("park").get(pk=project.pk)
    ensure_allowed(permissions.can_edit_project(actor, project))
    today = timezone.localdate()
    problems: list = []
    new_dates: dict = {}
    for field in stages.DATE_FIELDS.values():
        if dates and field in dates and dates[field] not in (None, ""):
            value = _date(dates[field], field, problems)
            if value is not None:
                new_dates[field] = value
    org = None
    if enterprise not in (None, ""):
        org = resolve_enterprise(enterprise)
        reason = enterprise_problem(project, org)
        if reason:
            problems.append({"field": "enterprise", "message": reason})
            org = None
        else:
            new_dates["has_enterprise"] = True
    money = None
    reaches_signed = stage in stages.STAGES and stages.reached(stage, "signed")
    if signed_investment not in (None, ""):
        money = parse_money(signed_investment, field="signed_investment", errors=problems)
    elif reaches_signed and project.signed_investment is None:
        problems.append({"field": "signed_investment", "message": _("签约须填写签约投资额")})
    contract_no = (contract_no or "").strip()
    if len(contract_no) > TEXT_LIMITS["contract_no"]:
        problems.append({"field": "contract_no", "message": _("合同编号不能超过 60 字")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        problems.append({"field": "note", "message": _("进展情况不能超过 %(n)s 字") % {"n": NOTE_MAX}})
    codes = stages.problems(facts_of(project), stage, new_dates, today=today)
    problems.extend(problem_message(code, target=stage) for code in codes)
    if problems:
        raise ValidationFailed(_("不能推进到“%(s)s”") % {"s": stage_label(stage)}, detail=problems)
    before = audit.snapshot(project, ["stage", *stages.DATE_FIELDS.values(), "enterprise", "signed_investment"])
    for field, value in new_dates.items():
        if field != "has_enterprise":
            setattr(project, field, value)
    if org is not None:
        project.enterprise = org
    if money is not None:
        project.signed_investment = money
    if contract_no:
        project.contract_no = contract_no
    project.stage = stage
    on = max([d for k, d in new_dates.items() if k != "has_enterprise"], default=today)
    project.last_progress_on = max(project.last_progress_on, on)
    project.save()
    label = stage_label(stage)
    ProjectEvent.objects.create(
        project=project, stage=stage, on=on, note=note or _("推进到“%(s)s”") % {"s": label}, actor=actor
    )
    audit.record(
        actor=actor, action="investment.project_move", obj=project, summary=f"{project.code} → {label}", before=before,
        after=audit.snapshot(project, ["stage", *stages.DATE_FIELDS.values(), "enterprise", "signed_investment"]),
    )  # fmt: skip
    return project


@transaction.atomic
def project_drop(*, actor, project: Project, reason: str) -> Project:
    project = _locked(project)
    ensure_allowed(permissions.can_edit_project(actor, project))
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append({"field": "reason", "message": _("请填写终止原因")})
    if len(reason) > REASON_MAX:
        problems.append({"field": "reason", "message": _("终止原因不能超过 %(n)s 字") % {"n": REASON_MAX}})
    if problems:
        raise ValidationFailed(detail=problems)
    if project.status == Project.Status.DROPPED:
        raise Conflict(_("项目已终止"))
    if project.stage == Project.Stage.FULL:
        raise Conflict(_("已达产的项目不能终止"))
    project.status = Project.Status.DROPPED
    project.dropped_reason = reason
    project.save(update_fields=["status", "dropped_reason", "updated_at"])
    ProjectEvent.objects.create(
        project=project, stage=project.stage, on=timezone.localdate(), note=_("终止：%(r)s") % {"r": reason},
        actor=actor,
    )  # fmt: skip
    audit.record(actor=actor, action="investment.project_drop", obj=project, summary=f"{project.code} {reason}")
    return project
