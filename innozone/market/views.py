"""Technology-market pages: search, listing detail with matches and booking calendar, posting, the
office's review queue, bookings, technology contracts (the counterparty's consent, statistics, Excel
export), openness report."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, decide_from_post, domain_view, flash_error, require, xlsx_response

from . import exports, matching, search, selectors, services
from .forms import BookingForm, ContractForm, ListingForm, SearchForm, UsageForm
from .models import Listing
from .permissions import can_amend_contract, can_book, can_post, can_review

PAGE = 20


@login_required
def home(request):
    form = SearchForm(request.GET or None)
    filters, text = search.Filters(), ""
    if form.is_bound:
        valid = form.is_valid()  # fills cleaned_data with the fields that are valid
        if not valid:
            labels = _("，").join(str(form[f].label) for f in form.errors if f in form.fields)
            messages.error(request, _("筛选条件有误，已忽略：%(f)s") % {"f": labels})
        d = form.cleaned_data
        text = d.get("q") or ""
        filters = search.Filters(
            kind=d.get("kind") or "",
            field_id=d["field"].pk if d.get("field") else None,
            region_id=d["region"].pk if d.get("region") else None,
            price_max=d.get("price_max"),
            trl_min=d.get("trl_min"),
            international=bool(d.get("international")),
        )
    try:
        page_no = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_no = 1
    results, total = search.search(text, filters, offset=(page_no - 1) * PAGE, limit=PAGE)
    pages = max(1, -(-total // PAGE))
    context = {
        "form": form,
        "results": results,
        "total": total,
        "page_no": page_no,
        "pages": pages,
        "query": request.GET.urlencode(),
        "kinds": Listing.Kind.choices,
        "can_review": can_review(request.user)[0],
    }
    return render(request, "market/home.html", context)


@login_required
@domain_view
def listing_detail(request, listing_id):
    listing = selectors.listing_visible(request.user, listing_id)
    hits = matching.matches_for(listing) if listing.status == Listing.Status.PUBLISHED else []
    titles = selectors.listings_by_id([h.id for h in hits])
    context = {
        "listing": listing,
        "matches": [(h, titles.get(h.id)) for h in hits],
        "can_edit": request.user.organization_id == listing.owner_id,
    }
    if listing.kind == Listing.Kind.INSTRUMENT:
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        context["calendar"] = selectors.calendar(listing, start)
        context["can_book"] = can_book(request.user)[0]
    return render(request, "market/listing.html", context)


@login_required
@domain_view
def post(request, kind):
    if kind not in Listing.Kind.values:
        return redirect("market:home")
    require(can_post(request.user, kind))
    form = ListingForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "kind": kind, "field": form.cleaned_data["field"].name}
        try:
            listing = services.listing_create(actor=request.user, data=data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已提交，等待审核后发布") if listing.status == "pending" else _("已发布"))
            return redirect("market:listing", listing.pk)
    return render(request, "market/post.html", {"form": form, "kind": Listing.Kind(kind)})


@login_required
@domain_view
def mine(request):
    page = Paginator(selectors.my_listings(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "market/mine.html", {"page": page, "kinds": Listing.Kind.choices})


@login_required
@domain_view
def review(request):
    require(can_review(request.user))
    if request.method == "POST":
        listing = selectors.listing_get(request.POST.get("listing") or 0)
        decide_from_post(request, services.listing_review, listing=listing)
        return redirect("market:review")
    page = Paginator(selectors.review_queue(), 30).get_page(request.GET.get("page"))
    return render(request, "market/review.html", {"page": page, "contracts": selectors.contracts_submitted()})


@login_required
@domain_view
def book(request, listing_id):
    instrument = selectors.listing_visible(request.user, listing_id)
    require(can_book(request.user))
    form = BookingForm(request.POST or None, vouchers=selectors.vouchers_for_booking(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_request(actor=request.user, instrument=instrument, **form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("预约已提交，等待仪器所属单位确认"))
            return redirect("market:listing", booking.instrument_id)
    return render(request, "market/book.html", {"form": form, "instrument": instrument})


@login_required
@domain_view
def bookings(request):
    if request.method == "POST":
        booking = selectors.booking_get(request.POST.get("booking") or 0)
        action = request.POST.get("action")
        if action in ("approve", "reject"):
            done = _("已办理")
            decide_from_post(request, services.booking_decide, success=done, decision_field="action", booking=booking)
            return redirect("market:bookings")
        try:
            if action == "cancel":
                services.booking_cancel(actor=request.user, booking=booking)
            elif action == "usage":
                form = UsageForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("请填写机时、样品数和费用"))
                services.usage_record(actor=request.user, booking=booking, **form.cleaned_data)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("已办理"))
        return redirect("market:bookings")
    context = {
        "owned": selectors.bookings_for_owner(request.user)[:100],
        "mine": selectors.bookings_of(request.user)[:50],
        "usage_form": UsageForm(),
    }
    return render(request, "market/bookings.html", context)


CONSENT_ACTIONS = {  # the counterparty's answer and the registrant's withdrawal: (service, its message)
    "confirm": (services.contract_confirm, gettext_lazy("已确认，合同转办公室认定登记")),
    "decline": (services.contract_decline, gettext_lazy("已不予确认，提交方将看到理由")),
    "withdraw": (services.contract_withdraw, gettext_lazy("已撤回登记申请")),
}


def _consent_action(request, action: str):
    contract = selectors.contract_visible(request.user, request.POST.get("contract") or 0)
    service, done = CONSENT_ACTIONS[action]
    extra = {"reason": request.POST.get("reason", "")} if action == "decline" else {}
    try:
        service(actor=request.user, contract=contract, **extra)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, done)
    return redirect(reverse("market:contracts") + "#consent")


def _contract_form(request):
    """The submission form, or the correction of a declined contract (`?correct=<id>`, posted back with
    action=resubmit): (form, the contract corrected or None)."""
    correcting = request.POST.get("correct") or request.GET.get("correct")
    contract = selectors.contract_visible(request.user, correcting) if correcting else None
    if contract is not None:
        require(can_amend_contract(request.user, contract))
    initial = {k: getattr(contract, k) for k in ContractForm.base_fields} if contract else None
    return ContractForm(request.POST or None, initial=initial), contract


@login_required
@domain_view
def contracts(request):
    if request.method == "POST" and request.POST.get("action") in CONSENT_ACTIONS:
        return _consent_action(request, request.POST["action"])
    form, correcting = _contract_form(request)
    if request.method == "POST":
        if request.POST.get("action") in ("register", "reject"):
            require(can_review(request.user))
            contract = selectors.contract_get(request.POST.get("contract") or 0)
            decide_from_post(
                request, services.contract_review, decision_field="action", approve_value="register", contract=contract
            )
            return redirect("market:contracts")
        if form.is_valid():
            try:
                if correcting is not None:
                    services.contract_resubmit(actor=request.user, contract=correcting, data=form.cleaned_data)
                else:
                    services.contract_submit(actor=request.user, data=form.cleaned_data)
            except DomainError as e:
                add_errors_to_form(form, e)
            else:
                by_office = can_review(request.user)[0]
                messages.success(request, _("已提交登记申请") if by_office else _("已提交，等待合同对方确认"))
                return redirect("market:contracts")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 1 <= year <= 9999:  # what a date can hold: anything else is read like a non-number
        year = timezone.localdate().year
    stats = selectors.contract_stats(year)
    visible = selectors.contracts_visible(request.user, year=year)
    if request.GET.get("format") == "xlsx":
        registered = request.GET.get("scope") != "unregistered"
        rows = selectors.contracts_for_export(request.user, year=year, registered=registered)
        name = "tech-contracts.xlsx" if registered else "tech-contracts-unregistered.xlsx"
        return xlsx_response(exports.contracts_workbook(rows, registered=registered), name)
    page = Paginator(visible, 30).get_page(request.GET.get("page"))
    charts = {
        "by_month": stats["by_month"],
        "by_field": stats["by_field"],
        "labels": {"amount": _("合同金额（元）"), "tech": _("技术交易额（元）")},
    }
    return render(
        request,
        "market/contracts.html",
        {
            "form": form,
            "stats": stats,
            "page": page,
            "year": year,
            "charts": charts,
            "can_review": can_review(request.user)[0],
            "awaiting": selectors.contracts_awaiting_consent(request.user),
            "unconfirmed": selectors.contracts_unconfirmed_of(request.user),
            "correcting": correcting,
        },
    )


@login_required
@domain_view
def openness(request):
    today = timezone.localdate()
    try:
        start = (
            dt.date.fromisoformat(request.GET.get("start", ""))
            if request.GET.get("start")
            else today.replace(month=1, day=1)
        )
        end = dt.date.fromisoformat(request.GET.get("end", "")) if request.GET.get("end") else today
    except ValueError:
        start, end = today.replace(month=1, day=1), today
    rows = selectors.openness(start, end)
    return render(request, "market/openness.html", {"rows": rows, "start": start, "end": end})


@login_required
@require_POST
@domain_view
def withdraw(request, listing_id):
    listing = selectors.listing_visible(request.user, listing_id)
    try:
        services.listing_withdraw(actor=request.user, listing=listing)
    except DomainError as e:
        flash_error(request, e)
    return redirect("market:mine")
