"""Expert pool pages: the list (filters, Excel), an expert (fields, relations, review record, committee
seats), the expert form, status and availability, declared relations, "my expert profile", the committees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.selectors import one_or_not_found
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require, xlsx_response

from .. import exports, permissions
from ..forms import AvailabilityForm, CommitteeMemberForm, ExpertForm, ExpertSearchForm, RelationForm, StatusForm
from ..selectors import experts as selectors
from ..selectors import people as people_selectors
from ..services import experts as services

PAGE = 30


@login_required
@domain_view
def expert_list(request):
    require(permissions.can_view_experts(request.user))
    form = ExpertSearchForm(request.GET or None, fields=selectors.fields_all())
    rows = selectors.expert_search(selectors.experts_for(request.user), **form.filters())
    if request.GET.get("format") == "xlsx":
        rows = list(rows)
        credits = {e.pk: selectors.credit_score(e).score for e in rows}
        return xlsx_response(exports.experts_workbook(rows, credits), "experts.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "can_manage": permissions.can_manage_experts(request.user)[0],
    }
    return render(request, "talent/experts_list.html", context)


def _expert_context(user, expert) -> dict:
    return {
        "expert": expert,
        "fields": list(expert.fields.all()),
        "relations": selectors.relations_of(expert),
        "credit": selectors.credit_score(expert),
        "seats": selectors.seats_of(expert),
        "can_manage": permissions.can_manage_experts(user)[0],
        "can_declare": permissions.can_declare_relation(user, expert)[0],
        "relation_form": RelationForm(organizations=people_selectors.registry_organizations(None)),
        "status_form": StatusForm(initial={"status": expert.status}),
        "availability_form": AvailabilityForm(
            initial={"available": expert.available, "unavailable_until": expert.unavailable_until}
        ),
        "own": permissions.is_own_expert(user, expert),
    }


@login_required
@domain_view
def expert_detail(request, expert_id):
    expert = selectors.expert_visible(request.user, expert_id)
    return render(request, "talent/expert_detail.html", _expert_context(request.user, expert))


@login_required
@domain_view
def my_expert(request):
    """An expert's own record: fields, availability, declared relations, review record."""
    expert = getattr(request.user, "expert_profile", None)
    if expert is None:
        raise Http404(_("您的账号没有关联专家信息"))
    return render(request, "talent/expert_detail.html", _expert_context(request.user, expert))


def _expert_form(request, expert=None):
    initial = None
    if expert is not None:
        initial = {
            "name": expert.name,
            "kind": expert.kind,
            "title": expert.title,
            "employer": expert.employer_id,
            "employer_name": expert.employer_name,
            "region": expert.region_id,
            "fields": list(expert.fields.values_list("pk", flat=True)),
            "available": expert.available,
            "unavailable_until": expert.unavailable_until,
            "phone": expert.phone,
        }
    elif request.GET.get("person"):
        initial = {"person": request.GET["person"]}
    return ExpertForm(
        request.POST or None,
        initial=initial,
        employers=people_selectors.registry_organizations(None),
        fields=selectors.fields_all(),
        new=expert is None,
    )


@login_required
@domain_view
def expert_new(request):
    require(permissions.can_manage_experts(request.user))
    form = _expert_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.expert_create(actor=request.user, data=form.data_for_service())
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已加入专家库"))
            return redirect("talent:expert", expert.pk)
    return render(request, "talent/expert_form.html", {"form": form, "expert": None})


@login_required
@domain_view
def expert_edit(request, expert_id):
    expert = selectors.expert_visible(request.user, expert_id)
    require(permissions.can_manage_experts(request.user))
    form = _expert_form(request, expert)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(actor=request.user, expert=expert, data=form.data_for_service())
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("talent:expert", expert.pk)
    return render(request, "talent/expert_form.html", {"form": form, "expert": expert})


def _back(request, expert):
    if permissions.is_own_expert(request.user, expert) and not permissions.can_view_experts(request.user)[0]:
        return redirect("talent:my_expert")
    return redirect("talent:expert", expert.pk)


def _post(request, call, success: str) -> None:
    try:
        call()
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, success)


@login_required
@require_POST
@domain_view
def expert_status(request, expert_id):
    expert = selectors.expert_visible(request.user, expert_id)
    p = request.POST
    _post(
        request,
        lambda: services.expert_status_set(
            actor=request.user, expert=expert, status=p.get("status", ""), reason=p.get("reason", "")
        ),
        _("状态已更新"),
    )
    return _back(request, expert)


@login_required
@require_POST
@domain_view
def expert_availability(request, expert_id):
    expert = selectors.expert_visible(request.user, expert_id)
    p = request.POST
    _post(
        request,
        lambda: services.expert_availability_set(
            actor=request.user,
            expert=expert,
            available=p.get("available") in ("on", "1", "true"),
            unavailable_until=p.get("unavailable_until") or None,
        ),
        _("已更新可参加评审的情况"),
    )
    return _back(request, expert)


@login_required
@require_POST
@domain_view
def relation_add(request, expert_id):
    expert = selectors.expert_visible(request.user, expert_id)
    form = RelationForm(request.POST, organizations=people_selectors.registry_organizations(None))
    if not form.is_valid():
        messages.error(request, _("提交的数据有误，请修改后重试"))
        return _back(request, expert)
    data = {**form.cleaned_data, "organization": form.cleaned_data.get("organization")}
    _post(request, lambda: services.relation_declare(actor=request.user, expert=expert, data=data), _("已申报关系"))
    return _back(request, expert)


@login_required
@require_POST
@domain_view
def relation_remove(request, relation_id):
    relation = selectors.relation_get(relation_id)
    expert = selectors.expert_visible(request.user, relation.expert_id)
    _post(request, lambda: services.relation_remove(actor=request.user, relation=relation), _("已删除该关系"))
    return _back(request, expert)


# --- committees -----------------------------------------------------------------------------------------


@login_required
@domain_view
def committees(request):
    require(permissions.can_view_experts(request.user))
    return render(request, "talent/committees.html", {"committees": selectors.committees_all()})


@login_required
@domain_view
def committee_detail(request, committee_id):
    require(permissions.can_view_experts(request.user))
    committee = selectors.committee_get(committee_id)
    form = CommitteeMemberForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_manage_experts(request.user))
        if form.is_valid():
            d = form.cleaned_data
            try:
                expert = one_or_not_found(selectors.experts_all(), d["expert"])
                services.committee_member_add(
                    actor=request.user,
                    committee=committee,
                    expert=expert,
                    role=d["role"],
                    term_start=d.get("term_start"),
                    term_end=d.get("term_end"),
                )
            except DomainError as e:
                add_errors_to_form(form, e)
            else:
                messages.success(request, _("已增补委员"))
                return redirect("talent:committee", committee.pk)
    context = {
        "committee": committee,
        "members": selectors.committee_members(committee),
        "form": form,
        "can_manage": permissions.can_manage_experts(request.user)[0],
    }
    return render(request, "talent/committee.html", context)


@login_required
@require_POST
@domain_view
def committee_member_remove(request, seat_id):
    require(permissions.can_manage_experts(request.user))
    seat = selectors.seat_get(seat_id)
    _post(request, lambda: services.committee_member_remove(actor=request.user, seat=seat), _("已移出委员会"))
    return redirect("talent:committee", seat.committee_id)
