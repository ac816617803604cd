"""The mid-term check (中期检查) and the acceptance (验收): the office opens one, draws the panel with the
talent pool's conflict-free draw (one item: the project), then records the meeting's date, opinion and outcome.

Acceptance outcomes (S90): 通过 → passed; 结题 → concluded, the unspent balance is returned; 不通过 → failed,
the unspent balance (paid − reported spend, or everything paid when chosen) is recovered and the organization
and the project leader are barred for 3 years (a Sanction checked by later applications). An acceptance not
done within 6 months after the (extended) end bars the organization until it is done (`funds remind`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.talent.panel_rules import rules_for
from innozone.talent.services import draws

from ..models import Inspection, Project, Sanction
from ..permissions import projects as permissions
from .projects import add_months, end_of
from .repayments import paid_total, repayment_due, unspent_balance

BAR_YEARS = 3
ACCEPTANCE_MONTHS = 6
UNTIL_DONE = dt.date(9999, 12, 31)  # a bar "until the acceptance is done"
TEXT_MAX = 4000


def acceptance_deadline(project: Project) -> dt.date:
    return add_months(end_of(project), ACCEPTANCE_MONTHS)


@transaction.atomic
def inspection_open(*, actor, project: Project, kind: str, applied_on: dt.date | None = None) -> Inspection:
    ensure_allowed(permissions.can_manage_projects(actor))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if kind not in Inspection.Kind.values:
        raise ValidationFailed(detail=[{"field": "kind", "message": _("请选择检查类型")}])
    if project.status not in (Project.Status.RUNNING, Project.Status.ACCEPTING):
        raise Conflict(_("只有执行中的项目可以检查或验收"))
    if Inspection.objects.filter(project=project, kind=kind, outcome="").exists():
        raise Conflict(_("该项目已有一项同类检查正在进行"))
    inspection = Inspection.objects.create(project=project, kind=kind, applied_on=applied_on or timezone.localdate())
    if kind == Inspection.Kind.ACCEPTANCE:
        project.status = Project.Status.ACCEPTING
        project.save(update_fields=["status"])
    audit.record(actor=actor, action="funds.inspection.open", obj=inspection, summary=inspection.get_kind_display())
    return inspection


@transaction.atomic
def inspection_draw(*, actor, inspection: Inspection, seed: str | None = None, size: int | None = None):
    """The office draws the panel (a sealed ledger event of the talent pool); not redone."""
    ensure_allowed(permissions.can_manage_projects(actor))
    inspection = (
        Inspection.objects.select_for_update()
        .select_related("project", "project__award__application")
        .get(pk=inspection.pk)
    )
    if inspection.draw_id:
        raise Conflict(_("已抽取专家，不能重新抽取"))
    if inspection.outcome:
        raise Conflict(_("该检查已有结论"))
    project = inspection.project
    label = _("%(k)s：%(p)s") % {"k": inspection.get_kind_display(), "p": project.title}
    item = draws.ItemInput(
        ref=f"P{project.pk}",
        field=project.award.application.field or project.title,
        organization_id=project.organization_id,
        title=label,
    )
    draw = draws.draw_run(
        actor=actor,
        purpose=label,
        items=[item],
        rules=rules_for("acceptance", size=size),
        seed=seed,
        subject=inspection,
    )
    inspection.draw_id = draw.pk
    inspection.save(update_fields=["draw_id"])
    return draw


def _sanction(*, project: Project, reason: str, starts_on: dt.date, ends_on: dt.date) -> Sanction:
    return Sanction.objects.create(
        organization_id=project.organization_id,
        person_id=project.leader_person_id,
        project=project,
        reason=reason[:300],
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def inspection_record(
    *,
    actor,
    inspection: Inspection,
    held_on: dt.date | None,
    outcome: str,
    opinion: str,
    recover_all: bool = False,
    rectify_until: dt.date | None = None,
) -> Inspection:
    """The meeting's result. For an acceptance the project's status follows the outcome."""
    ensure_allowed(permissions.can_manage_projects(actor))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    project = Project.objects.select_for_update().get(pk=inspection.project_id)
    if inspection.outcome:
        raise Conflict(_("该检查已有结论"))
    problems = []
    opinion = (opinion or "").strip()
    allowed = (
        {Inspection.Outcome.PASS, Inspection.Outcome.CONCLUDE, Inspection.Outcome.FAIL}
        if inspection.kind == Inspection.Kind.ACCEPTANCE
        else {Inspection.Outcome.PASS, Inspection.Outcome.CONCERN}
    )
    if outcome not in allowed:
        problems.append({"field": "outcome", "message": _("请选择结论")})
    if held_on is None or held_on > timezone.localdate():
        problems.append({"field": "held_on", "message": _("请填写会议日期（不晚于今天）")})
    if not opinion or len(opinion) > TEXT_MAX:
        problems.append({"field": "opinion", "message": _("请填写专家组意见（不超过 4000 字）")})
    if not inspection.draw_id:
        problems.append({"field": "draw", "message": _("请先抽取专家")})
    if problems:
        raise ValidationFailed(detail=problems)
    inspection.held_on, inspection.outcome, inspection.opinion = held_on, outcome, opinion
    inspection.rectify_until, inspection.decided_by = rectify_until, actor
    inspection.save(update_fields=["held_on", "outcome", "opinion", "rectify_until", "decided_by"])
    if inspection.kind == Inspection.Kind.ACCEPTANCE:
        _accept(actor=actor, project=project, inspection=inspection, recover_all=recover_all)
    audit.record(
        actor=actor, action="funds.inspection.record", obj=inspection, summary=inspection.get_outcome_display()
    )
    return inspection


def _accept(*, actor, project: Project, inspection: Inspection, recover_all: bool) -> None:
    outcome = inspection.outcome
    project.status = {
        Inspection.Outcome.PASS: Project.Status.PASSED,
        Inspection.Outcome.CONCLUDE: Project.Status.CONCLUDED,
        Inspection.Outcome.FAIL: Project.Status.FAILED,
    }[outcome]
    project.save(update_fields=["status"])
    # an acceptance done lifts the bar of an overdue acceptance
    Sanction.objects.filter(project=project, ends_on=UNTIL_DONE, lifted=False).update(lifted=True)
    if outcome == Inspection.Outcome.CONCLUDE:
        balance = unspent_balance(project)
        if balance > 0:
            repayment_due(actor=actor, project=project, amount=balance, reason=_("结题：缴回结余资金"))
    if outcome == Inspection.Outcome.FAIL:
        amount = paid_total(project) if recover_all else unspent_balance(project)
        if amount > 0:
            repayment_due(actor=actor, project=project, amount=amount, reason=_("验收不通过：收回资金"))
        held = inspection.held_on
        _sanction(
            project=project,
            reason=_("项目 %(n)s 验收不通过") % {"n": project.number},
            starts_on=held,
            ends_on=add_months(held, 12 * BAR_YEARS),
        )


@transaction.atomic
def acceptance_overdue_sanction(*, as_of: dt.date | None = None) -> list[Sanction]:
    """Bar the organizations of projects whose acceptance is more than 6 months past the end (once each)."""
    as_of = as_of or timezone.localdate()
    made = []
    projects = Project.objects.filter(status__in=[Project.Status.RUNNING, Project.Status.ACCEPTING])
    for project in projects:
        if acceptance_deadline(project) >= as_of:
            continue
        if Sanction.objects.filter(project=project, ends_on=UNTIL_DONE, lifted=False).exists():
            continue
        made.append(
            _sanction(
                project=project,
                reason=_("项目 %(n)s 逾期未验收") % {"n": project.number},
                starts_on=as_of,
                ends_on=UNTIL_DONE,
            )
        )
    for sanction in made:
        audit.record(actor=None, action="funds.sanction.overdue", obj=sanction, summary=sanction.reason)
    return made


@transaction.atomic
def project_terminate(*, actor, project: Project, reason: str, recover_all: bool = False) -> Project:
    """The office ends a project early (终止): the unspent balance (or everything paid) is recovered. Refused
    while a tranche is still under approval or awaiting payment."""
    ensure_allowed(permissions.can_manage_projects(actor))
    project = Project.objects.select_for_update().get(pk=project.pk)
    reason = (reason or "").strip()
    problems = []
    if project.status not in (Project.Status.AGREEMENT, Project.Status.RUNNING, Project.Status.ACCEPTING):
        problems.append({"field": "project", "message": _("该项目已结束，不能终止")})
    if project.tranches.filter(status__in=["requested", "approved"]).exists():
        problems.append({"field": "project", "message": _("请先办结审批中或待支付的拨付")})
    if not reason or len(reason) > 300:
        problems.append({"field": "reason", "message": _("请填写终止原因（不超过 300 字）")})
    if problems:
        raise ValidationFailed(detail=problems)
    project.status = Project.Status.TERMINATED
    project.save(update_fields=["status"])
    amount = paid_total(project) if recover_all else unspent_balance(project)
    if amount > 0:
        repayment_due(actor=actor, project=project, amount=amount, reason=_("项目终止：%(r)s") % {"r": reason})
    audit.record(actor=actor, action="funds.project.terminate", obj=project, summary=reason)
    return project
