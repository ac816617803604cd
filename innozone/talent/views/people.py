"""Talent pool pages: the list (search, Excel), a person, the person form, the office's audited ID reveal,
flexible introductions."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.permissions import is_office_admin, visible_region_ids
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require, xlsx_response

from .. import exports, identity, permissions
from ..forms import IntroductionForm, PersonForm, PersonSearchForm
from ..selectors import people as selectors
from ..services import people as services

PAGE = 30


def _filtered(request):
    visible = selectors.people_for(request.user)
    form = PersonSearchForm(
        request.GET or None,
        fields=selectors.field_names(visible),
        honours=selectors.honours_all(active_only=False),
        region_ids=visible_region_ids(request.user),
    )
    rows = selectors.people_search(visible, **form.filters()) if form.is_bound else visible
    return form, selectors.people_rows(rows)


@login_required
@domain_view
def people_list(request):
    user = request.user
    require(permissions.can_view_talent(user))
    form, rows = _filtered(request)
    office = permissions.can_see_id_number(user)[0]
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.people_workbook(rows, masked_id=office), "talent.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "can_add": permissions.can_edit_person(user, None)[0],
        "young_age": selectors.YOUNG_AGE,
        "permit_warn_on": timezone.localdate() + timedelta(days=selectors.PERMIT_WARN_DAYS),
    }
    return render(request, "talent/people_list.html", context)


def _detail_context(user, person, revealed=None) -> dict:
    office = permissions.can_see_id_number(user)[0]
    return {
        "person": person,
        "permit_expiring": selectors.permit_expiring(person),
        "honours": list(person.honour_rows.all()),
        "introductions": list(person.introductions.all()),
        "masked_id": identity.id_number_masked(person) if office else "",
        "revealed_id": revealed,
        "can_see_id": office,
        "can_edit": permissions.can_edit_person(user, person)[0],
        "expert": getattr(person, "expert", None) if permissions.can_view_experts(user)[0] else None,
    }


@login_required
@domain_view
def person_detail(request, person_id):
    person = selectors.person_visible(request.user, person_id)
    return render(request, "talent/person_detail.html", _detail_context(request.user, person))


@login_required
@require_POST
@domain_view
def person_reveal(request, person_id):
    """The office sees the full number once, on this response; the reveal is audited."""
    person = selectors.person_visible(request.user, person_id)
    require(permissions.can_see_id_number(request.user))
    try:
        number = services.person_id_reveal(actor=request.user, person=person)
    except DomainError as e:
        flash_error(request, e)
        return redirect("talent:person", person.pk)
    response = render(request, "talent/person_detail.html", _detail_context(request.user, person, number))
    response["Cache-Control"] = "no-store"
    return response


def _person_form(request, person=None):
    user = request.user
    initial = None
    if person is not None:
        initial = {
            "name": person.name,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "education": person.education,
            "title": person.title,
            "field": person.field,
            "employer": person.employer_id,
            "region": person.region_id,
            "honours": [r.honour_id for r in person.honour_rows.all()],
            "nationality": person.nationality,
            "work_permit_no": person.work_permit_no,
            "work_permit_until": person.work_permit_until,
        }
    elif user.organization_id and not is_office_admin(user):
        initial = {"employer": user.organization_id}
    return PersonForm(
        request.POST or None,
        initial=initial,
        employers=selectors.registry_organizations(user),
        honours=selectors.honours_all(),
        new=person is None,
    )


@login_required
@domain_view
def person_new(request):
    require(permissions.can_edit_person(request.user, None))
    form = _person_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, data=form.data_for_service())
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记到人才库"))
            return redirect("talent:person", person.pk)
    return render(request, "talent/person_form.html", {"form": form, "person": None})


@login_required
@domain_view
def person_edit(request, person_id):
    person = selectors.person_visible(request.user, person_id)
    require(permissions.can_edit_person(request.user, person))
    form = _person_form(request, person)
    if request.method == "POST" and form.is_valid():
        years = {r.honour_id: r.year for r in person.honour_rows.all()}
        try:
            services.person_update(actor=request.user, person=person, data=form.data_for_service(years))
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("talent:person", person.pk)
    context = {"form": form, "person": person}
    if permissions.can_see_id_number(request.user)[0]:
        context["masked_id"] = identity.id_number_masked(person)
    return render(request, "talent/person_form.html", context)


# --- flexible introduction ------------------------------------------------------------------------------


@login_required
@domain_view
def introductions(request):
    require(permissions.can_view_talent(request.user))
    rows = selectors.introductions_for(request.user)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "talent/introductions.html", {"page": page})


@login_required
@domain_view
def introduction_new(request, person_id):
    person = selectors.person_visible(request.user, person_id)
    form = IntroductionForm(request.POST or None, hosts=selectors.registry_organizations(None))
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_create(actor=request.user, person=person, data=form.cleaned_data)
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已登记柔性引进"))
            return redirect("talent:person", person.pk)
    return render(request, "talent/introduction_form.html", {"form": form, "person": person})


@login_required
@require_POST
@domain_view
def introduction_end(request, introduction_id):
    row = selectors.introduction_visible(request.user, introduction_id)
    try:
        services.introduction_end(actor=request.user, introduction=row, ends_on=request.POST.get("ends_on"))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已结束柔性引进"))
    return redirect("talent:person", row.person_id)
