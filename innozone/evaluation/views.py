import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import ValidationFailed
from innozone.core.web import XLSX, add_errors_to_form, domain_view, require, xlsx_response

from . import exports, selectors, services
from .engine.pipeline import Settings
from .forms import DatasetForm, ImportForm, RunForm
from .models import Framework
from .permissions import can_manage_evaluation, can_view_evaluation


@login_required
def home(request):
    require(can_view_evaluation(request.user))
    return render(
        request,
        "evaluation/home.html",
        {
            "frameworks": [(f, services.live_sources(f)) for f in selectors.frameworks_for(request.user)],
            "runs": selectors.runs_for(request.user)[:50],
            "can_manage": can_manage_evaluation(request.user)[0],
        },
    )


@login_required
def template(request):
    require(can_view_evaluation(request.user))
    return xlsx_response(exports.template_workbook(), "evaluation-template.xlsx")


@login_required
def import_framework(request):
    require(can_manage_evaluation(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.framework_import(
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                meta=services.read_table(form.cleaned_data["meta_file"]),
                data=services.read_table(form.cleaned_data["data_file"]),
                dataset_name=form.cleaned_data["dataset_name"],
                year=form.cleaned_data["year"],
            )
        except ValidationFailed as e:
            add_errors_to_form(form, e)
            return render(request, "evaluation/import.html", {"form": form, "problems": e.detail}, status=422)
        messages.success(request, _("已导入指标体系与数据集"))
        return redirect("evaluation:run_new", dataset.pk)
    return render(request, "evaluation/import.html", {"form": form})


@login_required
def import_dataset(request, framework_id):
    require(can_manage_evaluation(request.user))
    framework = get_object_or_404(Framework, pk=framework_id)
    form = DatasetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.dataset_import(
                actor=request.user,
                framework=framework,
                name=form.cleaned_data["dataset_name"],
                year=form.cleaned_data["year"],
                data=services.read_table(form.cleaned_data["data_file"]),
            )
        except ValidationFailed as e:
            add_errors_to_form(form, e)
            return render(
                request,
                "evaluation/import.html",
                {"form": form, "framework": framework, "problems": e.detail},
                status=422,
            )
        messages.success(request, _("已导入数据集"))
        return redirect("evaluation:run_new", dataset.pk)
    return render(request, "evaluation/import.html", {"form": form, "framework": framework})


@login_required
@domain_view
def run_new(request, dataset_id):
    require(can_manage_evaluation(request.user))
    dataset = selectors.dataset_get(request.user, dataset_id)
    form = RunForm(request.POST or None, initial={"title": f"{dataset.name} 评价", "treat": "winsorise"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        settings = Settings(
            denominate=d["denominate"],
            screen=d["screen"],
            impute=d["impute"].strip() or "none",
            treat=d["treat"],
            normalise=d["normalise"],
            range_=(d["range_min"], d["range_max"]),
            aggregate=d["aggregate"],
            weighting=d["weighting"] or "manual",
        )
        try:
            run = services.run_create(
                actor=request.user,
                dataset=dataset,
                title=d["title"],
                settings=settings,
                uncertainty_runs=d["uncertainty_runs"],
                sensitivity_runs=d["sensitivity_runs"],
            )
        except ValidationFailed as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("计算完成"))
            return redirect("evaluation:run", run.pk)
    return render(request, "evaluation/run_new.html", {"form": form, "dataset": dataset, "units": len(dataset.rows)})


@login_required
@domain_view
def run_detail(request, run_id):
    run = selectors.run_get(request.user, run_id)
    table = selectors.ranking(run)
    names = selectors.node_names(run)
    pillars = selectors.pillars(run)
    rows = table.to_dict("records")
    chart = None
    if run.uncertainty:
        chart = {
            "units": [r["uName"] for r in rows],
            "nominal": [r["Rank"] for r in rows],
            "median": [r["Median"] for r in rows],
            "q5": [r["Q5"] for r in rows],
            "q95": [r["Q95"] for r in rows],
        }
    return render(
        request,
        "evaluation/run_detail.html",
        {
            "run": run,
            "rows": rows,
            "pillars": [(p, names.get(p, p)) for p in pillars],
            "chart": chart,
            "sensitivity": run.sensitivity or [],
            "can_manage": can_manage_evaluation(request.user)[0],
            "settings_json": json.dumps(run.settings, ensure_ascii=False, indent=1),
            "previous": selectors.previous_run(request.user, run),
        },
    )


@login_required
@domain_view
def unit_profile(request, run_id, code):
    run = selectors.run_get(request.user, run_id)
    profile = selectors.unit_profile(run, code)
    row = next(r for r in selectors.ranking(run).to_dict("records") if r["uCode"] == code)
    radar = {
        "indicators": [
            {"name": p["name"], "max": 100 if run.settings.get("normalise") == "minmax" else None}
            for p in profile["pillars"]
        ],
        "unit": [round(p["score"], 2) for p in profile["pillars"]],
        "median": [round(p["median"], 2) for p in profile["pillars"]],
    }
    return render(request, "evaluation/unit.html", {"run": run, "row": row, "profile": profile, "radar": radar})


@login_required
@require_POST
@domain_view
def run_publish(request, run_id):
    run = selectors.run_get(request.user, run_id)
    publish = request.POST.get("publish") == "1"
    services.run_publish(actor=request.user, run=run, published=publish)
    messages.success(request, _("已发布") if publish else _("已撤回发布"))
    return redirect("evaluation:run", run.pk)


@login_required
@domain_view
def run_export(request, run_id, fmt="xlsx"):
    run = selectors.run_get(request.user, run_id)
    if fmt == "pdf":
        response = HttpResponse(exports.run_pdf(run), content_type="application/pdf")
    else:
        response = HttpResponse(exports.run_workbook(run), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="evaluation-{run.pk}.{fmt}"'
    return response


@login_required
@domain_view
def run_what_if(request, run_id):
    """Change the pillar weights and see how the ranking would move (HTMX: only the table is returned)."""
    run = selectors.run_get(request.user, run_id)
    names = selectors.node_names(run)
    codes = selectors.pillars(run)
    weights, errors, shifts = {}, [], None
    if request.GET:
        for code in codes:
            raw = request.GET.get(code, "").strip()
            if raw:
                try:
                    weights[code] = float(raw)
                except ValueError:
                    errors.append(_("“%(v)s”不是数字") % {"v": raw})
        if not errors:
            try:
                shifts = services.run_what_if(run, weights).to_dict("records")
            except ValidationFailed as e:
                errors = [d["message"] for d in e.detail]
    current = {r["iCode"]: r.get("Weight") for r in run.dataset.framework.meta}
    context = {
        "run": run,
        "fields": [(c, names.get(c, c), request.GET.get(c, current.get(c))) for c in codes],
        "shifts": shifts,
        "errors": errors,
    }
    template = "evaluation/_what_if_table.html" if request.headers.get("HX-Request") else "evaluation/what_if.html"
    return render(request, template, context)


@login_required
@domain_view
def run_compare(request, run_id):
    """Year-over-year movement: rank and index changes and the indicators that explain them."""
    run = selectors.run_get(request.user, run_id)
    previous = (
        selectors.run_get(request.user, int(request.GET["with"]))
        if request.GET.get("with", "").isdigit()
        else selectors.previous_run(request.user, run)
    )
    rows = selectors.compare_runs(run, previous) if previous else []
    return render(request, "evaluation/compare.html", {"run": run, "previous": previous, "rows": rows})


@login_required
@require_POST
@domain_view
def dataset_live(request, dataset_id):
    """Build a data set whose live indicators come from the platform's own data for a year."""
    require(can_manage_evaluation(request.user))
    base = selectors.dataset_get(request.user, dataset_id)
    year = request.POST.get("year", "")
    if not year.isdigit():
        messages.error(request, _("请填写年度"))
        return redirect("evaluation:home")
    try:
        dataset = services.dataset_build_live(
            actor=request.user, base=base, year=int(year), name=request.POST.get("name", "")
        )
    except ValidationFailed as e:
        for item in e.detail:
            messages.error(request, f"{item.get('field', '')}：{item['message']}")
        return redirect("evaluation:home")
    messages.success(request, _("已用平台数据生成数据集"))
    return redirect("evaluation:run_new", dataset.pk)
