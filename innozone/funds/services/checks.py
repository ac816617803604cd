"""The office's formal check (形式审查) of a submitted application: accept (into the recommendation chain, or
straight to the expert review when the call has no chain), return for correction with the complete list of
what is missing at once (一次性告知: items with notes; the applicant corrects and resubmits under the same
number, and the office then sees what was asked and what changed), or reject with a reason."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send

from ..models import Application, FormalCheck
from ..permissions import calls as permissions
from ..selectors.applications_changes import application_snapshot
from .applications_submit import applicant_users


def _clean_missing(rows) -> list[dict]:
    out = []
    for row in rows or []:
        item = str((row or {}).get("item") or "").strip()
        note = str((row or {}).get("note") or "").strip()
        if item or note:
            out.append({"item": item[:200], "note": note[:1000]})
    return out


def advance_into_chain(app: Application) -> None:
    chain = list(app.call.chain or [])
    if chain:
        app.status, app.chain_stage = Application.Status.RECOMMENDING, chain[0]
    else:
        app.status, app.chain_stage = Application.Status.REVIEW, ""


@transaction.atomic
def application_check(*, actor, application: Application, outcome: str, missing=None, reason: str = "") -> FormalCheck:
    app = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_allowed(permissions.can_check(actor, app))
    items = _clean_missing(missing)
    reason = (reason or "").strip()
    problems = []
    if outcome not in FormalCheck.Outcome.values:
        problems.append({"field": "outcome", "message": _("请选择审查结论")})
    if outcome == FormalCheck.Outcome.RETURN:
        if not items:
            problems.append({"field": "missing", "message": _("退回补正须一次性列明全部需补正事项")})
        problems.extend(
            {"field": "missing", "row": i, "message": _("第 %(n)s 项：请填写事项名称") % {"n": i}}
            for i, row in enumerate(items, start=1)
            if not row["item"]
        )
    if outcome == FormalCheck.Outcome.REJECT and not reason:
        problems.append({"field": "reason", "message": _("不予受理须说明理由")})
    if problems:
        raise ValidationFailed(detail=problems)
    check = FormalCheck.objects.create(
        application=app, outcome=outcome, missing=items if outcome == "return" else [], reason=reason, checked_by=actor
    )
    before = app.status
    if outcome == FormalCheck.Outcome.ACCEPT:
        advance_into_chain(app)
        title = _("申报已受理：%(n)s") % {"n": app.number}
        body = _("“%(t)s”通过形式审查。") % {"t": app.title}
    elif outcome == FormalCheck.Outcome.RETURN:
        app.status = Application.Status.RETURNED
        title = _("申报退回补正：%(n)s") % {"n": app.number}
        body = _("请一次性补正以下 %(k)s 项后重新提交：%(list)s") % {
            "k": len(items),
            "list": "；".join(f"{r['item']}（{r['note']}）" if r["note"] else r["item"] for r in items),
        }
    else:
        app.status = Application.Status.REJECTED
        title = _("申报不予受理：%(n)s") % {"n": app.number}
        body = reason
    app.version += 1
    app.save()
    audit.record(
        actor=actor,
        action=f"funds.application.check.{outcome}",
        obj=app,
        summary=f"{app.number} {reason}"[:300],
        before={"status": before, **(application_snapshot(app) if outcome == "return" else {})},
        after={"status": app.status, "missing": items},
    )
    notice_send(
        recipients=applicant_users(app),
        title=title,
        body=body,
        link=reverse("funds:application", args=[app.pk]),
        dedupe_key=f"funds-check-{check.pk}",
    )
    return check
