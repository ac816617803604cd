"""Pages of the annual evaluation: the kinds and their recognition conditions, the self-check of a platform
against them (认定条件自查), a platform's yearly figures (file and show), and the year's assessment results
(ranking, grade counts, Excel export; the office runs the evaluation from it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require, xlsx_response

from .. import conditions as rules
from .. import exports_evaluation, permissions
from ..models import Assessment, Level
from ..selectors import conditions as cond_sel
from ..selectors import evaluation as sel
from ..services import evaluation as evaluation_service
from ..services import figures as figures_service


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= timezone.localdate().year else default


@login_required
@domain_view
def conditions_list(request):
    require(permissions.can_view_platforms(request.user))
    kinds = cond_sel.kinds_with_conditions()
    return render(
        request,
        "platforms/evaluation_conditions.html",
        {"kinds": kinds, "levels": dict(Level.choices), "certainty": rules.CERTAINTY, "metrics": rules.METRICS},
    )


@login_required
@domain_view
def condition_check(request, pk):
    platform = sel.platform_visible(request.user, pk)
    require(permissions.can_view(request.user, platform))
    latest = sel.figures_of(platform)[:1]
    figures = sel.figures_dict(latest[0]) if latest else {}
    level = request.GET.get("level") if request.GET.get("level") in Level.values else platform.level
    tiers = cond_sel.tiers_for(platform.kind, level)
    tier = request.GET.get("tier", platform.tier)
    tier = tier if tier in tiers else (tiers[0] if tiers else "")
    conditions = cond_sel.conditions_for(platform.kind, level, tier)
    for c in conditions:
        if c.metric in request.GET:
            figures[c.metric] = request.GET[c.metric]
    hardship = request.GET.get("hardship") == "1"
    rows = cond_sel.condition_check((platform.kind, level, tier), figures, hardship=hardship)
    return render(
        request,
        "platforms/evaluation_check.html",
        {
            "platform": platform,
            "rows": rows,
            "summary": rules.summary(rows),
            "level": level,
            "levels": Level.choices,
            "tier": tier,
            "tiers": tiers,
            "hardship": hardship,
            "from_year": latest[0].year if latest else None,
        },
    )


FIGURE_LABELS = [(f, *rules.METRICS[f]) for f in sel.FIGURE_FIELDS]


@login_required
@domain_view
@require_http_methods(["GET", "POST"])
def figures(request, pk):
    platform = sel.platform_visible(request.user, pk)
    require(permissions.can_view(request.user, platform))
    can_file = permissions.can_file_figures(request.user, platform)[0]
    errors, values = [], {}
    year = _year(request.GET.get("year"), timezone.localdate().year - 1)
    if request.method == "POST":
        require(permissions.can_file_figures(request.user, platform))
        values = {f: request.POST.get(f, "") for f in sel.FIGURE_FIELDS}
        try:
            figures_service.figures_file(actor=request.user, platform=platform, year=request.POST.get("year"), **values)
        except DomainError as e:
            errors = e.detail or [{"field": "", "message": str(e.message)}]
            year = request.POST.get("year", year)
        else:
            messages.success(request, _("年度数据已保存"))
            return redirect("platforms:figures", pk=platform.pk)
    else:
        current = sel.figures_for_year(platform, year)
        prefill = sel.carrier_prefill(request.user, platform, year) if current is None else {}
        values = sel.figures_dict(current) if current else prefill
    rows = sel.figures_of(platform)
    labels = {"year": _("年度"), **{name: label for name, label, _unit in FIGURE_LABELS}}
    return render(
        request,
        "platforms/evaluation_figures.html",
        {
            "platform": platform,
            "rows": rows,
            "table": [(label, unit, [getattr(r, name) for r in rows]) for name, label, unit in FIGURE_LABELS],
            "fields": [(name, label, unit, values.get(name, "")) for name, label, unit in FIGURE_LABELS],
            # each problem under the label a person sees on the form, not the field's code
            "errors": [{**e, "label": labels.get(e.get("field"), "")} for e in errors],
            "error_fields": {e.get("field") for e in errors},
            "year": year,
            "can_file": can_file,
        },
    )


@login_required
@domain_view
@require_http_methods(["GET", "POST"])
def results(request):
    require(permissions.can_view_platforms(request.user))
    years = sel.assessment_years()
    default = years[0] if years else timezone.localdate().year - 1
    year = _year(request.GET.get("year") or request.POST.get("year"), default)
    if request.method == "POST":
        require(permissions.can_manage(request.user))
        try:
            outcome = evaluation_service.assessment_run(actor=request.user, year=request.POST.get("year"))
        except DomainError as e:
            flash_error(request, e)
        else:
            messages.success(
                request,
                _("%(y)s年度评价完成：%(n)s个平台参评，%(a)s个未填报")
                % {"y": outcome["year"], "n": len(outcome["results"]), "a": len(outcome["absent"])},
            )
        return redirect(f"{request.path}?year={year}")
    rows = sel.assessments_for(request.user, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports_evaluation.assessments_workbook(rows, year), f"platform-evaluation-{year}.xlsx")
    absent = sel.platforms_for(request.user).filter(pk__in=sel.absent_ids(year))
    counts = sel.grade_counts(rows)
    return render(
        request,
        "platforms/evaluation_results.html",
        {
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "rows": rows,
            "counts": [(g, label, counts[g]) for g, label in Assessment.Grade.choices],
            "absent": absent,
            "can_run": permissions.can_manage(request.user)[0],
        },
    )
