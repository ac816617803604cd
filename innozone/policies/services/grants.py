"""免申即享: the office generates a list of the enterprises a no-application clause matches on a date (the rule
as compared is kept with the list; each entry keeps the facts compared, every condition's outcome and a
determination id), may exclude entries with a reason, and submits it for the department's second confirmation
through the approval component (flow `policies.grant_list`, one step whose approver is the unit leading the
policy, else INNOZONE_POLICIES_GRANT_CONFIRM_ORG — the office does not confirm its own list: core.approvals
refuses an approver deciding on its own organization's request). On approval one Grant per listed entry is
made, each a money event `policy.grant`, and every user of a granted organization gets a notice. Finance or the
office records the payment (another `policy.grant` event); the office may revoke a grant with a reason.

An organization already granted the clause (a grant not revoked) is listed as excluded, never granted twice;
an entry whose amount cannot be estimated (the figure of the amount rule is unknown) is excluded with that
reason. One list per clause may be open (draft, confirming) at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.models import ApprovalFlow, Organization, User
from innozone.core.selectors import office_organization

from ..engine import amounts, rules
from ..models import Clause, Grant, GrantEntry, GrantList
from ..permissions import matching as permissions
from ..selectors import facts as facts_selectors
from ..selectors import matching as matching_selectors
from ..selectors.library import clause_in_force
from . import events

FLOW = ("policies.grant_list", "免申即享清单部门确认")
OPEN_STATUSES = (GrantList.Status.DRAFT, GrantList.Status.CONFIRMING)
REASON_MAX = 300


def confirm_org_name() -> str:
    return getattr(settings, "INNOZONE_POLICIES_GRANT_CONFIRM_ORG", "甘肃省科学技术厅")


def confirming_organization(clause: Clause) -> Organization | None:
    """Who confirms a list of this clause: the unit leading the policy, else the configured department; never
    the office itself (it made the list)."""
    office = office_organization()
    owner = clause.policy.owner
    if owner is not None and (office is None or owner.pk != office.pk):
        return owner
    return Organization.objects.filter(name=confirm_org_name(), is_active=True).first()


def ensure_flow() -> ApprovalFlow:
    """One step whose approver is given per request (the `city` approver slot of core.approvals)."""
    return approvals.flow_ensure(
        code=FLOW[0], name=FLOW[1], stages=lambda: [[{"approver": None, "city": True, "deadline_days": 5}]]
    )


def _entry_rows(clause: Clause, as_of: dt.date) -> list[dict]:
    data = facts_selectors.bulk(as_of)
    condition = clause.condition if not rules.is_empty(clause.condition) else {}
    mask = rules.compile(condition)(data.columns)
    granted = dict(
        Grant.objects.filter(clause=clause)
        .exclude(status=Grant.Status.REVOKED)
        .values_list("organization_id", "entry__grant_list_id")
    )
    rows = []
    for i in mask.nonzero()[0]:
        i = int(i)
        facts = data.columns.facts(i)
        explanation = rules.explain(condition, facts, normalized=True)
        if not explanation.eligible:  # the two paths disagree: never grant on that
            raise AssertionError(f"bulk and explain disagree for {data.usccs[i]}")
        org_id = int(data.organization_ids[i])
        amount = matching_selectors._bulk_amount(clause, data, i)
        used = sorted(rules.variables_of(condition)) if condition else []
        trace = {
            "clause": clause.pk,
            "version": clause.version,
            "as_of": as_of.isoformat(),
            "uscc": data.usccs[i],
            "facts": {k: facts[k] for k in used},
            "conditions": [c.as_dict() for c in explanation.conditions],
            "eligible": True,
            "amount": None if amount is None else f"{amount:.2f}",
        }
        status, reason = GrantEntry.Status.LISTED, ""
        if org_id in granted:
            status = GrantEntry.Status.EXCLUDED
            reason = _("已兑现过该条款（清单 #%(n)s）") % {"n": granted[org_id] or "-"}
        elif amount is None and amounts.kind_of(clause.amount_rule or {}) != "none":
            status, reason = GrantEntry.Status.EXCLUDED, _("缺少计算金额所需的年度数据，无法测算金额")
        rows.append(
            {
                "organization_id": org_id,
                "amount": amount if amount is not None else Decimal("0.00"),
                "trace": trace,
                "determination_id": rules.determination_id(condition, clause.version, facts),
                "status": status,
                "excluded_reason": reason,
            }
        )
    return rows


def _total(grant_list: GrantList) -> Decimal:
    listed = grant_list.entries.filter(status__in=[GrantEntry.Status.LISTED, GrantEntry.Status.GRANTED])
    return sum((e.amount for e in listed), Decimal("0.00"))


@transaction.atomic
def grant_list_create(*, actor, clause: Clause, as_of: dt.date | None = None, note: str = "") -> GrantList:
    """Compare the clause with the registry on `as_of` (default today) and list every enterprise it matches."""
    ensure_allowed(permissions.can_manage_grants(actor))
    today = timezone.localdate()
    as_of = as_of or today
    note = (note or "").strip()
    clause = Clause.objects.select_for_update().select_related("policy").get(pk=clause.pk)
    problems = []
    if not clause.no_application:
        problems.append({"field": "clause", "message": _("该条款不是免申即享条款")})
    if not clause_in_force(clause, as_of):
        problems.append({"field": "clause", "message": _("该条款在比对日期未生效（未发布、已停用或政策已失效）")})
    if as_of > today:
        problems.append({"field": "as_of", "message": _("比对日期不能晚于今天")})
    if rules.validate(clause.condition if not rules.is_empty(clause.condition) else {}):
        problems.append({"field": "clause", "message": _("条款的申享条件有误，请先在政策库中修改")})
    if amounts.validate(clause.amount_rule or {}):
        problems.append({"field": "clause", "message": _("条款的金额规则有误，请先在政策库中修改")})
    if len(note) > REASON_MAX:
        problems.append({"field": "note", "message": _("说明不能超过 %(n)s 字") % {"n": REASON_MAX}})
    if problems:
        raise ValidationFailed(detail=problems)
    if GrantList.objects.filter(clause=clause, status__in=OPEN_STATUSES).exists():
        raise Conflict(_("该条款已有待提交或部门确认中的清单，请先处理该清单"))
    grant_list = GrantList.objects.create(
        clause=clause,
        as_of=as_of,
        rule_version=clause.version,
        rule_snapshot={"condition": clause.condition, "amount_rule": clause.amount_rule, "text": clause.condition_text},
        created_by=actor,
        note=note,
    )
    GrantEntry.objects.bulk_create([GrantEntry(grant_list=grant_list, **row) for row in _entry_rows(clause, as_of)])
    grant_list.total = _total(grant_list)
    grant_list.save(update_fields=["total"])
    audit.record(
        actor=actor,
        action="policies.grant_list.create",
        obj=grant_list,
        summary=f"{clause.title} {as_of}",
        after={"entries": grant_list.entries.count(), "total": grant_list.total, "version": clause.version},
    )
    return grant_list


def _locked_list(grant_list: GrantList) -> GrantList:
    return GrantList.objects.select_for_update().select_related("clause", "clause__policy").get(pk=grant_list.pk)


@transaction.atomic
def entry_exclude(*, actor, entry: GrantEntry, reason: str) -> GrantEntry:
    grant_list = _locked_list(entry.grant_list)
    ensure_allowed(permissions.can_edit_grant_list(actor, grant_list))
    entry = GrantEntry.objects.select_for_update().get(pk=entry.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写剔除原因")}])
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            detail=[{"field": "reason", "message": _("剔除原因不能超过 %(n)s 字") % {"n": REASON_MAX}}]
        )
    if entry.status != GrantEntry.Status.LISTED:
        raise Conflict(_("该企业已被剔除"))
    entry.status, entry.excluded_reason = GrantEntry.Status.EXCLUDED, reason
    entry.save(update_fields=["status", "excluded_reason"])
    grant_list.total = _total(grant_list)
    grant_list.save(update_fields=["total"])
    audit.record(
        actor=actor, action="policies.grant_entry.exclude", obj=entry, summary=reason, after={"list": grant_list.pk}
    )
    return entry


@transaction.atomic
def entry_restore(*, actor, entry: GrantEntry) -> GrantEntry:
    grant_list = _locked_list(entry.grant_list)
    ensure_allowed(permissions.can_edit_grant_list(actor, grant_list))
    entry = GrantEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != GrantEntry.Status.EXCLUDED:
        raise Conflict(_("该企业未被剔除"))
    if (
        Grant.objects.filter(clause_id=grant_list.clause_id, organization_id=entry.organization_id)
        .exclude(status=Grant.Status.REVOKED)
        .exists()
    ):
        raise Conflict(_("该企业已兑现过该条款，不能重新列入"))
    if (
        entry.trace.get("amount") is None
        and amounts.kind_of(grant_list.rule_snapshot.get("amount_rule") or {}) != "none"
    ):
        raise Conflict(_("该企业的金额无法测算，不能重新列入"))
    entry.status, entry.excluded_reason = GrantEntry.Status.LISTED, ""
    entry.save(update_fields=["status", "excluded_reason"])
    grant_list.total = _total(grant_list)
    grant_list.save(update_fields=["total"])
    audit.record(actor=actor, action="policies.grant_entry.restore", obj=entry, summary=str(entry.organization_id))
    return entry


@transaction.atomic
def grant_list_submit(*, actor, grant_list: GrantList) -> GrantList:
    """Send the list to the department for its second confirmation."""
    grant_list = _locked_list(grant_list)
    ensure_allowed(permissions.can_edit_grant_list(actor, grant_list))
    clause = grant_list.clause
    problems = []
    if not grant_list.entries.filter(status=GrantEntry.Status.LISTED).exists():
        problems.append({"field": "entries", "message": _("清单中没有列入的企业")})
    if clause.version != grant_list.rule_version:
        problems.append({"field": "clause", "message": _("条款已修订为新版本，请按新版本重新生成清单")})
    if not clause_in_force(clause):
        problems.append({"field": "clause", "message": _("条款已不在有效期内，不能提交")})
    approver = confirming_organization(clause)
    office = office_organization()
    if approver is None or office is None:
        problems.append(
            {
                "field": "clause",
                "message": _("没有可以确认清单的部门（政策牵头单位或“%(org)s”）") % {"org": confirm_org_name()},
            }
        )
    if problems:
        raise ValidationFailed(detail=problems)
    grant_list.approval = approvals.approval_start(
        actor=actor,
        flow=ensure_flow(),
        subject=grant_list,
        applicant=office,
        title=_("免申即享清单确认：%(c)s（%(n)s 家，%(t)s 元）")
        % {
            "c": clause.title,
            "n": grant_list.entries.filter(status=GrantEntry.Status.LISTED).count(),
            "t": f"{grant_list.total:,.2f}",
        },
        city_approver=approver,
    )
    grant_list.status = GrantList.Status.CONFIRMING
    grant_list.save(update_fields=["approval", "status"])
    audit.record(
        actor=actor, action="policies.grant_list.submit", obj=grant_list, summary=clause.title,
        after={"approver": approver.pk, "total": grant_list.total},
    )  # fmt: skip
    return grant_list


def _org_users(org_ids) -> list[User]:
    return list(User.objects.filter(organization_id__in=list(org_ids), is_active=True))


def _on_approved(*, request, actor, comment: str = "") -> None:
    grant_list = _locked_list(GrantList.objects.get(pk=request.subject_id))
    if grant_list.status != GrantList.Status.CONFIRMING:
        raise Conflict(_("清单不在部门确认中"))
    now = timezone.now()
    grant_list.status = GrantList.Status.APPROVED
    grant_list.save(update_fields=["status"])
    made = []
    taken = set(
        Grant.objects.filter(clause_id=grant_list.clause_id)
        .exclude(status=Grant.Status.REVOKED)
        .values_list("organization_id", flat=True)
    )
    for entry in grant_list.entries.select_for_update().filter(status=GrantEntry.Status.LISTED).order_by("pk"):
        if entry.organization_id in taken:  # granted meanwhile by another list: never twice
            entry.status, entry.excluded_reason = GrantEntry.Status.EXCLUDED, _("已兑现过该条款")
            entry.save(update_fields=["status", "excluded_reason"])
            continue
        grant = Grant.objects.create(
            clause_id=grant_list.clause_id, organization_id=entry.organization_id, entry=entry, amount=entry.amount
        )
        entry.status, entry.granted_at = GrantEntry.Status.GRANTED, now
        entry.save(update_fields=["status", "granted_at"])
        events.grant_changed(actor=actor, grant=grant, note=_("免申即享兑现（清单 #%(n)s）") % {"n": grant_list.pk})
        made.append(grant)
    grant_list.status, grant_list.granted_at = GrantList.Status.GRANTED, now
    grant_list.total = _total(grant_list)
    grant_list.save(update_fields=["status", "granted_at", "total"])
    audit.record(
        actor=actor, action="policies.grant_list.granted", obj=grant_list, summary=comment[:300],
        after={"grants": len(made), "total": grant_list.total},
    )  # fmt: skip
    clause = grant_list.clause
    by_org = {g.organization_id: g for g in made}
    link = reverse("policies:grants_mine")
    for user in _org_users(by_org):
        grant = by_org[user.organization_id]
        notice_send(
            recipients=[user],
            title=_("免申即享：您单位已获兑现“%(c)s”") % {"c": clause.title},
            body=_("根据《%(p)s》%(c)s，经比对符合条件，无需申请，兑现金额 %(a)s 元。判定编号 %(d)s。")
            % {
                "p": clause.policy.title,
                "c": clause.title,
                "a": f"{grant.amount:,.2f}",
                "d": grant.entry.determination_id[:16],
            },
            link=link,
            dedupe_key=f"policies.grant:{grant.pk}",
        )


def _on_rejected(*, request, actor, comment: str = "") -> None:
    grant_list = _locked_list(GrantList.objects.get(pk=request.subject_id))
    grant_list.status = GrantList.Status.REJECTED
    grant_list.save(update_fields=["status"])
    audit.record(actor=actor, action="policies.grant_list.reject", obj=grant_list, summary=comment[:300])
    if grant_list.created_by_id:
        notice_send(
            recipients=[grant_list.created_by],
            title=_("免申即享清单被退回：%(c)s") % {"c": grant_list.clause.title},
            body=comment,
            link=reverse("policies:grant_list", args=[grant_list.pk]),
            dedupe_key=f"policies.grant_list.rejected:{grant_list.pk}:{request.pk}",
        )


def _link(request) -> str:
    return reverse("policies:grant_list", args=[request.subject_id])


def register_approval_handlers() -> None:
    approvals.register("policies.GrantList", on_approved=_on_approved, on_rejected=_on_rejected, link=_link)


@transaction.atomic
def grant_mark_paid(*, actor, grant: Grant, payment_ref: str) -> Grant:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    ensure_allowed(permissions.can_mark_paid(actor, grant))
    payment_ref = (payment_ref or "").strip()
    if not payment_ref:
        raise ValidationFailed(detail=[{"field": "payment_ref", "message": _("请填写拨付凭证号")}])
    if len(payment_ref) > 100:
        raise ValidationFailed(detail=[{"field": "payment_ref", "message": _("拨付凭证号不能超过 100 字")}])
    grant.status, grant.payment_ref = Grant.Status.PAID, payment_ref
    grant.save(update_fields=["status", "payment_ref"])
    events.grant_changed(actor=actor, grant=grant, note=_("登记拨付 %(r)s") % {"r": payment_ref})
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant: Grant, reason: str) -> Grant:
    ensure_allowed(permissions.can_manage_grants(actor))
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写撤销原因")}])
    if grant.status != Grant.Status.GRANTED:
        raise Conflict(_("只有已兑现、尚未拨付的记录可以撤销"))
    grant.status = Grant.Status.REVOKED
    grant.save(update_fields=["status"])
    events.grant_changed(actor=actor, grant=grant, note=reason[:REASON_MAX])
    return grant
