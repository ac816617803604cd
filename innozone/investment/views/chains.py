"""Chain pages (government users read; the office and a chain's lead unit edit): the chains with their gap
counts, a chain's map (ECharts tree coloured by status, each node opening its link) and link table (Excel with
?format=xlsx), the editors of chains and links, the Excel import of a chain's links, a link's page (enterprises
with output value, landed projects, targets, projects, registry search and suggestions to place enterprises)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.models import Organization
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import chains as exports
from ..models import Link, Placement, Target
from ..permissions import chains as permissions
from ..selectors import chains as selectors
from ..services import chains as services
from ..services import chains_import, chains_placements

CHAIN_FIELDS = ("code", "name", "description", "lead", "is_leading", "order")
PAGE = 50  # enterprises on a link page
LINK_FIELDS = ("name", "segment", "parent", "industry_codes", "min_enterprises", "min_output", "is_key", "order")


def _year(request) -> int:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else selectors.current_year()


def _post(request, fields) -> dict:
    data = {f: request.POST.get(f, "") for f in fields}
    for flag in ("is_leading", "is_key", "is_leader"):
        if flag in fields:
            data[flag] = bool(request.POST.get(flag))
    return data


def project_url(user, project) -> str:
    """The project's page, only for a user it opens for (plain text otherwise)."""
    from ..permissions import projects as project_permissions

    if not project_permissions.can_view_project(user, project)[0]:
        return ""
    try:
        return reverse("investment:project", args=[project.pk])
    except NoReverseMatch:
        return ""


def _links(user) -> dict:
    return {"can_manage": permissions.can_manage_chains(user)[0]}


@login_required
@domain_view
def chain_list(request):
    require(permissions.can_view_chains(request.user))
    year = _year(request)
    rows = selectors.chains_overview(selectors.chains_for(request.user), year)
    labels = selectors.status_labels()
    bars = {
        "names": [r.chain.name for r in rows],
        "strong": [r.summary.strong for r in rows],
        "weak": [r.summary.weak for r in rows],
        "gap": [r.summary.gaps for r in rows],
        "labels": {"strong": labels["strong"], "weak": labels["weak"], "gap": labels["gap"]},
    }
    context = {"rows": rows, "bars": bars, "year": year, "years": selectors.placement_years(), **_links(request.user)}
    return render(request, "investment/chain_list.html", context)


def _lead_choices():
    return Organization.objects.filter(kind__in=services.LEAD_KINDS).order_by("kind", "name")


@login_required
@domain_view
def chain_new(request):
    require(permissions.can_manage_chains(request.user))
    values, errors = {"is_leading": True}, []
    if request.method == "POST":
        values = _post(request, CHAIN_FIELDS)
        try:
            chain = services.chain_create(actor=request.user, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已新建产业链“%(n)s”") % {"n": chain.name})
            return redirect("investment:chain", chain.pk)
    return render(request, "investment/chain_form.html", {"v": values, "errors": errors, "leads": _lead_choices()})


@login_required
@domain_view
def chain_edit(request, pk):
    chain = selectors.chain_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, chain))
    values = {f: getattr(chain, f) for f in CHAIN_FIELDS if f != "lead"} | {"lead": chain.lead_id or ""}
    errors = []
    if request.method == "POST":
        values = _post(request, CHAIN_FIELDS)
        try:
            services.chain_update(actor=request.user, chain=chain, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已保存"))
            return redirect("investment:chain", chain.pk)
    context = {
        "chain": chain,
        "v": values,
        "errors": errors,
        "leads": _lead_choices(),
        "can_manage": permissions.can_manage_chains(request.user)[0],
    }
    return render(request, "investment/chain_form.html", context)


@login_required
@require_POST
@domain_view
def chain_delete(request, pk):
    chain = selectors.chain_get(request.user, pk)
    require(permissions.can_manage_chains(request.user))
    try:
        services.chain_delete(actor=request.user, chain=chain)
    except DomainError as e:
        flash_error(request, e)
        return redirect("investment:chain", chain.pk)
    messages.success(request, _("已删除产业链“%(n)s”") % {"n": chain.name})
    return redirect("investment:chains")


@login_required
@domain_view
def chain_detail(request, pk):
    chain = selectors.chain_get(request.user, pk)
    year = _year(request)
    result, links = selectors.chain_gaps(chain, year)
    rows = selectors.link_rows(result, links)
    if request.GET.get("format") == "xlsx":
        placements = list(
            Placement.objects.filter(link__chain=chain, year=year)
            .select_related("link", "organization")
            .order_by("link__order", "link_id", "-output_value")
        )
        return xlsx_response(exports.map_workbook(chain, rows, placements, year), f"chain-{chain.code}-{year}.xlsx")
    chart = selectors.map_data(chain, result, lambda link_id: reverse("investment:link", args=[link_id]))
    context = {
        "chain": chain,
        "year": year,
        "years": selectors.placement_years(),
        "rows": rows,
        "summary": result.summary,
        "chart": chart,
        "labels": selectors.status_labels(),
        "can_edit": permissions.can_edit_chain(request.user, chain)[0],
        **_links(request.user),
    }
    return render(request, "investment/chain_detail.html", context)


@login_required
@domain_view
def chain_import(request, pk):
    chain = selectors.chain_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, chain))
    errors, result = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationFailed(detail=[{"field": "file", "message": _("请选择要导入的文件")}])
            rows = chains_import.read_rows(upload.read(), upload.name)
            result = chains_import.chain_import(
                actor=request.user, chain=chain, rows=rows, dry_run=bool(request.POST.get("dry_run"))
            )
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            if not result["dry_run"]:
                messages.success(
                    request,
                    _("导入完成：新增 %(a)s 个环节，更新 %(b)s 个") % {"a": result["created"], "b": result["updated"]},
                )
                return redirect("investment:chain", chain.pk)
    return render(request, "investment/chain_import.html", {"chain": chain, "errors": errors, "result": result})


@login_required
@domain_view
def chain_import_template(request):
    require(permissions.can_view_chains(request.user))
    return xlsx_response(exports.template_workbook(), "chain-links-template.xlsx")


# -------------------------------------------------------------------------------------------------- links


def _link_form(request, chain, link, values, errors):
    parents = [r for r in selectors.link_rows(*selectors.chain_gaps(chain)) if link is None or r["link"].pk != link.pk]
    context = {"chain": chain, "link": link, "v": values, "errors": errors, "parents": parents,
               "segments": Link.Segment.choices}  # fmt: skip
    return render(request, "investment/link_form.html", context)


@login_required
@domain_view
def link_new(request, pk):
    chain = selectors.chain_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, chain))
    values = {"parent": request.GET.get("parent", ""), "min_enterprises": 1, "segment": request.GET.get("segment", "")}
    errors = []
    if request.method == "POST":
        values = _post(request, LINK_FIELDS)
        try:
            link = services.link_create(actor=request.user, chain=chain, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已新增环节“%(n)s”") % {"n": link.name})
            return redirect("investment:chain", chain.pk)
    return _link_form(request, chain, None, values, errors)


@login_required
@domain_view
def link_edit(request, pk):
    link = selectors.link_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, link.chain))
    values = {f: getattr(link, f) for f in LINK_FIELDS if f != "parent"} | {"parent": link.parent_id or ""}
    values["industry_codes"] = " ".join(link.industry_codes or [])
    errors = []
    if request.method == "POST":
        values = _post(request, LINK_FIELDS)
        try:
            services.link_update(actor=request.user, link=link, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已保存"))
            return redirect("investment:link", link.pk)
    return _link_form(request, link.chain, link, values, errors)


@login_required
@require_POST
@domain_view
def link_delete(request, pk):
    link = selectors.link_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, link.chain))
    try:
        services.link_delete(actor=request.user, link=link)
    except DomainError as e:
        flash_error(request, e)
        return redirect("investment:link", link.pk)
    messages.success(request, _("已删除环节“%(n)s”") % {"n": link.name})
    return redirect("investment:chain", link.chain_id)


@login_required
@domain_view
def link_detail(request, pk):
    link = selectors.link_get(request.user, pk)
    chain = link.chain
    year = _year(request)
    result, links = selectors.chain_gaps(chain, year)
    me = result.links[link.pk]
    can_edit = permissions.can_edit_chain(request.user, chain)[0]
    q = request.GET.get("q", "").strip()
    placements = selectors.link_placements(link, year)
    page = Paginator(placements, PAGE).get_page(request.GET.get("page"))
    placed_orgs = set(placements.values_list("organization_id", flat=True))
    projects = list(selectors.link_projects(link)[:50])
    for p in projects:
        p.url = project_url(request.user, p)
    context = {
        "link": link,
        "chain": chain,
        "year": year,
        "years": selectors.placement_years(),
        "me": me,
        "status_label": selectors.status_label(me.status),
        "reasons": [selectors.reason_text(r) for r in me.reasons],
        "path": _path(link),
        "children": [
            {
                "link": links[c],
                "result": result.links[c],
                "status_label": selectors.status_label(result.links[c].status),
            }
            for c in me.children
        ],
        "placements": page.object_list,
        "page": page,
        "landed": [p for p in selectors.link_landed(link) if p.enterprise_id not in placed_orgs],
        "targets": list(link.targets.select_related("project").order_by("priority", "pk")),
        "projects": projects,
        "can_edit": can_edit,
        "q": q,
        "found": selectors.registry_search(request.user, q) if can_edit and q else [],
        "suggested": selectors.suggestions(request.user, link, year) if can_edit else [],
        "target_statuses": Target.Status.choices,
    }
    return render(request, "investment/link_detail.html", context)


def _path(link) -> list:
    path, node, seen = [], link.parent, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        path.insert(0, node)
        node = node.parent
    return path


@login_required
@require_POST
@domain_view
def placement_add(request, pk):
    link = selectors.link_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, link.chain))
    data = _post(request, ("organization", "year", "output_value", "products", "is_leader"))
    try:
        placement = chains_placements.placement_add(actor=request.user, link=link, **data)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已将“%(o)s”放到该环节") % {"o": placement.organization.name})
    return redirect(f"{reverse('investment:link', args=[link.pk])}?year={data['year'] or ''}")


@login_required
@domain_view
def placement_edit(request, pk):
    placement = selectors.placement_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, placement.link.chain))
    values = {f: getattr(placement, f) for f in ("year", "output_value", "products", "is_leader")}
    errors = []
    if request.method == "POST":
        values = _post(request, ("year", "output_value", "products", "is_leader"))
        try:
            chains_placements.placement_update(actor=request.user, placement=placement, **values)
        except DomainError as e:
            errors = e.detail or [{"message": str(e.message)}]
        else:
            messages.success(request, _("已保存"))
            return redirect(f"{reverse('investment:link', args=[placement.link_id])}?year={values['year']}")
    return render(
        request, "investment/link_placement_form.html", {"placement": placement, "v": values, "errors": errors}
    )


@login_required
@require_POST
@domain_view
def placement_remove(request, pk):
    placement = selectors.placement_get(request.user, pk)
    require(permissions.can_edit_chain(request.user, placement.link.chain))
    link_id, year = placement.link_id, placement.year
    try:
        chains_placements.placement_remove(actor=request.user, placement=placement)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已移除"))
    return redirect(f"{reverse('investment:link', args=[link_id])}?year={year}")
