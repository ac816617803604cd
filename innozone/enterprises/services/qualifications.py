"""Qualifications as dated records (高企 certificate, 科小 registration number, 专精特新…): recorded by the
office from the recognition document, with an evidence file, renewal, revocation, expiry, reminders 6 and
3 months before expiry, and the organization's flags (read by voucher eligibility) kept in step."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit, inbox
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import User
from innozone.core.uploads import attachment_problem

from ..models import Enterprise, Qualification, QualificationEvent
from ..permissions import can_manage_qualifications
from .validation import parse_date

#: the organization flag each qualification sets while valid (the words voucher schemes require)
FLAGS = {
    Qualification.Kind.HNTE: "高新技术企业",
    Qualification.Kind.TSME: "科技型中小企业",
    Qualification.Kind.LITTLE_GIANT: "专精特新“小巨人”企业",
    Qualification.Kind.SRDI: "专精特新中小企业",
    Qualification.Kind.GAZELLE: "瞪羚企业",
    Qualification.Kind.UNICORN: "独角兽企业",
    Qualification.Kind.TASE: "技术先进型服务企业",
}
#: default validity: 高企 three years (国科发火〔2016〕32号 第十六条); 科小's number runs to the end of the year
VALID_YEARS = {Qualification.Kind.HNTE: 3, Qualification.Kind.LITTLE_GIANT: 3, Qualification.Kind.SRDI: 3}
REMIND_MONTHS = (6, 3)


def default_valid_until(kind: str, issued_on: dt.date) -> dt.date:
    years = VALID_YEARS.get(kind)
    if years is None:
        return dt.date(issued_on.year, 12, 31)
    try:
        return issued_on.replace(year=issued_on.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(issued_on.year + years, 2, 28)


def _event(qualification, action: str, actor, note: str = "") -> None:
    QualificationEvent.objects.create(qualification=qualification, action=action, actor=actor, note=note[:300])


@transaction.atomic
def qualification_record(*, actor, enterprise: Enterprise, data: dict, evidence=None) -> Qualification:
    ensure_allowed(can_manage_qualifications(actor))
    errors: list = []
    kind = str(data.get("kind", ""))
    if kind not in Qualification.Kind.values:
        errors.append({"field": "kind", "message": _("请选择资质类型")})
    number = str(data.get("number", "")).strip()[:50]
    if not number:
        errors.append({"field": "number", "message": _("必填")})
    issued_on = parse_date(data.get("issued_on"), field="issued_on", errors=errors, required=True)
    valid_until = parse_date(data.get("valid_until"), field="valid_until", errors=errors)
    if issued_on and kind in Qualification.Kind.values and valid_until is None:
        valid_until = default_valid_until(kind, issued_on)
    if issued_on and valid_until and valid_until < issued_on:
        errors.append({"field": "valid_until", "message": _("有效期不能早于认定日期")})
    field = str(data.get("hitech_field", "") or "")
    if field and field not in Qualification.Field.values:
        errors.append({"field": "hitech_field", "message": _("无效的高新技术领域")})
    if kind == Qualification.Kind.HNTE and not field:
        errors.append({"field": "hitech_field", "message": _("高新技术企业须注明所属高新技术领域")})
    if evidence is not None:
        problem = attachment_problem(evidence)
        if problem:
            errors.append({"field": "evidence", "message": problem})
    if number and kind and Qualification.objects.filter(kind=kind, number=number).exists():
        errors.append({"field": "number", "message": _("该证书编号已登记")})
    if errors:
        raise ValidationFailed(detail=errors)
    q = Qualification(
        enterprise=enterprise,
        kind=kind,
        number=number,
        issued_on=issued_on,
        valid_until=valid_until,
        hitech_field=field,
        note=str(data.get("note", "") or "").strip()[:200],
    )
    if issued_on and valid_until < timezone.localdate():
        q.status = Qualification.Status.EXPIRED
    if evidence is not None:
        q.evidence = evidence
    try:
        with transaction.atomic():
            q.save()
    except IntegrityError as exc:
        raise Conflict(_("该证书编号已登记")) from exc
    _event(q, "record", actor)
    audit.record(
        actor=actor,
        action="enterprises.qualification.record",
        obj=q,
        summary=f"{enterprise.name} {q.get_kind_display()} {q.number}",
        after=audit.snapshot(q, ["kind", "number", "issued_on", "valid_until", "hitech_field", "status"]),
    )
    flags_sync(enterprise)
    return q


@transaction.atomic
def qualification_revoke(*, actor, qualification: Qualification, reason: str) -> Qualification:
    ensure_allowed(can_manage_qualifications(actor))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail=[{"field": "reason", "message": _("请填写撤销原因")}])
    if qualification.status == Qualification.Status.REVOKED:
        raise Conflict(_("该资质已撤销"))
    before = qualification.status
    qualification.status = Qualification.Status.REVOKED
    qualification.save(update_fields=["status"])
    _event(qualification, "revoke", actor, reason)
    audit.record(
        actor=actor,
        action="enterprises.qualification.revoke",
        obj=qualification,
        summary=f"{qualification.enterprise.name} {qualification.number}: {reason}"[:300],
        before={"status": before},
        after={"status": qualification.status},
    )
    flags_sync(qualification.enterprise)
    return qualification


def flags_sync(enterprise: Enterprise, on: dt.date | None = None) -> None:
    """The organization's qualification flags = its valid qualifications today (other flags kept)."""
    on = on or timezone.localdate()
    valid = {
        FLAGS[q.kind]
        for q in enterprise.qualifications.filter(status=Qualification.Status.VALID)
        if q.issued_on <= on <= q.valid_until
    }
    org = enterprise.organization
    kept = [f for f in (org.flags or []) if f not in FLAGS.values()]
    flags = kept + sorted(valid)
    if flags != (org.flags or []):
        org.flags = flags
        org.save(update_fields=["flags"])


@transaction.atomic
def qualifications_expire(*, on: dt.date | None = None) -> int:
    """Mark qualifications past their validity as expired and update the flags (daily task)."""
    on = on or timezone.localdate()
    due = list(
        Qualification.objects.filter(status=Qualification.Status.VALID, valid_until__lt=on).select_related(
            "enterprise__organization"
        )
    )
    for q in due:
        q.status = Qualification.Status.EXPIRED
        q.save(update_fields=["status"])
        _event(q, "expire", None)
        audit.record(actor=None, action="enterprises.qualification.expire", obj=q, summary=q.number)
    for enterprise in {q.enterprise for q in due}:
        flags_sync(enterprise, on)
    return len(due)


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def qualification_reminders(*, on: dt.date | None = None) -> int:
    """Tell the enterprise's users (and the office) 6 and 3 months before a qualification expires; each
    reminder once (recorded on the qualification and deduplicated in the inbox)."""
    on = on or timezone.localdate()
    sent = 0
    horizon = _months_after(on, max(REMIND_MONTHS))
    candidates = Qualification.objects.filter(
        status=Qualification.Status.VALID, valid_until__gte=on, valid_until__lte=horizon
    ).select_related("enterprise")
    office = list(User.objects.filter(role="office_admin", is_active=True))
    for q in candidates:
        # the nearest reminder due: 3 months before covers the 6-month one if that was never sent
        due = next((m for m in sorted(REMIND_MONTHS) if on >= _months_before(q.valid_until, m)), None)
        if due is None or due in (q.reminded or []):
            continue
        users = list(User.objects.filter(organization_id=q.enterprise.organization_id, is_active=True))
        title = _("%(name)s 的%(kind)s资质将于 %(day)s 到期") % {
            "name": q.enterprise.name,
            "kind": q.get_kind_display(),
            "day": q.valid_until.isoformat(),
        }
        body = _("证书编号 %(number)s。请及时准备重新认定或续期材料。") % {"number": q.number}
        link = reverse("enterprises:detail", args=[q.enterprise_id])
        sent += inbox.notice_send(
            recipients=users + office, title=title, body=body, link=link, dedupe_key=f"qual:{q.pk}:{due}"
        )
        q.reminded = sorted({*(q.reminded or []), *(m for m in REMIND_MONTHS if m >= due)})
        q.save(update_fields=["reminded"])
    return sent


def _months_after(day: dt.date, months: int) -> dt.date:
    return _months_before(day, -months)
