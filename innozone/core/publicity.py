"""公示 (public notice) — the reusable publicity step of the approval component.

A flow step with `publicity_days > 0` is a publicity stage: when the stage opens, a notice is published
(title and body from the subject's app, `approvals.register(..., notice=…)`) on the public page `/notices/`
for that many calendar days. Anyone may file an objection (异议) while it runs, with a real name and a contact;
the approver answers each one. The stage's task can be approved only when the notice has ended and every
objection is answered (`publicity_blocker`); an upheld objection does not decide by itself — the approver
then rejects with a reason.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .errors import Conflict, Forbidden, NotFound, ValidationFailed
from .inbox import notice_send
from .models import ApprovalRequest, Objection, Publicity, User
from .permissions import is_read_only

DEFAULT_DAYS = 7
TEXT_MAX = 4000


def publicity_open(*, request: ApprovalRequest, stage: int, days: int, title: str, body: str) -> Publicity:
    """Publish the notice of a publicity stage (called when the stage opens)."""
    now = timezone.now()
    publicity, _created = Publicity.objects.get_or_create(
        request=request,
        stage=stage,
        defaults={
            "title": title[:200],
            "body": body,
            "starts_at": now,
            "ends_at": now + dt.timedelta(days=max(days, 1)),
            "days": max(days, 1),
        },
    )
    return publicity


def publicity_of(request: ApprovalRequest, stage: int | None = None) -> Publicity | None:
    qs = Publicity.objects.filter(request=request)
    if stage is not None:
        qs = qs.filter(stage=stage)
    return qs.order_by("-stage").first()


def publicity_blocker(request: ApprovalRequest, stage: int, *, now=None) -> str | None:
    """Why the publicity stage cannot pass yet (None: it may)."""
    publicity = publicity_of(request, stage)
    if publicity is None:
        return _("公示尚未发布")
    now = now or timezone.now()
    if now < publicity.ends_at:
        return _("公示期未满（截止 %(t)s），期满后方可办理") % {
            "t": timezone.localtime(publicity.ends_at).strftime("%Y-%m-%d %H:%M")
        }
    open_count = publicity.objections.filter(answered_at__isnull=True).count()
    if open_count:
        return _("还有 %(n)s 条异议未答复，答复后方可办理") % {"n": open_count}
    return None


def notices_public(*, now=None) -> QuerySet[Publicity]:
    """Notices shown on the public page: running ones first, then those ended in the last 30 days."""
    now = now or timezone.now()
    return (
        Publicity.objects.filter(withdrawn=False, ends_at__gte=now - dt.timedelta(days=30), starts_at__lte=now)
        .annotate(objection_count=Count("objections"))
        .order_by("-ends_at", "-id")
    )


def notice_get(publicity_id: int) -> Publicity:
    publicity = Publicity.objects.filter(pk=publicity_id, withdrawn=False).select_related("request").first()
    if publicity is None:
        raise NotFound()
    return publicity


def is_running(publicity: Publicity, *, now=None) -> bool:
    now = now or timezone.now()
    return publicity.starts_at <= now < publicity.ends_at and not publicity.withdrawn


@transaction.atomic
def objection_file(*, actor, publicity: Publicity, name: str, contact: str, text: str) -> Objection:
    """File an objection to a running notice (anyone; a signed-in user is recorded too)."""
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if not is_running(publicity):
        raise Conflict(_("公示期已结束，不再受理异议"))
    problems = []
    name, contact, text = (name or "").strip(), (contact or "").strip(), (text or "").strip()
    if not name:
        problems.append({"field": "name", "message": _("请填写提出人或单位的真实名称")})
    elif len(name) > 100:
        problems.append({"field": "name", "message": _("名称不能超过 100 个字")})
    if not contact:
        problems.append({"field": "contact", "message": _("请填写联系方式，以便答复")})
    elif len(contact) > 100:
        problems.append({"field": "contact", "message": _("联系方式不能超过 100 个字")})
    if len(text) < 5:
        problems.append({"field": "text", "message": _("请写明异议的事实和理由（至少 5 个字）")})
    elif len(text) > TEXT_MAX:
        problems.append({"field": "text", "message": _("异议内容不能超过 %(n)s 个字") % {"n": TEXT_MAX}})
    if problems:
        raise ValidationFailed(detail=problems)
    user = actor if getattr(actor, "is_authenticated", False) else None
    objection = Objection.objects.create(publicity=publicity, name=name, contact=contact, text=text, filed_by=user)
    audit.record(actor=user, action="core.publicity.objection", obj=publicity, summary=publicity.title)
    approvers = publicity.request.tasks.filter(stage=publicity.stage).values_list("approver_id", flat=True)
    recipients = list(User.objects.filter(organization_id__in=list(approvers), is_active=True))
    transaction.on_commit(
        lambda: notice_send(
            recipients=recipients,
            title=_("公示收到异议：%(t)s") % {"t": publicity.title},
            link=f"/notices/{publicity.pk}/",
            dedupe_key=f"objection:{objection.pk}",
        )
    )
    return objection


def can_answer(user, publicity: Publicity):
    if not user.is_authenticated or is_read_only(user):
        return False, _("只读账号不能答复异议")
    approvers = set(publicity.request.tasks.filter(stage=publicity.stage).values_list("approver_id", flat=True))
    if user.organization_id in approvers:
        return True, ""
    return False, _("只有公示环节的办理单位可以答复异议")


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, upheld: bool) -> Objection:
    objection = Objection.objects.select_for_update().select_related("publicity").get(pk=objection.pk)
    allowed, reason = can_answer(actor, objection.publicity)
    if not allowed:
        raise Forbidden(reason)
    if objection.answered_at is not None:
        raise Conflict(_("该异议已答复"))
    answer = (answer or "").strip()
    if len(answer) < 2:
        raise ValidationFailed(detail=[{"field": "answer", "message": _("请填写答复内容")}])
    if len(answer) > TEXT_MAX:
        raise ValidationFailed(detail=[{"field": "answer", "message": _("答复不能超过 %(n)s 个字") % {"n": TEXT_MAX}}])
    objection.answer, objection.upheld = answer, bool(upheld)
    objection.answered_by, objection.answered_at = actor, timezone.now()
    objection.save(update_fields=["answer", "upheld", "answered_by", "answered_at"])
    audit.record(
        actor=actor,
        action="core.publicity.answer",
        obj=objection.publicity,
        summary=objection.publicity.title,
        after={"objection": objection.pk, "upheld": objection.upheld},
    )
    if objection.filed_by_id:
        filer = objection.filed_by
        transaction.on_commit(
            lambda: notice_send(
                recipients=[filer],
                title=_("您的异议已答复：%(t)s") % {"t": objection.publicity.title},
                link=f"/notices/{objection.publicity_id}/",
                dedupe_key=f"objection-answer:{objection.pk}",
            )
        )
    return objection


def objection_get(objection_id: int) -> Objection:
    objection = Objection.objects.select_related("publicity").filter(pk=objection_id).first()
    if objection is None:
        raise NotFound()
    return objection


def unanswered_for(user) -> QuerySet[Objection]:
    """Objections waiting for an answer from the user's organization."""
    if not user.is_authenticated or user.organization_id is None:
        return Objection.objects.none()
    return (
        Objection.objects.filter(answered_at__isnull=True)
        .filter(Q(publicity__request__tasks__approver_id=user.organization_id))
        .distinct()
        .select_related("publicity")
    )
