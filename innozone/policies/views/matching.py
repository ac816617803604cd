"""Pages of the 政策计算器: "我的政策" (an enterprise's clauses: qualifies with the estimated amount, nearly
qualifies with each failed condition, its own number and the gap and a link to file yearly figures, does not
qualify on request; the office and readers look up any organization by USCC) and a clause's eligible list
for the office, departments and leaders (with the near misses; Excel)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core.exports import table_workbook
from innozone.core.models import Organization
from innozone.core.web import domain_view, require, xlsx_response
from innozone.enterprises import selectors as registry

from ..models import Clause
from ..permissions import library as library_permissions
from ..permissions import matching as permissions
from ..selectors import facts as facts_selectors
from ..selectors import matching as selectors
from ..selectors.matching_words import amount_words, rule_words
from .library import links

PAGE = 50


def _figures_link(entry_id: int | None) -> str:
    """Where the enterprise files its yearly figures (the registry's figures page), '' when not registered."""
    if entry_id is None:
        return ""
    try:
        return reverse("enterprises:figures", args=[entry_id])
    except NoReverseMatch:
        return ""


def _organization_for(request) -> tuple[Organization | None, str]:
    """The organization the page is about: ?uscc= for the office and readers, else the user's own."""
    uscc = request.GET.get("uscc", "").strip().upper()[:18]
    if uscc and permissions.can_look_up(request.user)[0]:
        found = registry.organizations_by_uscc([uscc])
        if uscc not in found:
            return None, uscc
        return Organization.objects.get(pk=found[uscc][0]), uscc
    require(permissions.can_use_calculator(request.user))
    return request.user.organization, ""


@login_required
@domain_view
def mine(request):
    """我的政策."""
    looker = permissions.can_look_up(request.user)[0]
    if not looker:
        require(permissions.can_use_calculator(request.user))
    organization, uscc = _organization_for(request) if (request.GET.get("uscc") or not looker) else (None, "")
    show = request.GET.get("show", "near")
    show = show if show in selectors.SHOW else "near"
    context = {"looker": looker, "uscc": uscc, "show": show, "organization": organization, "subnav": "matching"}
    if organization is None:
        context["not_found"] = bool(uscc)
        return render(request, "policies/matching_mine.html", {**links(request.user), **context})
    today = timezone.localdate()
    found = selectors.matches_for(organization, today, show=show)
    policy = request.GET.get("policy", "")
    if policy.isdigit():
        found = [m for m in found if m.clause.policy_id == int(policy)]
    info = facts_selectors.facts_of(organization, today)
    eligible = [m for m in found if m.eligible]
    if request.GET.get("format") == "xlsx":
        return _mine_xlsx(organization, found)
    context.update(
        eligible=eligible,
        near=[m for m in found if m.near],
        others=[m for m in found if not m.eligible and not m.near],
        total=sum((m.amount or Decimal(0) for m in eligible), Decimal(0)),
        facts=info,
        figures_link=_figures_link(info.entry_id),
        policy_filter=policy,
        today=today,
    )
    return render(request, "policies/matching_mine.html", {**links(request.user), **context})


def _mine_xlsx(organization, found):
    outcome = {"eligible": _("符合"), "near": _("接近符合"), "no": _("不符合")}
    rows = [
        [
            m.clause.policy.title,
            m.clause.title,
            outcome[m.outcome],
            m.amount,
            "；".join(r["gap_text"] for r in m.failed_rows),
            m.determination_id,
        ]
        for m in found
    ]
    headers = [_("政策"), _("条款"), _("结果"), _("预计金额（元）"), _("未满足的条件"), _("判定编号")]
    data = table_workbook(_("政策匹配结果"), headers, rows)
    return xlsx_response(data, f"policy-matches-{organization.pk}.xlsx")


@login_required
@domain_view
def clause_eligible(request, pk: int):
    """A clause's eligible enterprises (and near misses) for the office, departments and leaders."""
    require(permissions.can_view_eligible(request.user))
    clause = get_object_or_404(Clause.objects.select_related("policy", "policy__owner"), pk=pk)
    require(library_permissions.can_view_policy(request.user, clause.policy))
    today = timezone.localdate()
    near = request.GET.get("near", "1") != "0"
    rows = selectors.eligible_for_clause(clause, on=today, near=near)
    allowed_regions = permissions.eligible_region_ids(request.user, clause)
    if allowed_regions is not None:
        places = registry.places_of([r.organization_id for r in rows])
        wanted = set(allowed_regions)
        rows = [r for r in rows if set(places.get(r.organization_id, (None, None))) & wanted]
    q = request.GET.get("q", "").strip()[:50]
    if q:
        rows = [r for r in rows if q in r.name or q.upper() == r.uscc]
    eligible = [r for r in rows if r.eligible]
    near_rows = [r for r in rows if not r.eligible]
    if request.GET.get("format") == "xlsx":
        headers = [_("统一社会信用代码"), _("名称"), _("结果"), _("预计金额（元）"), _("未满足的条件")]
        data = [
            [
                r.uscc,
                r.name,
                _("符合") if r.eligible else _("接近符合"),
                r.amount,
                "；".join(f["gap_text"] for f in r.failed),
            ]
            for r in eligible + near_rows
        ]
        return xlsx_response(table_workbook(_("符合条件企业"), headers, data), f"clause-{clause.pk}-eligible.xlsx")
    context = {
        "clause": clause,
        "condition_words": rule_words(clause.condition if clause.condition else {}),
        "amount_words": amount_words(clause.amount_rule or {}),
        "page": Paginator(eligible, PAGE).get_page(request.GET.get("page")),
        "near_page": Paginator(near_rows, PAGE).get_page(request.GET.get("npage")),
        "eligible_count": len(eligible),
        "near_count": len(near_rows),
        "total": sum((r.amount or Decimal(0) for r in eligible), Decimal(0)),
        "near": near,
        "q": q,
        "today": today,
        "limited": allowed_regions is not None,
        "can_grant": clause.no_application and permissions.can_manage_grants(request.user)[0],
        "can_look_up": permissions.can_look_up(request.user)[0],
    }
    return render(request, "policies/matching_clause.html", {**links(request.user), **context})
