"""The cultivation board (高企培育库) per park and city — counts per stage and a funnel — and the list of
enterprises in the pipeline that are ready to apply."""

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from innozone.core.models import Region
from innozone.core.web import domain_view, require

from .. import selectors
from ..models import Cultivation
from ..permissions import can_view_registry, sees_all, staff_region, visible_region_ids

Stage = Cultivation.Stage
#: the funnel's stages, widest first: each counts the enterprises at that stage or past it (an enterprise not
#: recognised has applied; one up for renewal was recognised)
FUNNEL = (Stage.ENTERED, Stage.COACHING, Stage.APPLIED, Stage.RECOGNISED)
REACHED = {
    Stage.ENTERED: tuple(Stage.values),
    Stage.COACHING: (Stage.COACHING, Stage.APPLIED, Stage.RECOGNISED, Stage.REJECTED, Stage.RENEWAL),
    Stage.APPLIED: (Stage.APPLIED, Stage.RECOGNISED, Stage.REJECTED, Stage.RENEWAL),
    Stage.RECOGNISED: (Stage.RECOGNISED, Stage.RENEWAL),
}


def _require_staff(user) -> None:
    """The board and the ready list are for the office, leaders, auditors and city/park staff."""
    require(can_view_registry(user))
    require((sees_all(user) or staff_region(user) is not None, _("培育看板仅对办公室和市、园区工作人员开放")))


def _scopes(user) -> list[Region]:
    """The cities and parks whose boards the user may see: all of them, or those within its region."""
    qs = Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.PARK]).order_by("kind", "code")
    ids = visible_region_ids(user)
    return list(qs if ids is None else qs.filter(pk__in=ids))


@login_required
@domain_view
def board(request):
    user = request.user
    _require_staff(user)
    visible = selectors.enterprises_for(user)
    scopes = _scopes(user)
    chosen = next((r for r in scopes if str(r.pk) == request.GET.get("region", "")), None)
    rows = []
    for region in scopes:
        counts = selectors.pipeline_counts(selectors.enterprise_search(visible, region=region.pk))
        cells = [(s, counts[s]) for s in Cultivation.Stage.values]  # each count opens the list it counts
        rows.append({"region": region, "counts": [n for _s, n in cells], "cells": cells})
    scope_qs = selectors.enterprise_search(visible, region=chosen.pk) if chosen else visible
    totals = selectors.pipeline_counts(scope_qs)
    stages = dict(Cultivation.Stage.choices)
    funnel = [{"name": str(stages[s]), "value": sum(totals[t] for t in REACHED[s])} for s in FUNNEL]
    context = {
        "scopes": scopes,
        "chosen": chosen,
        "rows": rows,
        "stages": Cultivation.Stage.choices,
        "totals": [(code, label, totals[code]) for code, label in Cultivation.Stage.choices],
        "funnel": json.dumps(funnel, ensure_ascii=False),
    }
    return render(request, "enterprises/board.html", context)


@login_required
@domain_view
def ready(request):
    user = request.user
    _require_staff(user)
    visible = selectors.enterprises_for(user)
    scopes = _scopes(user)
    chosen = next((r for r in scopes if str(r.pk) == request.GET.get("region", "")), None)
    qs = selectors.enterprise_search(visible, region=chosen.pk) if chosen else visible
    rows = selectors.ready_to_apply(qs)
    return render(request, "enterprises/ready.html", {"rows": rows, "scopes": scopes, "chosen": chosen})
