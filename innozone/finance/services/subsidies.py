"""Interest subsidies (贴息): the office computes a loan's subsidy for a year from the interest paid × the
share (e.g. 50 % of the interest at LPR), at most INNOZONE_FINANCE_SUBSIDY_CAP yuan per firm a year (all its
loans together, default 500,000), then marks it paid with the payment reference. Both are ledger events."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.models import Organization

from .. import permissions
from ..engine.compensation import subsidy
from ..models import Loan, Subsidy
from . import common, events


def subsidy_cap() -> Decimal:
    return Decimal(str(getattr(settings, "INNOZONE_FINANCE_SUBSIDY_CAP", 500000)))


@transaction.atomic
def subsidy_compute(*, actor, loan: Loan, year, interest_paid, share) -> Subsidy:
    ensure_allowed(permissions.can_manage(actor))
    problems: list = []
    year = common.whole(year, "year", problems, minimum=2000, maximum=2100)
    interest = common.money(interest_paid, "interest_paid", problems)
    rate = common.share(share, "share", problems)
    if year is not None and year < loan.starts_on.year:
        problems.append({"field": "year", "message": _("贴息年度不能早于放款年度")})
    if year is not None and year > timezone.localdate().year:
        problems.append({"field": "year", "message": _("贴息年度不能晚于本年")})
    if interest is not None and interest > loan.amount:
        problems.append({"field": "interest_paid", "message": _("已付利息不能超过贷款金额")})
    if year is not None and Subsidy.objects.filter(loan=loan, year=year).exists():
        problems.append({"field": "year", "message": _("该贷款本年度已核定贴息")})
    if problems:
        raise ValidationFailed(detail=problems)
    Organization.objects.select_for_update().get(pk=loan.enterprise_id)  # serialises the firm's yearly cap
    already = Subsidy.objects.filter(loan__enterprise_id=loan.enterprise_id, year=year).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    amount = subsidy(interest_paid=interest, share=rate, cap=subsidy_cap(), already=already)
    if amount <= 0:
        raise ValidationFailed(
            detail=[
                {
                    "field": "interest_paid",
                    "message": _("该企业 %(y)s 年贴息已达上限 %(cap)s 元")
                    % {"y": year, "cap": f"{subsidy_cap():,.2f}"},
                }
            ]
        )
    row = Subsidy.objects.create(loan=loan, year=year, interest_paid=interest, share=rate, amount=amount)
    events.subsidy_changed(actor=actor, row=row, note=_("核定贴息"))
    return row


@transaction.atomic
def subsidy_pay(*, actor, subsidy_row: Subsidy, reference: str, paid_on=None) -> Subsidy:
    ensure_allowed(permissions.can_manage(actor))
    row = Subsidy.objects.select_for_update(of=("self",)).select_related("loan").get(pk=subsidy_row.pk)
    if row.status != Subsidy.Status.PENDING:
        raise Conflict(_("该贴息已支付"))
    problems: list = []
    reference = common.text(reference, "reference", problems, limit=60, required=True)
    paid_on = common.date(paid_on, "paid_on", problems, required=False) or timezone.localdate()
    if paid_on > timezone.localdate():
        problems.append({"field": "paid_on", "message": _("支付日期不能晚于今天")})
    if problems:
        raise ValidationFailed(detail=problems)
    row.status, row.reference, row.paid_on = Subsidy.Status.PAID, reference, paid_on
    row.save(update_fields=["status", "reference", "paid_on"])
    events.subsidy_changed(actor=actor, row=row, note=_("贴息已支付"))
    return row
