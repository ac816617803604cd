"""Cases (办件) from submission to acceptance: the application with its materials and 容缺, the case number,
acceptance (受理), refusal (不予受理) and 补正 with a one-time complete list (一次性告知), the applicant's answer
and the 容缺 materials supplied later, withdrawal.

Rules (sources: 行政许可法 第三十二条, 国务院办公厅关于全面实行行政许可事项清单管理的通知, the zone's 容缺受理
practice in ../shared/research/rules-and-anchors.md §4):
- a case number is BJ<year>-<6-digit sequence of the year>, unique, taken under the unique constraint with a
  retry, so two submissions at the same moment never share one;
- every material the item requires is uploaded, except a `may_defer` material when the item allows 容缺受理:
  the applicant signs a promise and names a date no later than the item's promised handling time (working
  days from today); the case is then `deferred` and cannot be approved until they are supplied;
- acceptance is decided within `acceptance_days` working days of receipt (of the answer after a 补正);
- 补正 lists EVERYTHING at once (material + problem); before acceptance it may be asked once — a case still
  incomplete after its answer is refused, not corrected again; after acceptance once more for the handling;
  while a 补正 is out the clock stops (a ClockPause of reason `correction`, ended by the answer);
- acceptance starts the clock: limit = statutory days for 行政许可 items (the law's limit), promised days for
  the others (the item's own calendar); with parallel departments it opens an approval request (one stage, a
  step per department, all must agree; services/cases_handling.py);
- the applicant may withdraw until the decision.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit, workdays
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.uploads import attachment_problem

from ..models import Case, CaseMaterial, ClockPause, Correction, ServiceItem
from ..permissions import cases as permissions
from ..selectors import cases as selectors
from .cases_base import (
    applicant_users,
    case_link,
    clean,
    deferred_missing,
    department_users,
    event,
    limit_for,
    lock,
    notify,
    refresh_due,
    running_status,
)
from .cases_branches import branches_open

__all__ = [  # the services, and the helpers the views, the daily task and the demo read from here
    "case_accept",
    "case_answer",
    "case_correct",
    "case_link",
    "case_refuse",
    "case_submit",
    "case_supply",
    "case_withdraw",
    "cases_refresh_due",
    "deferred_missing",
    "limit_for",
]


def _number_prefix(moment: dt.datetime) -> str:
    return f"BJ{timezone.localtime(moment).year}-"


def _next_number(prefix: str) -> str:
    used = Case.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    top = max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{top + 1:06d}"


# ------------------------------------------------------------------------------------------------ submission


def _material_problems(item, files: dict, deferred_ids: set[int], *, promise: bool, deferred_until, today):
    problems = []
    materials = list(item.materials.all())
    known = {m.pk for m in materials}
    for key in files:
        if key not in known:
            problems.append({"field": f"material_{key}", "message": _("材料 %(k)s 不属于该事项") % {"k": key}})
    for m in materials:
        upload = files.get(m.pk)
        field = f"material_{m.pk}"
        if upload is not None:
            problem = attachment_problem(upload)
            if problem:
                problems.append({"field": field, "message": problem})
            continue
        if not m.required:
            continue
        if m.pk in deferred_ids:
            if not (item.allows_deferral and m.may_defer):
                problems.append({"field": field, "message": _("“%(m)s”不能容缺后补，请上传") % {"m": m.name}})
            continue
        problems.append({"field": field, "message": _("请上传“%(m)s”") % {"m": m.name}})
    deferring = [m for m in materials if m.pk in deferred_ids and files.get(m.pk) is None]
    if deferring:
        if not promise:
            problems.append({"field": "promise", "message": _("容缺受理须勾选并签署承诺书")})
        latest = selectors.deferral_latest(item, on=today)
        if deferred_until is None:
            problems.append({"field": "deferred_until", "message": _("请填写容缺材料的补齐日期")})
        elif deferred_until <= today:
            problems.append({"field": "deferred_until", "message": _("容缺材料补齐日期须晚于今天")})
        elif deferred_until > latest:
            problems.append(
                {
                    "field": "deferred_until",
                    "message": _("容缺材料补齐日期不得晚于承诺办结时限（%(d)s）") % {"d": latest.isoformat()},
                }
            )
    return problems, deferring


def case_submit(
    *,
    actor,
    item: ServiceItem,
    title: str,
    contact: str = "",
    phone: str = "",
    description: str = "",
    files: dict[int, object] | None = None,
    deferred_ids=(),
    promise: bool = False,
    deferred_until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """A new case for `item` by the actor's organization: every required material uploaded or, under 容缺,
    promised by a date within the promised handling time. `files` maps ItemMaterial ids to uploads."""
    ensure_allowed(permissions.can_apply(actor, item))
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    files = {int(k): v for k, v in (files or {}).items() if v is not None}
    deferred_ids = {int(i) for i in deferred_ids}
    title = clean(title, 200) or item.name
    problems = []
    if not clean(contact, 50):
        problems.append({"field": "contact", "message": _("请填写联系人")})
    if not clean(phone, 30):
        problems.append({"field": "phone", "message": _("请填写联系电话")})
    more, deferring = _material_problems(
        item, files, deferred_ids, promise=promise, deferred_until=deferred_until, today=today
    )
    problems += more
    if problems:
        raise ValidationFailed(_("申请还不能提交，请处理以下 %(n)s 个问题") % {"n": len(problems)}, detail=problems)
    prefix = _number_prefix(now)
    with transaction.atomic():
        case = None
        for _attempt in range(8):  # a concurrent submission took the number: take the next one
            try:
                with transaction.atomic():
                    case = Case.objects.create(
                        number=_next_number(prefix),
                        item=item,
                        applicant=actor.organization,
                        submitted_by=actor,
                        title=title,
                        data={
                            "contact": clean(contact, 50),
                            "phone": clean(phone, 30),
                            "description": clean(description),
                            "promise": bool(deferring),
                        },
                        submitted_at=now,
                        deferred=bool(deferring),
                        deferred_until=deferred_until if deferring else None,
                        is_demo=item.is_demo,
                    )
                break
            except IntegrityError:
                continue
        if case is None:
            raise Conflict(_("办件编号分配冲突，请重试"))
        by_id = {m.pk: m for m in item.materials.all()}
        for material_id, upload in files.items():
            CaseMaterial.objects.create(
                case=case, material=by_id[material_id], name=by_id[material_id].name, file=upload
            )
        text = _("提交申请")
        if deferring:
            text = _("提交申请（容缺：%(m)s，承诺 %(d)s 前补齐）") % {
                "m": "、".join(m.name for m in deferring),
                "d": deferred_until.isoformat(),
            }
        event(case, "submit", text, actor=actor, at=now)
        audit.record(
            actor=actor,
            action="onestop.case.submit",
            obj=case,
            summary=f"{case.number} {case.title}",
            after={"item": item.code, "deferred": case.deferred},
        )
        notify(
            case,
            department_users(case),
            _("新的办件待受理：%(n)s") % {"n": case.number},
            _("%(a)s 申请“%(i)s”。") % {"a": case.applicant.name, "i": item.name},
            f"onestop-submit-{case.pk}",
        )
        notify(
            case,
            applicant_users(case),
            _("申请已提交：%(n)s") % {"n": case.number},
            _("“%(i)s”已提交，办件编号 %(n)s，等待受理。") % {"i": item.name, "n": case.number},
            f"onestop-submitted-{case.pk}",
        )
    return case


# ------------------------------------------------------------------------------------------------ acceptance


def _pending_correction(case: Case) -> Correction | None:
    return case.corrections.filter(answered_at__isnull=True).first()


@transaction.atomic
def case_accept(*, actor, case: Case, note: str = "", now: dt.datetime | None = None, deemed: bool = False) -> Case:
    """受理: the clock starts (limit by the item's clock rule); with parallel departments the branches open.
    `deemed` (the daily task, 行政许可法 第三十二条): a licence case not decided within the acceptance period is
    accepted on the day of receipt."""
    case = lock(case)
    if not deemed:
        ensure_allowed(permissions.can_handle(actor, case))
    if case.status != Case.Status.SUBMITTED:
        raise Conflict(_("只有待受理的办件可以受理"))
    now = now or timezone.now()
    case.status = Case.Status.ACCEPTED
    case.accepted_at = case.submitted_at if deemed else now
    case.accepted_by = None if deemed else actor
    case.limit_days = limit_for(case.item)
    case.save()
    case.due_on = selectors.due_date(case)
    case.save(update_fields=["due_on"])
    if deemed:
        text = _("受理期限内未作出决定，自收到申请之日起视为受理（行政许可法第三十二条）")
    else:
        text = _("已受理，办结时限 %(d)s 个工作日") % {"d": case.limit_days}
        if clean(note):
            text = f"{text}：{clean(note, 300)}"
    event(case, "accept", text, actor=None if deemed else actor, at=now)
    audit.record(
        actor=actor,
        action="onestop.case.deemed_accept" if deemed else "onestop.case.accept",
        obj=case,
        summary=case.number,
        after={"limit_days": case.limit_days, "due_on": case.due_on},
    )
    notify(
        case,
        applicant_users(case),
        _("办件已受理：%(n)s") % {"n": case.number},
        _("办结期限 %(d)s（%(l)s 个工作日，不含补正、专家评审等不计时环节）。")
        % {"d": case.due_on.isoformat() if case.due_on else "—", "l": case.limit_days},
        f"onestop-accept-{case.pk}",
    )
    if case.item.branch_departments.exists():
        branches_open(actor=actor, case=case, now=now)
    return case


@transaction.atomic
def case_refuse(*, actor, case: Case, reason: str, now: dt.datetime | None = None) -> Case:
    """不予受理 with the reason (the applicant is told why and may apply again)."""
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    if case.status != Case.Status.SUBMITTED:
        raise Conflict(_("只有待受理的办件可以不予受理"))
    reason = clean(reason)
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写不予受理的理由")}])
    now = now or timezone.now()
    case.status = Case.Status.REFUSED
    case.refusal_reason = reason
    case.decided_at = now
    case.save()
    event(case, "refuse", _("不予受理：%(r)s") % {"r": reason[:300]}, actor=actor, at=now)
    audit.record(actor=actor, action="onestop.case.refuse", obj=case, summary=case.number, after={"reason": reason})
    notify(case, applicant_users(case), _("不予受理：%(n)s") % {"n": case.number}, reason, f"onestop-refuse-{case.pk}")
    return case


def _correction_items(items) -> tuple[list[dict], list[dict]]:
    rows, problems = [], []
    for n, raw in enumerate(items or [], start=1):
        material = clean((raw or {}).get("material"), 200)
        problem = clean((raw or {}).get("problem"), 500)
        if not material and not problem:
            continue
        if not material or not problem:
            problems.append({"field": "items", "row": n, "message": _("第 %(n)s 项须同时写明材料和问题") % {"n": n}})
            continue
        rows.append({"material": material, "problem": problem})
    if not rows and not problems:
        problems.append({"field": "items", "message": _("请一次性列明需要补正的全部材料和问题")})
    return rows, problems


@transaction.atomic
def case_correct(*, actor, case: Case, items: list[dict], now: dt.datetime | None = None) -> Correction:
    """补正 with the one-time complete list. Before acceptance it may be asked once; after acceptance (during
    handling) once more; the clock stops until the answer."""
    case = lock(case)
    ensure_allowed(permissions.can_handle(actor, case))
    if case.status not in (Case.Status.SUBMITTED, Case.Status.ACCEPTED):
        raise Conflict(_("当前状态不能要求补正"))
    rows, problems = _correction_items(items)
    if problems:
        raise ValidationFailed(_("补正清单有误"), detail=problems)
    before_acceptance = case.accepted_at is None
    earlier = case.corrections.all()
    if before_acceptance and earlier.exists():
        raise Conflict(_("已一次性告知过补正内容，不得再次要求补正；材料仍不齐全的，请作出不予受理决定"))
    if not before_acceptance and earlier.filter(issued_at__gte=case.accepted_at).exists():
        raise Conflict(_("受理后已要求过一次补正，不得再次要求补正"))
    if selectors.open_pause(case):
        raise Conflict(_("计时暂停期间不能要求补正，请先恢复计时"))
    now = now or timezone.now()
    correction = Correction.objects.create(case=case, items=rows, issued_by=actor)
    Correction.objects.filter(pk=correction.pk).update(issued_at=now)
    correction.issued_at = now
    ClockPause.objects.create(
        case=case,
        reason=ClockPause.Reason.CORRECTION,
        started_on=timezone.localtime(now).date(),
        note=_("补正材料"),
        created_by=actor,
    )
    case.status = Case.Status.CORRECTING
    case.save(update_fields=["status"])
    refresh_due(case)
    listing = "；".join(f"{r['material']}：{r['problem']}" for r in rows)
    event(case, "correct", _("一次性告知补正（%(n)s 项）：%(l)s") % {"n": len(rows), "l": listing}, actor=actor, at=now)
    audit.record(actor=actor, action="onestop.case.correct", obj=case, summary=case.number, after={"items": rows})
    notify(
        case,
        applicant_users(case),
        _("请补正材料：%(n)s") % {"n": case.number},
        listing,
        f"onestop-correct-{correction.pk}",
    )
    return correction


@transaction.atomic
def case_answer(
    *, actor, case: Case, note: str = "", files: list | None = None, now: dt.datetime | None = None
) -> Case:
    """The applicant answers the 补正 with files (at least one) and a note; the pause ends, and the case goes
    back to acceptance (before acceptance) or to handling."""
    case = lock(case)
    ensure_allowed(permissions.can_act_as_applicant(actor, case))
    if case.status != Case.Status.CORRECTING:
        raise Conflict(_("该办件没有待答复的补正"))
    correction = _pending_correction(case)
    files = [f for f in (files or []) if f is not None]
    problems = []
    if not files:
        problems.append({"field": "files", "message": _("请上传补正后的材料")})
    for upload in files:
        problem = attachment_problem(upload)
        if problem:
            problems.append({"field": "files", "message": problem})
    if problems:
        raise ValidationFailed(_("补正还不能提交"), detail=problems)
    now = now or timezone.now()
    for upload in files:
        CaseMaterial.objects.create(
            case=case, name=(_("补正材料：%(f)s") % {"f": upload.name})[:200], file=upload, correction=correction
        )
    correction.answered_at = now
    correction.answer_note = clean(note)
    correction.save(update_fields=["answered_at", "answer_note"])
    case.pauses.filter(reason=ClockPause.Reason.CORRECTION, ended_on__isnull=True).update(
        ended_on=timezone.localtime(now).date()
    )
    case.status = Case.Status.SUBMITTED if case.accepted_at is None else running_status(case)
    case.save(update_fields=["status"])
    refresh_due(case)
    event(case, "answer", _("已提交补正材料（%(n)s 个文件）") % {"n": len(files)}, actor=actor, at=now)
    audit.record(
        actor=actor,
        action="onestop.case.answer",
        obj=case,
        summary=case.number,
        after={"files": [f.name for f in files]},
    )
    notify(
        case,
        department_users(case),
        _("补正材料已提交：%(n)s") % {"n": case.number},
        correction.answer_note,
        f"onestop-answer-{correction.pk}",
    )
    return case


@transaction.atomic
def case_supply(*, actor, case: Case, files: dict[int, object], now: dt.datetime | None = None) -> Case:
    """The 容缺 materials supplied later: each upload for a material the case does not yet hold; when none is
    missing any more the deferral is done."""
    case = lock(case)
    ensure_allowed(permissions.can_act_as_applicant(actor, case))
    if not case.deferred or case.deferred_done_at:
        raise Conflict(_("该办件没有待补齐的容缺材料"))
    if case.status not in permissions.OPEN:
        raise Conflict(_("办件已办结，不能再补交材料"))
    missing = {m.pk: m for m in deferred_missing(case)}
    files = {int(k): v for k, v in (files or {}).items() if v is not None}
    problems = []
    if not files:
        problems.append({"field": "files", "message": _("请上传容缺后补的材料")})
    for key, upload in files.items():
        if key not in missing:
            problems.append({"field": f"material_{key}", "message": _("该材料不在待补齐清单中")})
            continue
        problem = attachment_problem(upload)
        if problem:
            problems.append({"field": f"material_{key}", "message": problem})
    if problems:
        raise ValidationFailed(_("容缺材料还不能提交"), detail=problems)
    now = now or timezone.now()
    for key, upload in files.items():
        CaseMaterial.objects.create(case=case, material=missing[key], name=missing[key].name, file=upload)
    done = len(files) == len(missing)
    if done:
        case.deferred_done_at = now
        case.save(update_fields=["deferred_done_at"])
    names = "、".join(missing[k].name for k in files)
    event(
        case,
        "supply",
        (_("容缺材料已补齐：%(m)s") if done else _("补交容缺材料：%(m)s")) % {"m": names},
        actor=actor,
        at=now,
    )
    audit.record(
        actor=actor,
        action="onestop.case.supply",
        obj=case,
        summary=case.number,
        after={"materials": list(files), "done": done},
    )
    notify(
        case,
        department_users(case),
        _("容缺材料已补交：%(n)s") % {"n": case.number},
        names,
        f"onestop-supply-{case.pk}-{len(missing)}",
    )
    return case


@transaction.atomic
def case_withdraw(*, actor, case: Case, reason: str = "", now: dt.datetime | None = None) -> Case:
    """The applicant withdraws before the decision; open pauses end and open branches are withdrawn."""
    case = lock(case)
    ensure_allowed(permissions.can_act_as_applicant(actor, case))
    if case.status not in permissions.OPEN:
        raise Conflict(_("办件已办结，不能撤回"))
    now = now or timezone.now()
    case.pauses.filter(ended_on__isnull=True).update(ended_on=timezone.localtime(now).date())
    if case.approval_id and case.approval.status == "pending":
        from innozone.core.models import ApprovalTask

        case.approval.status = "withdrawn"
        case.approval.decided_at = now
        case.approval.save(update_fields=["status", "decided_at"])
        case.approval.tasks.filter(status__in=["pending", "waiting"]).update(status=ApprovalTask.Status.SKIPPED)
    case.status = Case.Status.WITHDRAWN
    case.decided_at = now
    case.save(update_fields=["status", "decided_at"])
    event(
        case,
        "withdraw",
        _("申请人撤回申请") + (f"：{clean(reason, 300)}" if clean(reason) else ""),
        actor=actor,
        at=now,
    )
    audit.record(actor=actor, action="onestop.case.withdraw", obj=case, summary=case.number)
    notify(
        case,
        department_users(case),
        _("办件已撤回：%(n)s") % {"n": case.number},
        clean(reason, 300),
        f"onestop-withdraw-{case.pk}",
    )
    return case


def cases_refresh_due(*, since: dt.date) -> int:
    """Recompute the stored due date of every running case the office's calendar change on or after `since`
    may move (called by services/calendar.py when an override is set or removed). Returns how many changed."""
    is_workday = workdays.calendar()
    running = (
        Case.objects.filter(status__in=selectors.RUNNING, accepted_at__isnull=False)
        .exclude(due_on__lt=since)
        .select_related("item")
        .prefetch_related("pauses")
    )
    changed = 0
    for case in running:
        due = selectors.due_date(case, is_workday=is_workday)
        if due != case.due_on:
            Case.objects.filter(pk=case.pk).update(due_on=due)
            changed += 1
    return changed
