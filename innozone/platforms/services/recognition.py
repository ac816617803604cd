"""Recognition of a platform or a team (认定), on the approval component:

    stage 1  the city's recommendation (the S&T bureau of the city the subject lies in)
    stage 2  the office's formal check (形式审查)
    stage 3  expert review: the office draws a panel from the expert pool (talent.services.draws, sealed in the
             ledger); the stage passes only when every panel member has submitted
    stage 4  公示: the notice is published when the stage opens (7 days by default, INNOZONE_PUBLICITY_DAYS);
             objections must be answered; the office then recognises with a document number and a date.

A refusal at any stage ends the application (the host may apply again)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed, ensure_allowed
from innozone.core.models import ApprovalFlow, ApprovalTask
from innozone.core.selectors import city_authority, office_organization
from innozone.core.uploads import attachment_problem
from innozone.enterprises import selectors as registry
from innozone.talent.panel_rules import rules_for
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.services import draws

from .. import permissions
from ..models import Level, Platform, Recognition, Team
from . import teams
from .history import event_add

STAGE_CITY, STAGE_CHECK, STAGE_REVIEW, STAGE_PUBLICITY = 1, 2, 3, 4
FLOWS = {"platform": ("platform-recognition", "创新平台认定"), "team": ("team-recognition", "创新团队认定")}
TEXT_MAX = 4000


def publicity_days() -> int:
    return int(getattr(settings, "INNOZONE_PUBLICITY_DAYS", 7))


def ensure_flow(which: str) -> ApprovalFlow:
    """The recognition flow (created on first use: the city, the office's check, expert review, 公示)."""
    code, name = FLOWS[which]

    def stages():
        office = office_organization()
        if office is None:
            raise ValidationFailed(_("系统中没有自创区办公室单位，无法开始认定流程"))
        return [
            [{"city": True, "deadline_days": 10}],
            [{"approver": office, "deadline_days": 5}],
            [{"approver": office, "deadline_days": 20}],
            [{"approver": office, "deadline_days": 5, "publicity_days": publicity_days()}],
        ]

    return approvals.flow_ensure(code=code, name=name, stages=stages)


def _subject_label(recognition: Recognition) -> str:
    subject = recognition.subject
    if recognition.platform_id:
        return _("%(level)s%(kind)s“%(name)s”") % {
            "level": recognition.get_level_display(),
            "kind": subject.kind.name,
            "name": subject.name,
        }
    return _("%(level)s创新团队“%(name)s”") % {"level": recognition.get_level_display(), "name": subject.name}


@transaction.atomic
def recognition_apply(
    *,
    actor,
    platform: Platform | None = None,
    team: Team | None = None,
    level: str,
    statement: str,
    tier: str = "",
    materials=None,
    figures: dict | None = None,
) -> Recognition:
    """The host applies for recognition of its platform or team: the approval starts at the city."""
    subject = platform or team
    if subject is None or (platform is not None and team is not None):
        raise ValidationFailed(_("请选择申请认定的平台或团队"))
    ensure_allowed(permissions.can_apply(actor, subject))
    problems = []
    statement = (statement or "").strip()
    if level not in Level.values:
        problems.append({"field": "level", "message": _("请选择申请级别")})
    if len(statement) < 10:
        problems.append({"field": "statement", "message": _("请填写申报说明（至少 10 个字）")})
    elif len(statement) > TEXT_MAX:
        problems.append({"field": "statement", "message": _("申报说明不能超过 %(n)s 个字") % {"n": TEXT_MAX}})
    if len(tier or "") > 20:
        problems.append({"field": "tier", "message": _("等级不能超过 20 个字")})
    if subject.status == "revoked":
        problems.append({"field": "subject", "message": _("已撤销的平台或团队不能申请认定")})
    if not (subject.field or "").strip():
        problems.append({"field": "field", "message": _("请先填写技术领域（专家按领域抽取）")})
    target = {"platform": subject} if platform is not None else {"team": subject}
    if Recognition.objects.filter(**target, status=Recognition.Status.PENDING).exists():
        problems.append({"field": "subject", "message": _("已有一份认定申请正在办理")})
    if materials is not None:
        problem = attachment_problem(materials)  # the allow-list of types, the size limit, not empty
        if problem:
            problems.append({"field": "materials", "message": problem})
    city = city_authority(subject.region_id)
    if city is None:
        problems.append({"field": "subject", "message": _("所在地区不属于任何市，无法确定推荐单位")})
    if problems:
        raise ValidationFailed(detail=problems)
    recognition = Recognition.objects.create(
        **target,
        level=level,
        tier=(tier or "").strip(),
        statement=statement,
        figures=figures or {},
        applicant=actor,
        status=Recognition.Status.PENDING,
    )
    if materials:
        recognition.materials = materials
        recognition.save(update_fields=["materials"])
    recognition.approval = approvals.approval_start(
        actor=actor,
        flow=ensure_flow("platform" if platform is not None else "team"),
        subject=recognition,
        applicant=subject.host,
        title=_("认定申请：%(s)s") % {"s": _subject_label(recognition)},
        city_approver=city,
    )
    recognition.save(update_fields=["approval"])
    event_add(actor=actor, subject=subject, action="apply", note=recognition.get_level_display())
    audit.record(actor=actor, action="platforms.recognition.apply", obj=recognition, summary=str(subject))
    return recognition


def recognition_get(recognition_id: int) -> Recognition:
    found = (
        Recognition.objects.select_related(
            "platform", "platform__kind", "platform__host", "team", "team__host", "approval"
        )
        .filter(pk=recognition_id)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def pending_task(recognition: Recognition, user) -> ApprovalTask | None:
    """The task of the recognition's current stage waiting for the user's organization, if any."""
    if recognition.approval_id is None or not user.is_authenticated:
        return None
    return (
        recognition.approval.tasks.filter(status=ApprovalTask.Status.PENDING, approver_id=user.organization_id)
        .select_related("step", "request")
        .first()
    )


def _item_people(recognition: Recognition) -> list[str]:
    subject = recognition.subject
    names = []
    if recognition.team_id:
        names = [subject.leader.name, *(m.person.name for m in subject.members.select_related("person"))]
    entry = registry.enterprise_of(subject.host_id)
    if entry is not None and entry.legal_representative:
        names.append(entry.legal_representative)
    return sorted(set(names))


@transaction.atomic
def recognition_draw(*, actor, recognition: Recognition, seed: str | None = None, size: int | None = None):
    """The office draws the review panel (stage 3). A second draw is refused while the first one's panel
    stands: a panel member with a conflict is replaced from the reserves, not by drawing again."""
    ensure_allowed(permissions.can_manage(actor))
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if recognition.status != Recognition.Status.PENDING or recognition.approval.stage != STAGE_REVIEW:
        raise Conflict(_("只有处于专家评审阶段的申请可以抽取专家"))
    if recognition.draw_id:
        raise Conflict(_("本申请已抽取专家（第 %(n)s 次抽取），不能重新抽取") % {"n": recognition.draw_id})
    subject = recognition.subject
    item = draws.ItemInput(
        ref=f"R{recognition.pk}",
        field=subject.field,
        organization_id=subject.host_id,
        people=_item_people(recognition),
        title=_("认定评审：%(s)s") % {"s": _subject_label(recognition)},
    )
    draw = draws.draw_run(
        actor=actor,
        purpose=_("认定评审：%(s)s") % {"s": _subject_label(recognition)},
        items=[item],
        rules=rules_for("recognition", size=size),
        seed=seed,
        subject=recognition,
    )
    recognition.draw_id = draw.pk
    recognition.save(update_fields=["draw_id"])
    event_add(actor=actor, subject=subject, action="draw", note=f"#{draw.pk}")
    return draw


@transaction.atomic
def recognition_decide(
    *,
    actor,
    recognition: Recognition,
    approve: bool,
    comment: str = "",
    document_number: str = "",
    recognised_on: dt.date | None = None,
) -> Recognition:
    """Decide the current stage for the actor's organization. At 公示 an approval is the recognition itself:
    it needs the document number and the date."""
    task = pending_task(recognition, actor)
    if task is None:
        raise Forbidden(_("当前环节不由您的单位办理"))
    if approve and task.stage == STAGE_PUBLICITY:
        document_number = (document_number or "").strip()
        problems = []
        if not document_number:
            problems.append({"field": "document_number", "message": _("请填写认定文号")})
        elif len(document_number) > 60:
            problems.append({"field": "document_number", "message": _("认定文号不能超过 60 个字")})
        elif Recognition.objects.filter(document_number=document_number).exclude(pk=recognition.pk).exists():
            problems.append({"field": "document_number", "message": _("该认定文号已被使用")})
        if recognised_on is None:
            problems.append({"field": "recognised_on", "message": _("请填写认定日期")})
        elif recognised_on > timezone.localdate():
            problems.append({"field": "recognised_on", "message": _("认定日期不能晚于今天")})
        if problems:
            raise ValidationFailed(detail=problems)
        Recognition.objects.filter(pk=recognition.pk).update(
            document_number=document_number, recognised_on=recognised_on
        )
    approvals.approval_decide(actor=actor, task=task, approve=approve, comment=comment)
    recognition.refresh_from_db()
    return recognition


# --- what the approval component calls -------------------------------------------------------------------


def _on_approved(*, request, actor, comment):
    recognition = Recognition.objects.select_for_update().get(pk=request.subject_id)
    subject = recognition.subject
    recognition.status = Recognition.Status.RECOGNISED
    recognition.save(update_fields=["status"])
    if recognition.team_id:  # one place writes a team's recognition: the teams service
        teams.team_recognise(
            actor=actor,
            team=subject,
            recognised_on=recognition.recognised_on,
            document_number=recognition.document_number,
            level=recognition.level,
        )
    else:
        before = subject.status
        subject.status = Platform.Status.RECOGNISED
        subject.level = recognition.level
        if recognition.tier:
            subject.tier = recognition.tier
        subject.recognised_on, subject.document_number = recognition.recognised_on, recognition.document_number
        subject.save()
        event_add(
            actor=actor,
            subject=subject,
            action="recognise",
            before=before,
            after=subject.status,
            note=recognition.document_number,
        )
    audit.record(
        actor=actor,
        action="platforms.recognition.recognise",
        obj=recognition,
        summary=str(subject),
        after={"document_number": recognition.document_number, "recognised_on": str(recognition.recognised_on)},
    )


def _on_rejected(*, request, actor, comment):
    recognition = Recognition.objects.get(pk=request.subject_id)
    recognition.status = Recognition.Status.REJECTED
    recognition.save(update_fields=["status"])
    event_add(actor=actor, subject=recognition.subject, action="reject", note=comment)
    audit.record(actor=actor, action="platforms.recognition.reject", obj=recognition, summary=comment[:200])


def _link(request) -> str:
    return reverse("platforms:recognition", args=[request.subject_id])


def _notice(request) -> tuple[str, str]:
    recognition = Recognition.objects.select_related("platform", "team").get(pk=request.subject_id)
    subject = recognition.subject
    label = _subject_label(recognition)
    summary = draw_selectors.review_summary(recognition)
    lines = [
        _("经申报、推荐、形式审查和专家评审，拟认定%(s)s，现予公示。") % {"s": label},
        _("依托单位：%(h)s") % {"h": subject.host.name},
        _("技术领域：%(f)s") % {"f": subject.field},
    ]
    if summary["mean"] is not None:
        lines.append(_("专家评审平均分：%(m)s") % {"m": summary["mean"]})
    lines.append(
        _("公示期内，如有异议，请以真实姓名或单位名义在本页提出，写明事实和理由并留下联系方式，逾期不予受理。")
    )
    return _("关于拟认定%(s)s的公示") % {"s": label}, "\n".join(lines)


def _guard(task) -> str | None:
    if task.stage == STAGE_REVIEW:
        recognition = Recognition.objects.get(pk=task.request.subject_id)
        summary = draw_selectors.review_summary(recognition)
        if summary["draw"] is None:
            return _("尚未抽取评审专家")
        if not summary["complete"]:
            return _("专家评审尚未完成（已提交 %(a)s / %(b)s）") % {"a": summary["submitted"], "b": summary["members"]}
    if task.stage == STAGE_PUBLICITY:
        recognition = Recognition.objects.get(pk=task.request.subject_id)
        if not recognition.document_number or recognition.recognised_on is None:
            return _("请在认定申请页面填写认定文号和认定日期后办理")
    return None


def register_approval_handlers() -> None:
    approvals.register(
        "platforms.Recognition",
        on_approved=_on_approved,
        on_rejected=_on_rejected,
        link=_link,
        notice=_notice,
        guard=_guard,
    )
