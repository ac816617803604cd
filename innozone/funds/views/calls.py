"""Pages of programmes and calls: the funds index (programmes and calls, tabs), a programme with its budget
lines and remaining budget, the office's programme and call editors, a call's notice (eligibility for the
user's organization, the apply button for eligible kinds), the office's stage moves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.models import Region
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from ..exports import calls as exports
from ..forms import calls as forms
from ..models import Application, BudgetLine, Call, Programme
from ..permissions import calls as permissions
from ..permissions import reviews as review_permissions
from ..selectors import applications as app_selectors
from ..selectors import calls as selectors
from ..selectors.calls_eligibility import eligibility_of
from ..services import calls as call_services
from ..services import calls_stages, programmes
from ..services.calls import CHAIN_STAGES, FIELD_TYPES

REVIEW_STAGES = ("review", "decision", "publicity", "awarded")
RULE_TYPES = [
    ("region", _l("注册地区（地区代码）")),
    ("kind", _l("单位类型")),
    ("size", _l("企业规模")),
    ("qualification", _l("持有资质（任一）")),
    ("years_registered", _l("成立满 N 年")),
    ("figure", _l("指标（如 rd_ratio >= 0.03）")),
    ("not_sanctioned", _l("无限制申报记录")),
]


def _links(user) -> dict:
    return {
        "can_manage": permissions.can_manage(user)[0],
        "can_mine": permissions.is_applicant_user(user),
        "can_checks": permissions.can_view_checks(user)[0],
        "can_recommendations": permissions.can_view_recommendations(user)[0],
        "can_review_calls": review_permissions.can_view_ranking(user)[0],
        "can_my_reviews": user.role == "expert",
    }


@login_required
@domain_view
def index(request):
    require(permissions.can_view_funds(request.user))
    tab = request.GET.get("tab", "calls")
    filters = {k: request.GET.get(k, "") for k in ("q", "stage", "programme")}
    progs = selectors.programmes_for(request.user)
    calls = selectors.call_search(selectors.calls_for(request.user), **filters)
    if request.GET.get("format") == "xlsx":
        if tab == "programmes":
            return xlsx_response(exports.programmes_workbook(progs), "programmes.xlsx")
        return xlsx_response(exports.calls_workbook(calls), "calls.xlsx")
    page = Paginator(calls, 30).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.effective = selectors.call_effective_stage(c)
        c.effective_label = selectors.stage_label(c.effective)
    context = {
        "tab": tab,
        "filters": filters,
        "page": page,
        "programmes": progs,
        "stages": [(s, selectors.stage_label(s)) for s in ("pending", *Call.Stage.values)],
        **_links(request.user),
    }
    return render(request, "funds/index.html", context)


@login_required
@domain_view
def programme_detail(request, pk):
    require(permissions.can_view_funds(request.user))
    programme = selectors.programme_get(request.user, pk)
    calls = selectors.calls_for(request.user).filter(programme=programme)
    context = {
        "programme": programme,
        "lines": selectors.budget_lines(programme),
        "calls": calls,
        "total": selectors.programme_total(programme),
        "allocated": selectors.programme_allocated(programme),
        "remaining": selectors.programme_remaining(programme),
        **_links(request.user),
    }
    return render(request, "funds/programme_detail.html", context)


def _programme_form(request, programme=None):
    require(permissions.can_manage(request.user))
    data = None
    if request.method == "POST":
        data = forms.programme_data(request.POST)
        try:
            if programme is None:
                programme = programmes.programme_create(actor=request.user, **data)
            else:
                programme = programmes.programme_update(actor=request.user, programme=programme, **data)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("专项已保存"))
            return redirect("funds:programme", programme.pk)
    context = {
        "programme": programme,
        "v": forms.programme_initial(programme, data),
        "kinds": Programme.Kind.choices,
        "sources": BudgetLine.Source.choices,
    }
    return render(request, "funds/programme_form.html", context)


@login_required
@domain_view
def programme_new(request):
    return _programme_form(request)


@login_required
@domain_view
def programme_edit(request, pk):
    return _programme_form(request, selectors.programme_get(request.user, pk))


def _labelled_counts(call) -> list[tuple[str, int]]:
    labels = dict(Application.Status.choices)
    return [(labels.get(k, k), n) for k, n in app_selectors.status_counts(call.applications.all()).items()]


@login_required
@domain_view
def call_detail(request, pk):
    call = selectors.call_get(request.user, pk)
    require(permissions.can_view_call(request.user, call))
    stage = selectors.call_effective_stage(call)
    org = request.user.organization
    eligible, rows = (False, [])
    kinds = selectors.call_kinds(call)
    kind_ok = org is not None and (kinds is None or org.kind in kinds)
    if org is not None and permissions.is_applicant_user(request.user):
        eligible, rows = eligibility_of(call, org)
    mine = None
    if org is not None:
        mine = (
            app_selectors.applications_mine(request.user)
            .filter(call=call, applicant=org)
            .exclude(status="withdrawn")
            .first()
        )
    context = {
        "call": call,
        "stage": stage,
        "stage_label": selectors.stage_label(stage),
        "eligible": eligible,
        "rows": rows,
        "can_apply": permissions.can_apply(request.user, call, stage=stage)[0] and kind_ok and mine is None,
        "mine": mine,
        "can_edit": permissions.can_edit_call(request.user, call)[0],
        "criteria": call.criteria.all(),
        "quotas": [(selectors.CHAIN_LABELS.get(q.stage, q.stage), q) for q in call.quotas.select_related("region")],
        "chain_labels": [selectors.CHAIN_LABELS.get(s, s) for s in call.chain or []],
        "can_review_tabs": call.stage in REVIEW_STAGES and review_permissions.can_view_ranking(request.user, call)[0],
        "counts": _labelled_counts(call) if permissions.can_manage(request.user)[0] else [],
        **_links(request.user),
    }
    return render(request, "funds/call_detail.html", context)


def _call_form(request, *, programme=None, call=None):
    data = None
    if request.method == "POST":
        data = forms.call_data(request.POST)
        try:
            if call is None:
                call = call_services.call_create(actor=request.user, programme=programme, **data)
            else:
                call = call_services.call_update(actor=request.user, call=call, **data)
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(request, _("申报通知已保存"))
            return redirect("funds:call", call.pk)
    context = {
        "programme": programme or call.programme,
        "call": call,
        "v": forms.call_initial(call, data),
        "rule_types": RULE_TYPES,
        "field_types": FIELD_TYPES,
        "chain_stages": [(s, selectors.CHAIN_LABELS[s]) for s in CHAIN_STAGES],
        "regions": Region.objects.order_by("id"),
    }
    return render(request, "funds/call_form.html", context)


@login_required
@domain_view
def call_new(request, pk):
    require(permissions.can_manage(request.user))
    return _call_form(request, programme=selectors.programme_get(request.user, pk))


@login_required
@domain_view
def call_edit(request, pk):
    call = selectors.call_get(request.user, pk)
    require(permissions.can_edit_call(request.user, call))
    return _call_form(request, call=call)


@require_POST
@login_required
@domain_view
def call_stage(request, pk):
    call = selectors.call_get(request.user, pk)
    require(permissions.can_manage(request.user))
    move = request.POST.get("move")
    actions = {
        "open": lambda: calls_stages.call_open(actor=request.user, call=call),
        "close": lambda: calls_stages.call_close(actor=request.user, call=call),
        "review": lambda: calls_stages.call_start_review(actor=request.user, call=call),
        "cancel": lambda: calls_stages.call_cancel(
            actor=request.user, call=call, reason=request.POST.get("reason", "")
        ),
    }
    if move not in actions:
        messages.error(request, _("未知的操作"))
        return redirect("funds:call", call.pk)
    try:
        actions[move]()
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("通知阶段已更新"))
    return redirect("funds:call", call.pk)
