"""Pages of IP: the assets list (filters, Excel), an asset (fee schedule, payments, transactions), the forms to
register and edit an asset, record a fee, add and release a transaction; fees due; the import of a patent-search
export; the pilot-park indicators; the IP service providers of the market."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.permissions import is_office_admin
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..engine import fees
from ..exports import assets as exports
from ..forms.assets import asset_data, transaction_data
from ..models import Asset, Transaction
from ..permissions import assets as permissions
from ..selectors import assets as selectors
from ..services import assets as services
from ..services import imports

PAGE = 50


def _links(user) -> dict:
    return {
        "can_create": permissions.can_create_asset(user)[0],
        "can_import": permissions.can_import(user)[0],
        "can_parks": permissions.can_view_parks(user)[0],
    }


@login_required
@domain_view
def asset_list(request):
    require(permissions.can_view_assets(request.user))
    g = request.GET
    qs = selectors.assets_for(
        request.user,
        q=g.get("q", "")[:50],
        kind=g.get("kind", ""),
        status=g.get("status", ""),
    )
    if g.get("format") == "xlsx":
        return xlsx_response(exports.assets_workbook(qs[:20000]), "ip-assets.xlsx")
    page = Paginator(qs, PAGE).get_page(g.get("page"))
    context = {
        "page": page,
        "q": g.get("q", ""),
        "kind": g.get("kind", ""),
        "status": g.get("status", ""),
        "kinds": Asset.Kind.choices,
        "statuses": Asset.Status.choices,
        "counts": selectors.asset_counts(qs),
        "subnav": "assets",
        **_links(request.user),
    }
    return render(request, "ip/asset_list.html", context)


def _owner_from_post(request, problems):
    """The office names the owner (registry name, former name or organization name); others register their own."""
    if not is_office_admin(request.user):
        return request.user.organization_id
    name = request.POST.get("owner", "").strip()
    if not name:
        problems.append({"field": "owner", "message": _("请填写权利人名称")})
        return None
    org = imports.match_owner([name], {})
    if org is None:
        problems.append({"field": "owner", "message": _("平台中没有名为“%(n)s”的单位") % {"n": name[:50]}})
        return None
    return org.pk


@login_required
@domain_view
def asset_new(request):
    require(permissions.can_create_asset(request.user))
    values, errors = {}, []
    if request.method == "POST":
        values = asset_data(request.POST)
        owner_id = _owner_from_post(request, errors)
        if not errors:
            try:
                asset = services.asset_create(actor=request.user, data={**values, "owner_id": owner_id})
            except ValidationFailed as e:
                errors = e.detail
            else:
                messages.success(request, _("已登记 %(n)s") % {"n": asset.number})
                return redirect("ip:asset", asset.pk)
        values["owner"] = request.POST.get("owner", "")
    context = {"v": values, "errors": errors, "kinds": Asset.Kind.choices, "is_office": is_office_admin(request.user)}
    return render(request, "ip/asset_form.html", {**context, "subnav": "assets"})


@login_required
@domain_view
def asset_edit(request, pk):
    asset = selectors.asset_visible(request.user, pk)
    require(permissions.can_edit_asset(request.user, asset))
    errors = []
    values = {
        "kind": asset.kind,
        "number": asset.number,
        "title": asset.title,
        "filed_on": asset.filed_on,
        "granted_on": asset.granted_on or "",
        "classification": asset.classification,
        "inventors": asset.inventors,
        "co_owners": asset.co_owners,
        "fees_paid_through": asset.fees_paid_through,
        "status": asset.status if asset.status in services.DECIDED else "",
    }
    if request.method == "POST":
        values = asset_data(request.POST)
        try:
            services.asset_update(actor=request.user, asset_id=asset.pk, data=values)
        except ValidationFailed as e:
            errors = e.detail
        else:
            messages.success(request, _("已保存"))
            return redirect("ip:asset", asset.pk)
    context = {"v": values, "errors": errors, "kinds": Asset.Kind.choices, "asset": asset, "subnav": "assets"}
    return render(request, "ip/asset_form.html", context)


@login_required
@domain_view
def asset_detail(request, pk):
    asset = selectors.asset_visible(request.user, pk)
    today = timezone.localdate()
    can_edit = permissions.can_edit_asset(request.user, asset)[0]
    state = None
    fee_now = None
    if asset.status not in services.DECIDED:
        state = fees.state_on(asset.kind, asset.filed_on, asset.granted_on, asset.fees_paid_through, today)
        if state.next_fee is not None:
            fee_now = {
                "fee": state.next_fee,
                "surcharge": fees.surcharge(state.next_fee.amount, state.next_fee.due_on, today),
            }
    context = {
        "asset": asset,
        "state": state,
        "fee_now": fee_now,
        "fee_rows": selectors.fee_rows(asset, today),
        "payments": selectors.payments_of(asset),
        "transactions": selectors.transactions_for(request.user, asset=asset),
        "tx_kinds": Transaction.Kind.choices,
        "can_edit": can_edit,
        "today": today,
        "subnav": "assets",
    }
    return render(request, "ip/asset_detail.html", context)


@login_required
@require_POST
@domain_view
def fee_pay(request, pk):
    asset = selectors.asset_visible(request.user, pk)
    try:
        p = services.fee_pay(
            actor=request.user,
            asset_id=asset.pk,
            year_no=request.POST.get("year_no"),
            paid_on=request.POST.get("paid_on"),
            amount=request.POST.get("amount") or None,
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已登记第 %(y)s 年年费，滞纳金 %(s)s 元") % {"y": p.year_no, "s": p.surcharge})
    return redirect("ip:asset", asset.pk)


@login_required
@require_POST
@domain_view
def transaction_new(request, pk):
    asset = selectors.asset_visible(request.user, pk)
    try:
        tx = services.transaction_create(actor=request.user, asset_id=asset.pk, data=transaction_data(request.POST))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已登记%(k)s") % {"k": tx.get_kind_display()})
    return redirect("ip:asset", asset.pk)


@login_required
@require_POST
@domain_view
def transaction_release(request, pk):
    tx = selectors.transactions_for(request.user).filter(pk=pk).first()
    if tx is None:
        from django.http import Http404

        raise Http404
    try:
        services.transaction_release(actor=request.user, transaction_id=tx.pk, on=request.POST.get("on") or None)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已解除"))
    return redirect("ip:asset", tx.asset_id)


@login_required
@domain_view
def transaction_list(request):
    require(permissions.can_view_assets(request.user))
    kind = request.GET.get("kind", "")
    qs = selectors.transactions_for(request.user, kind=kind)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.transactions_workbook(qs[:20000]), "ip-transactions.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "kinds": Transaction.Kind.choices,
        "subnav": "transactions",
        **_links(request.user),
    }
    return render(request, "ip/transaction_list.html", context)


@login_required
@domain_view
def fees_due(request):
    require(permissions.can_view_assets(request.user))
    today = timezone.localdate()
    try:
        within = max(0, min(int(request.GET.get("within", 90)), 366))
    except ValueError:
        within = 90
    qs = selectors.fees_due(request.user, today, within=within)
    if request.GET.get("format") == "xlsx":
        rows = []
        for a in qs[:20000]:
            fee = fees.fee_for(a.kind, a.filed_on, a.granted_on, a.next_fee_year)
            rows.append(
                [
                    a.number,
                    a.title,
                    a.owner.name,
                    fee.year_no,
                    fee.due_on,
                    fee.grace_ends,
                    fee.amount,
                    a.get_status_display(),
                ]
            )
        return xlsx_response(exports.fees_due_workbook(rows), "ip-fees-due.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    for a in page.object_list:
        a.fee = fees.fee_for(a.kind, a.filed_on, a.granted_on, a.next_fee_year)
        a.days = (a.fee.due_on - today).days
        a.overdue = -a.days
    context = {"page": page, "within": within, "today": today, "subnav": "fees", **_links(request.user)}
    return render(request, "ip/fees_due.html", context)


@login_required
@domain_view
def import_page(request):
    require(permissions.can_import(request.user))
    errors, batch, message = [], None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [{"message": _("请选择要导入的文件")}]
        elif upload.size > imports.IMPORT_MAX_BYTES:
            errors = [{"message": _("文件超过 %(m)s MB 上限") % {"m": imports.IMPORT_MAX_BYTES // (1024 * 1024)}}]
        else:
            try:
                batch = imports.import_file(actor=request.user, data=upload.read(), name=upload.name)
            except ValidationFailed as e:
                message, errors = str(e.message), e.detail
            else:
                messages.success(
                    request,
                    _("导入完成：新增 %(c)s，更新 %(u)s，未匹配权利人 %(m)s")
                    % {"c": batch.created, "u": batch.updated, "m": len(batch.unmatched)},
                )
    batches = Paginator(selectors.imports_for(request.user), 20).get_page(request.GET.get("page"))
    context = {
        "errors": errors,
        "message": message,
        "batch": batch,
        "page": batches,
        "subnav": "import",
        "columns": (*imports.REQUIRED, *imports.OPTIONAL),
        "max_rows": imports.IMPORT_MAX_ROWS,
        **_links(request.user),
    }
    return render(request, "ip/import.html", context)


@login_required
@domain_view
def parks(request):
    require(permissions.can_view_parks(request.user))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        if not 1985 <= year <= today.year + 1:
            raise ValueError
    except ValueError:
        year = today.year
    rows = selectors.park_indicators(request.user, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.parks_workbook(year, rows), f"ip-parks-{year}.xlsx")
    context = {
        "rows": rows,
        "year": year,
        "years": range(today.year, today.year - 6, -1),
        "subnav": "parks",
        **_links(request.user),
    }
    return render(request, "ip/parks.html", context)


@login_required
@domain_view
def providers(request):
    require(permissions.can_view_assets(request.user))
    context = {"listings": selectors.providers(), "subnav": "providers", **_links(request.user)}
    return render(request, "ip/providers.html", context)
