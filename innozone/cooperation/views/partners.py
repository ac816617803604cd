"""International cooperation pages: partners (list, page, form), agreements (expiry warnings), projects,
joint labs and 国际科技合作基地 with their partners, foreign experts, statistics by country (ECharts, Excel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require, xlsx_response

from ..exports import partners as exports
from ..forms.partners import (
    AgreementForm,
    AgreementSearchForm,
    BasePartnerForm,
    PartnerForm,
    PartnerSearchForm,
    ProjectForm,
    ProjectSearchForm,
    form_data,
)
from ..models import Agreement
from ..permissions import partners as perms
from ..selectors import partners as selectors
from ..services import partners as services

PAGE = 30


def _page(request, rows):
    return Paginator(rows, PAGE).get_page(request.GET.get("page"))


# --- partners ------------------------------------------------------------------------------------------


@login_required
@domain_view
def partners(request):
    user = request.user
    require(perms.can_view_cooperation(user))
    form = PartnerSearchForm(request.GET or None, present=selectors.partner_countries())
    rows = selectors.partners_search(**form.filters()) if form.is_bound else selectors.partners_search()
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.partners_workbook(rows), "cooperation-partners.xlsx")
    context = {
        "form": form,
        "page": _page(request, rows),
        "query": request.GET.urlencode(),
        "can_add": perms.can_add_partner(user)[0],
        "can_stats": perms.can_view_stats(user)[0],
    }
    return render(request, "cooperation/partners.html", context)


@login_required
@domain_view
def partner(request, partner_id):
    user = request.user
    require(perms.can_view_cooperation(user))
    p = selectors.partner_get(partner_id)
    agreements = selectors.with_expiry(selectors.agreements_search(user, partner=p))
    projects = list(selectors.projects_search(user, partner=p))
    context = {
        "partner": p,
        "country_name": selectors.country_name(p.country),
        "agreements": agreements,
        "projects": projects,
        "listings": selectors.listings_of(projects),
        "bases": selectors.bases_of_partner(p, user),
        "can_edit": perms.can_edit_partner(user, p)[0],
        "can_record": perms.can_record(user)[0],
    }
    return render(request, "cooperation/partner.html", context)


def _partner_form(request, p=None):
    initial = None
    if p is not None:
        initial = {f: getattr(p, f) for f in ("name", "name_local", "kind", "country", "city", "website")}
        initial["belt_and_road"] = "1" if p.belt_and_road else "0"
    return PartnerForm(request.POST or None, initial=initial)


@login_required
@domain_view
def partner_new(request):
    require(perms.can_add_partner(request.user))
    form = _partner_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.partner_create(actor=request.user, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记合作伙伴"))
            return redirect("cooperation:partner", p.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("登记国外合作伙伴")})


@login_required
@domain_view
def partner_edit(request, partner_id):
    p = selectors.partner_get(partner_id)
    require(perms.can_edit_partner(request.user, p))
    form = _partner_form(request, p)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(actor=request.user, partner=p, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("cooperation:partner", p.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("修改合作伙伴") + f" · {p.name}"})


# --- agreements ----------------------------------------------------------------------------------------


@login_required
@domain_view
def agreements(request):
    user = request.user
    require(perms.can_view_cooperation(user))
    form = AgreementSearchForm(request.GET or None)
    rows = selectors.agreements_search(user, **form.filters()) if form.is_bound else selectors.agreements_search(user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.agreements_workbook(selectors.with_expiry(rows)), "cooperation-agreements.xlsx")
    page = _page(request, rows)
    page.object_list = selectors.with_expiry(page.object_list)
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "expiring": selectors.agreements_search(user, expiring=True).count(),
        "warn_days": selectors.warn_days(),
        "can_record": perms.can_record(user)[0],
    }
    return render(request, "cooperation/agreements.html", context)


@login_required
@domain_view
def agreement(request, agreement_id):
    user = request.user
    a = selectors.agreement_visible(user, agreement_id)
    a.expiry = selectors.expiry(a)
    context = {
        "agreement": a,
        "projects": list(selectors.projects_for(user).filter(agreement=a)),
        "can_edit": perms.can_edit_record(user, a)[0],
    }
    return render(request, "cooperation/agreement.html", context)


def _agreement_form(request, a=None):
    initial = {"status": Agreement.Status.ACTIVE}
    if a is not None:
        initial = {f: getattr(a, f) for f in ("title", "kind", "signed_on", "expires_on", "status", "summary")}
        initial.update(partner=a.partner_id, organization=a.organization_id)
    elif request.GET.get("partner"):
        initial["partner"] = request.GET["partner"]
    if a is None and request.user.organization_id:
        initial.setdefault("organization", request.user.organization_id)
    return AgreementForm(
        request.POST or None, initial=initial, organizations=selectors.organizations_for_record(request.user)
    )


@login_required
@domain_view
def agreement_new(request):
    require(perms.can_record(request.user))
    form = _agreement_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.agreement_create(actor=request.user, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记合作协议"))
            return redirect("cooperation:agreement", a.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("登记合作协议")})


@login_required
@domain_view
def agreement_edit(request, agreement_id):
    a = selectors.agreement_visible(request.user, agreement_id)
    require(perms.can_edit_record(request.user, a))
    form = _agreement_form(request, a)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(actor=request.user, agreement=a, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("cooperation:agreement", a.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("修改合作协议") + f" · {a.title}"})


# --- projects ------------------------------------------------------------------------------------------


@login_required
@domain_view
def projects(request):
    user = request.user
    require(perms.can_view_cooperation(user))
    form = ProjectSearchForm(request.GET or None)
    rows = selectors.projects_search(user, **form.filters()) if form.is_bound else selectors.projects_search(user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.projects_workbook(rows), "cooperation-projects.xlsx")
    page = _page(request, rows)
    context = {
        "form": form,
        "page": page,
        "listings": selectors.listings_of(page.object_list),
        "query": request.GET.urlencode(),
        "can_record": perms.can_record(user)[0],
    }
    return render(request, "cooperation/projects.html", context)


@login_required
@domain_view
def project(request, project_id):
    user = request.user
    p = selectors.project_visible(user, project_id)
    listing = selectors.listing_get(p.listing_id) if p.listing_id else None
    context = {"project": p, "listing": listing, "can_edit": perms.can_edit_record(user, p)[0]}
    return render(request, "cooperation/project.html", context)


def _project_form(request, p=None):
    initial = {}
    if p is not None:
        fields = ("title", "kind", "field", "starts_on", "ends_on", "amount", "status", "listing_id")
        initial = {f: getattr(p, f) for f in fields}
        initial.update(partner=p.partner_id, organization=p.organization_id, agreement=p.agreement_id)
    else:
        for key in ("partner", "listing_id"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        if request.user.organization_id:
            initial["organization"] = request.user.organization_id
    return ProjectForm(
        request.POST or None,
        initial=initial,
        organizations=selectors.organizations_for_record(request.user),
        agreements=selectors.agreements_for(request.user),
    )


@login_required
@domain_view
def project_new(request):
    require(perms.can_record(request.user))
    form = _project_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.project_create(actor=request.user, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记国际合作项目"))
            return redirect("cooperation:project", p.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("登记国际合作项目")})


@login_required
@domain_view
def project_edit(request, project_id):
    p = selectors.project_visible(request.user, project_id)
    require(perms.can_edit_record(request.user, p))
    form = _project_form(request, p)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=p, data=form_data(form))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("cooperation:project", p.pk)
    return render(request, "cooperation/form.html", {"form": form, "title": _("修改国际合作项目") + f" · {p.title}"})


# --- bases and foreign experts -------------------------------------------------------------------------


@login_required
@domain_view
def bases(request):
    user = request.user
    require(perms.can_view_cooperation(user))
    can_manage = perms.can_manage_bases(user)[0]
    context = {"bases": selectors.bases_for(user), "can_manage": can_manage, "form": BasePartnerForm()}
    return render(request, "cooperation/bases.html", context)


@login_required
@require_POST
@domain_view
def base_partner_add(request, platform_id):
    require(perms.can_manage_bases(request.user))
    form = BasePartnerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择合作伙伴"))
        return redirect("cooperation:bases")
    try:
        services.base_partner_add(
            actor=request.user,
            platform_id=platform_id,
            partner_id=form.cleaned_data["partner"].pk,
            since=form.cleaned_data.get("since"),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已添加合作方"))
    return redirect("cooperation:bases")


@login_required
@require_POST
@domain_view
def base_partner_remove(request, link_id):
    require(perms.can_manage_bases(request.user))
    try:
        services.base_partner_remove(actor=request.user, link_id=link_id)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已移除合作方"))
    return redirect("cooperation:bases")


@login_required
@domain_view
def experts(request):
    user = request.user
    require(perms.can_view_cooperation(user))
    rows = selectors.foreign_experts(user)
    today = timezone.localdate()
    page = _page(request, rows)
    for person in page.object_list:
        person.permit_expiring = selectors.talent.permit_expiring(person, today)
        person.permit_expired = bool(person.work_permit_until and person.work_permit_until < today)
    return render(request, "cooperation/experts.html", {"page": page})


# --- statistics by country -----------------------------------------------------------------------------


@login_required
@domain_view
def stats(request):
    user = request.user
    require(perms.can_view_stats(user))
    data = selectors.stats_by_country(user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.stats_workbook(data), "cooperation-stats.xlsx")
    labels = {
        "partners": _("合作伙伴"),
        "agreements": _("合作协议"),
        "projects": _("合作项目"),
        "experts": _("外籍专家"),
    }
    context = {"stats": data, "chart": selectors.chart_data(data), "chart_labels": labels}
    return render(request, "cooperation/stats.html", context)
