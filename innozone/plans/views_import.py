"""Plan import: upload or paste → review (source with highlights beside an editable table) → save."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import ValidationFailed
from innozone.core.models import Organization
from innozone.core.web import add_errors_to_form, domain_view, require

from .forms import PlanImportForm
from .importing import parse_document, read_upload, resolve_units, structure_from_parsed
from .models import Plan
from .permissions import can_import_plan
from .review import (
    highlighted_source,
    organization_choices,
    resolution_from_post,
    review_rows,
    structure_from_post,
    unit_rows,
)
from .services import plan_import


@login_required
@domain_view
def plan_import_start(request):
    require(can_import_plan(request.user))
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            text = read_upload(upload.name, upload.read()) if upload else form.cleaned_data["text"]
            parsed = parse_document(text, year=form.cleaned_data["year"])
        except ValidationFailed as e:
            add_errors_to_form(form, e)
        else:
            structure = structure_from_parsed(parsed, year=form.cleaned_data["year"])
            names = parsed.unit_names()
            return _render_review(request, text, parsed, structure, unit_rows(names, resolve_units(names)), [])
    return render(request, "plans/import_start.html", {"form": form})


@login_required
@require_POST
@domain_view
def plan_import_confirm(request):
    require(can_import_plan(request.user))
    text = request.POST.get("source", "")
    structure, errors = structure_from_post(request.POST)
    parsed = parse_document(text, year=structure["year"]) if text.strip() else None
    resolution, kinds, undecided = resolution_from_post(request.POST, structure)
    names = list(resolution)
    rows = unit_rows(names, chosen=resolution, kinds=kinds)
    if undecided:
        errors.append({"field": "units", "message": _new_units_message(undecided)})
    # Always run the service's own checks, inside a transaction rolled back unless this is a clean
    # save: the reviewer sees every problem at once, and "check" is a full dry run.
    plan = None
    try:
        with transaction.atomic():
            plan = plan_import(
                actor=request.user, structure=structure, source_text=text, resolution=resolution, new_kinds=kinds
            )
            if errors or request.POST.get("action") != "save":
                transaction.set_rollback(True)
                plan = None
    except ValidationFailed as e:
        errors += list(e.detail) or [{"field": "", "message": str(e.message)}]
    if plan is not None:
        return redirect("plans:overview", plan.pk)
    return _render_review(request, text, parsed, structure, rows, errors)


def _new_units_message(names):
    return _("以下单位是编辑后新增的，请确认对应机构：%(names)s") % {"names": "、".join(names)}


def _render_review(request, text, parsed, structure, rows, errors):
    context = {
        "source_html": highlighted_source(text, parsed) if parsed else "",
        "source": text,
        "structure": structure,
        "tasks": review_rows(structure),
        "units": rows,
        "organizations": organization_choices(),
        "kinds": Organization.Kind.choices,
        "unplaced": parsed.unplaced if parsed else (),
        "first_listed": parsed.first_listed_leads if parsed else False,
        "errors": errors,
        "frequencies": Plan._meta.get_field("report_frequency").choices,
        "new_count": sum(1 for r in rows if r["org_id"] is None),
        "target_count": len(structure.get("indicators", [])),
        "target_example": "新产品|>=|100|个|兰州=80,白银=20",  # data, not chrome: region names stay Chinese
    }
    return render(request, "plans/import_review.html", context, status=400 if errors else 200)
