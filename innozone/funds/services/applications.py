"""Applications: an applicant organization starts a draft for an open call, saves it (autosave: each save
carries the version it was edited from; a save from an older version is refused), chooses co-applicants
(产学研) and its team from the talent pool, uploads attachments. Submission and withdrawal are in
applications_submit.py."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization
from innozone.core.money import parse_money
from innozone.core.uploads import attachment_problem
from innozone.enterprises import selectors as registry
from innozone.talent.selectors import lookup as people

from ..models import Application, ApplicationFile, Call, CoApplicant
from ..permissions import calls as permissions
from ..selectors.calls import call_effective_stage

#: expense categories of a project budget (财政科研项目资金管理: 直接费用的科目)
CATEGORIES = (
    "设备费",
    "材料费",
    "测试化验加工费",
    "燃料动力费",
    "差旅/会议/国际合作与交流费",
    "出版/文献/信息传播/知识产权事务费",
    "劳务费",
    "专家咨询费",
    "其他支出",
)
ACTIVE = ("draft", "submitted", "returned", "recommending", "review", "reviewed", "approved", "awarded")
TEXT_MAX = 20000


def region_of(organization: Organization) -> int | None:
    """Where the applicant is recommended from: its registry entry's park, else its region."""
    entry = registry.enterprise_of(organization.pk)
    if entry is not None:
        return entry.park_id or entry.region_id
    return organization.region_id


def field_types(call: Call) -> dict[str, str]:
    return {f["key"]: f["type"] for f in call.form or []}


def _create(*, actor, call: Call, organization: Organization, title: str, is_demo: bool = False) -> Application:
    if Application.objects.filter(call=call, applicant=organization, status__in=ACTIVE).exists():
        raise Conflict(_("本单位已有该通知的申报，请在“我的申报”中继续"))
    app = Application.objects.create(
        call=call,
        applicant=organization,
        region_id=region_of(organization),
        title=(title or "").strip()[:200] or _("（未命名项目）"),
        created_by=actor if getattr(actor, "pk", None) else None,
        budget=[{"category": c, "fiscal": "", "own": ""} for c in CATEGORIES],
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="funds.application.start", obj=app, summary=app.title)
    return app


@transaction.atomic
def application_start(*, actor, call: Call, title: str = "") -> Application:
    ensure_allowed(permissions.can_apply(actor, call, stage=call_effective_stage(call)))
    return _create(actor=actor, call=call, organization=actor.organization, title=title)


def _budget(rows, errors) -> list[dict]:
    by_category = {str(r.get("category")): r for r in rows or [] if isinstance(r, dict)}
    out = []
    for i, category in enumerate(CATEGORIES, start=1):
        row = by_category.get(category, {})
        fiscal = parse_money(row.get("fiscal"), field="budget", errors=errors, required=False, positive=False, row=i)
        own = parse_money(row.get("own"), field="budget", errors=errors, required=False, positive=False, row=i)
        out.append(
            {
                "category": category,
                "fiscal": f"{fiscal:.2f}" if fiscal is not None else "",
                "own": f"{own:.2f}" if own is not None else "",
            }
        )
    unknown = set(by_category) - set(CATEGORIES)
    if unknown:
        errors.append({"field": "budget", "message": _("未知的支出类别：%(c)s") % {"c": "、".join(sorted(unknown))}})
    return out


def budget_totals(rows) -> tuple[Decimal, Decimal]:
    fiscal = sum((Decimal(r["fiscal"]) for r in rows or [] if r.get("fiscal")), Decimal("0.00"))
    own = sum((Decimal(r["own"]) for r in rows or [] if r.get("own")), Decimal("0.00"))
    return fiscal, own


def _apply(app: Application, data: dict, errors: list[dict]) -> None:
    types = field_types(app.call)
    if "title" in data:
        title = (data.get("title") or "").strip()
        if len(title) > 200:
            errors.append({"field": "title", "message": _("项目名称不能超过 200 字")})
        app.title = title[:200]
    if "field" in data:
        app.field = (data.get("field") or "").strip()[:100]
    if "amount" in data:
        app.amount = parse_money(data.get("amount"), field="amount", errors=errors, required=False)
    if "total_budget" in data and "budget" not in types.values():
        app.total_budget = parse_money(data.get("total_budget"), field="total_budget", errors=errors, required=False)
    answers = dict(app.answers or {})
    posted = data.get("answers") or {}
    if not isinstance(posted, dict):
        errors.append({"field": "answers", "message": _("申报内容格式错误")})
        posted = {}
    for key, value in posted.items():
        kind = types.get(key)
        if kind in ("text", "textarea"):
            text = str(value or "").strip()
            if len(text) > TEXT_MAX:
                errors.append({"field": key, "message": _("内容过长")})
            answers[key] = text[:TEXT_MAX]
        elif kind == "amount":
            number = parse_money(value, field=key, errors=errors, required=False, positive=False)
            answers[key] = f"{number:.2f}" if number is not None else ""
    app.answers = answers
    if "budget" in data:
        app.budget = _budget(data.get("budget") if isinstance(data.get("budget"), list) else [], errors)
        if "budget" in types.values():
            fiscal, own = budget_totals(app.budget)
            app.total_budget = (fiscal + own) or None
    if "team_person_ids" in data or "leader_person_id" in data:
        team = data.get("team_person_ids", app.team_person_ids) or []
        wanted = [int(i) for i in (team if isinstance(team, list) else []) if str(i).isdigit()]
        leader = data.get("leader_person_id", app.leader_person_id)
        leader = int(leader) if str(leader or "").isdigit() else None
        found = people.people_by_ids([*wanted, *([leader] if leader else [])])
        missing = [i for i in [*wanted, *([leader] if leader else [])] if i not in found]
        if missing:
            errors.append(
                {"field": "team", "message": _("人才库中没有这些人员：%(ids)s") % {"ids": ", ".join(map(str, missing))}}
            )
        app.team_person_ids = list(dict.fromkeys(wanted))
        app.leader_person_id = leader


@transaction.atomic
def application_save(*, actor, application: Application, version, data: dict) -> Application:
    """Save the fields present in `data` (autosave sends the whole form). Refused when `version` is not the
    application's current version: someone saved it since it was opened."""
    app = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_allowed(permissions.can_edit_application(actor, app))
    if str(version) != str(app.version):
        raise Conflict(
            _("该申报已在别处保存（当前第 %(now)s 版，您编辑的是第 %(old)s 版），请刷新页面后再修改")
            % {"now": app.version, "old": version},
            code="stale",
        )
    errors: list[dict] = []
    _apply(app, data, errors)
    if errors:
        raise ValidationFailed(detail=errors)
    app.version += 1
    app.save()
    return app


@transaction.atomic
def application_set_co_applicants(*, actor, application: Application, rows: list[dict]) -> list[CoApplicant]:
    """Replace the co-applicants (organizations of the registry: enterprises, universities, institutes)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(permissions.can_edit_application(actor, app))
    errors, clean = [], []
    for i, row in enumerate(rows or [], start=1):
        ref = row.get("organization_id")
        org = Organization.objects.filter(pk=ref).first() if str(ref or "").isdigit() and len(str(ref)) < 18 else None
        if org is None or org.kind not in permissions.APPLICANT_KINDS:
            errors.append(
                {"field": "co_applicants", "row": i, "message": _("第 %(n)s 行：请选择企业、高校或科研院所") % {"n": i}}
            )
            continue
        if org.pk == app.applicant_id or org.pk in [c["organization"].pk for c in clean]:
            errors.append({"field": "co_applicants", "row": i, "message": _("第 %(n)s 行：合作单位重复") % {"n": i}})
            continue
        amount = parse_money(row.get("amount"), field="co_applicants", errors=errors, required=False, row=i)
        clean.append({"organization": org, "role": str(row.get("role") or "").strip()[:200], "amount": amount})
    if errors:
        raise ValidationFailed(detail=errors)
    app.co_applicants.all().delete()
    made = [CoApplicant.objects.create(application=app, **c) for c in clean]
    app.version += 1
    app.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor, action="funds.application.co_applicants", obj=app, after=[c["organization"].pk for c in clean]
    )
    return made


@transaction.atomic
def application_attach(*, actor, application: Application, key: str, upload) -> ApplicationFile:
    app = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_allowed(permissions.can_edit_application(actor, app))
    if field_types(app.call).get(key) != "attachment":
        raise ValidationFailed(detail=[{"field": key or "file", "message": _("申报表中没有该材料项")}])
    problem = attachment_problem(upload)
    if problem:
        raise ValidationFailed(problem, detail=[{"field": key, "message": problem}])
    row = ApplicationFile.objects.create(
        application=app, key=key, file=upload, name=upload.name[:200], uploaded_by=actor
    )
    app.version += 1
    app.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="funds.application.attach", obj=app, summary=row.name)
    return row


@transaction.atomic
def application_detach(*, actor, application: Application, file_id: int) -> None:
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(permissions.can_edit_application(actor, app))
    row = app.files.filter(pk=file_id).first()
    if row is None:
        raise ValidationFailed(detail=[{"field": "file", "message": _("文件不存在")}])
    row.file.delete(save=False)
    row.delete()
    app.version += 1
    app.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="funds.application.detach", obj=app, summary=row.name)


@transaction.atomic
def co_applicant_confirm(*, actor, application: Application) -> CoApplicant:
    """The co-applicant confirms its part (shown to the applicant and the office)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(permissions.can_confirm_co(actor, app))
    row = app.co_applicants.get(organization_id=actor.organization_id)
    row.confirmed = True
    row.save(update_fields=["confirmed"])
    audit.record(actor=actor, action="funds.application.co_confirm", obj=app, summary=actor.organization.name)
    return row
