"""Money pages of funded projects: tranche requests, the staff → finance decisions and payments, the tranche
queue (office, finance), the burn-down by programme, source and subject with its chart, matching funds and
repayments."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.web import decide_from_post, domain_view, require, xlsx_response

from ..exports import projects as exports
from ..models import Tranche
from ..permissions import projects as permissions
from ..selectors import money
from ..selectors import projects as selectors
from ..services import matching, repayments, tranches
from .projects import attempt, back, parse_date

PAGE = 30
CENT = Decimal("0.01")


@login_required
@require_POST
@domain_view
def tranche_request(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: tranches.tranche_request(
            actor=request.user,
            project=project,
            amount=request.POST.get("amount", ""),
            note=request.POST.get("note", ""),
            evidence=request.FILES.get("evidence"),
        ),
        _("拨付申请已提交，等待办公室审核"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def tranche_decide(request, pk: int):
    tranche = selectors.tranche_visible(request.user, pk)
    decide_from_post(request, tranches.tranche_decide, tranche=tranche, success=_("已办理"))
    if request.POST.get("next"):
        return redirect("funds:tranches")
    return back(tranche.project_id)


@login_required
@require_POST
@domain_view
def tranche_pay(request, pk: int):
    tranche = selectors.tranche_visible(request.user, pk)
    attempt(
        request,
        lambda: tranches.tranche_pay(
            actor=request.user,
            tranche=tranche,
            paid_on=parse_date(request.POST.get("paid_on")),
            payment_ref=request.POST.get("payment_ref", ""),
        ),
        _("支付已登记"),
    )
    if request.POST.get("next"):
        return redirect("funds:tranches")
    return back(tranche.project_id)


@login_required
@domain_view
def tranche_evidence(request, pk: int):
    tranche = selectors.tranche_visible(request.user, pk)
    if not tranche.evidence:
        raise Http404
    return FileResponse(tranche.evidence.open("rb"), as_attachment=True, filename=tranche.evidence.name.rsplit("/")[-1])


@login_required
@domain_view
def tranche_queue(request):
    require(permissions.can_view_money(request.user))
    status = request.GET.get("status", "")
    qs = selectors.tranche_queue(request.user, status=status)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.tranches_workbook(qs), "funds-tranches.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    for t in page:
        t.task = tranches.pending_task(t, request.user)
    context = {
        "page": page,
        "status": status,
        "statuses": Tranche.Status.choices,
        "can_pay": permissions.can_pay_tranche(request.user)[0],
        "today": timezone.localdate(),
    }
    return render(request, "funds/tranche_queue.html", context)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@login_required
@domain_view
def burn_down(request):
    require(permissions.can_view_money(request.user))
    year = _int(request.GET.get("year")) or timezone.localdate().year
    programme = _int(request.GET.get("programme"))
    rows = money.burn_rows(year=year, programme_id=programme)
    months = money.burn_by_month(year=year, programme_id=programme)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.burn_workbook(rows, months), "funds-burn-down.xlsx")
    chart = [
        {
            "name": _("立项与拨付（累计）"),
            "unit": _("万元"),
            "labels": [m["month"][5:] for m in months],
            "targets": [str((m["awarded_total"] / 10000).quantize(CENT)) for m in months],
            "totals": [str((m["paid_total"] / 10000).quantize(CENT)) for m in months],
            "total": str(months[-1]["paid_total"]),
        }
    ]
    context = {
        "rows": rows,
        "months": months,
        "summaries": [
            (_("按专项"), money.burn_totals(rows, "programme"), _("专项")),
            (_("按资金来源"), money.burn_totals(rows, "source"), _("资金来源")),
            (_("按支出科目"), money.burn_totals(rows, "subject"), _("支出科目")),
        ],
        "year": year,
        "programme": programme,
        "programmes": money.programmes(),
        "chart": chart,
        "chart_labels": {"target": _("累计立项"), "done": _("累计拨付")},
    }
    return render(request, "funds/money_burn.html", context)


@login_required
@domain_view
def matching_page(request):
    require(permissions.can_view_money(request.user))
    programme = _int(request.GET.get("programme"))
    rows = money.matching_rows(programme_id=programme)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.matching_workbook(rows), "funds-matching.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "programme": programme,
        "programmes": money.programmes(),
        "by_programme": money.matching_totals(rows, "programme"),
        "by_city": money.matching_totals(rows, "city"),
    }
    return render(request, "funds/money_matching.html", context)


@login_required
@require_POST
@domain_view
def matching_record(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: matching.matching_record(
            actor=request.user,
            project=project,
            amount=request.POST.get("amount", ""),
            paid_on=parse_date(request.POST.get("paid_on")),
            reference=request.POST.get("reference", ""),
        ),
        _("配套资金已登记"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def repayment_create(request, pk: int):
    project = selectors.project_visible(request.user, pk)
    attempt(
        request,
        lambda: repayments.repayment_create(
            actor=request.user,
            project=project,
            amount=request.POST.get("amount", ""),
            reason=request.POST.get("reason", ""),
            due_on=parse_date(request.POST.get("due_on")),
        ),
        _("缴回通知已登记"),
    )
    return back(pk)


@login_required
@require_POST
@domain_view
def repayment_pay(request, pk: int):
    row = selectors.repayment_get(request.user, pk)
    attempt(
        request,
        lambda: repayments.repayment_pay(
            actor=request.user,
            row=row,
            paid_on=parse_date(request.POST.get("paid_on")),
            reference=request.POST.get("reference", ""),
        ),
        _("缴回已登记"),
    )
    return back(row.project_id)
