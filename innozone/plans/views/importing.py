"""Plan import: upload or paste → review (source with highlights beside an editable table) → save."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import ValidationFailed
from innozone.core.models import Organization
from innozone.core.web import add_errors_to_form, domain_view, require

from ..importing import plan_import, plan_import_preview, read_upload
from ..importing.forms import (
    PlanImportForm,
    organization_choices,
    resolution_from_post,
    review_rows,
    structure_from_post,
    unit_rows,
)
from ..importing.highlight import highlighted_source
from ..importing.reading import parse_document
from ..models import Plan
from ..permissions import can_import_plan


@login_required
@domain_view
def plan_import_start(request):
    require(can_import_plan(request.user))
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            text = read_upload(upload.name, upload.read()) if upload else form.cleaned_data["text"]
            preview = plan_import_preview(actor=request.user, text=text, year=form.cleaned_data["year"])
        except ValidationFailed as e:
            add_errors_to_form(form, e)
        else:
            names = list(preview.units)
            rows = unit_rows(names, preview.units)
            return _render_review(request, text, preview.parsed, preview.structure, rows, [])
    return render(request, "plans/import_start.html", {"form": form})


@login_required
@require_POST
@domain_view
def plan_import_confirm(request):
    """Check the reviewed plan, or save it: the service's own checks always run (a check is a dry run),
    so the reviewer sees every problem at once."""
    require(can_import_plan(request.user))
    text = request.POST.get("source", "")
    structure, problems = structure_from_post(request.POST)
    resolution, kinds, undecided = resolution_from_post(request.POST, structure)
    if undecided:
        problems.append({"field": "units", "message": _new_units_message(undecided)})
    try:
        result = plan_import(
            actor=request.user,
            text=text,
            structure=structure,
            units=resolution,
            new_kinds=kinds,
            create_units=True,
            dry_run=request.POST.get("action") != "save",
            problems=problems,
        )
    except ValidationFailed as e:
        errors = list(e.detail) or [{"field": "", "message": str(e.message)}]
    else:
        if result.plan is not None:
            return redirect("plans:overview", result.plan.pk)
        errors = []
    parsed = parse_document(text, year=structure["year"]) if text.strip() else None
    rows = unit_rows(list(resolution), chosen=resolution, kinds=kinds)
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
