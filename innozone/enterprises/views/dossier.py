"""The dossier (档案) of one entry — profile, parties, figures, qualifications, pipeline, self-assessment and
the other apps' sections (core.dossier) — and the forms that change it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import dossier
from innozone.core.errors import DomainError, ValidationFailed
from innozone.core.permissions import is_office_admin
from innozone.core.web import add_errors_to_form, domain_view, flash_error, require

from .. import selectors, services
from ..forms import AdvanceForm, FiguresForm, PartiesForm, ProfileForm, QualificationForm, RevokeForm
from ..permissions import can_advance, can_edit, can_manage_qualifications, can_recommend
from ..services.cultivation import NEXT


def _innovation_score(request) -> int | None:
    """`?innovation_score=` (0–100): the experts' score the platform cannot judge, given by the reader."""
    raw = request.GET.get("innovation_score", "").strip()
    if raw.isdigit() and int(raw) <= 100:
        return int(raw)
    return None


@login_required
@domain_view
def detail(request, enterprise_id):
    user = request.user
    entry = selectors.enterprise_visible(user, enterprise_id)
    score = _innovation_score(request)
    cultivation = getattr(entry, "cultivation", None)
    figures = sorted(entry.figures.all(), key=lambda f: (-f.year, selectors.SOURCE_RANK[f.source]))
    context = {
        "e": entry,
        "figures": figures,
        "used": {f.pk for f in selectors.figures_by_year(entry).values()},
        "qualifications": selectors.qualifications_of(entry),
        "cultivation": cultivation,
        "steps": selectors.cultivation_steps(entry),
        "assessment": selectors.self_assessment(entry, innovation_score=score),
        "innovation_score": score,
        "sections": dossier.sections_for(entry.organization_id, user),
        "can_edit": can_edit(user, entry)[0],
        "can_manage": can_manage_qualifications(user)[0],
        "can_recommend": can_recommend(user, entry)[0],
        "can_advance": can_advance(user, entry)[0],
        "revoke_form": RevokeForm(),
        "advance_form": AdvanceForm(stages=NEXT.get(cultivation.stage, ()) if cultivation else ()),
    }
    return render(request, "enterprises/detail.html", context)


def _edit(request, entry, form, save, title):
    """The one form page: run `save()` on a valid POST, show the service's errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except DomainError as e:
            add_errors_to_form(form, e)
        else:
            messages.success(request, _("已保存"))
            return redirect("enterprises:detail", entry.pk)
    return render(request, "enterprises/form.html", {"e": entry, "form": form, "title": title})


@login_required
@domain_view
def profile_edit(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_edit(request.user, entry))
    locked = not is_office_admin(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(entry), uscc_locked=locked)

    def save():
        services.enterprise_update(actor=request.user, enterprise=entry, data=form.data_for_service())

    return _edit(request, entry, form, save, _("修改企业信息"))


def _line_error(item: dict) -> dict:
    field, _dot, rest = str(item.get("field", "")).partition(".")
    line = rest.split(".")[0]
    if line.isdigit():
        return {"field": field, "message": _("第 %(n)s 行：%(m)s") % {"n": line, "m": item["message"]}}
    return {**item, "field": field}


@login_required
@domain_view
def parties_edit(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_edit(request.user, entry))
    form = PartiesForm(request.POST or None, initial=PartiesForm.initial_for(entry), enterprise=entry)

    def save():
        holders, people = form.parties()
        try:
            services.parties_set(actor=request.user, enterprise=entry, shareholders=holders, people=people)
        except ValidationFailed as e:  # "shareholders.2.share" → the shareholders box, naming line 2
            raise ValidationFailed(e.message, detail=[_line_error(item) for item in e.detail]) from e

    return _edit(request, entry, form, save, _("股东和主要人员"))


@login_required
@domain_view
def figures_file(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_edit(request.user, entry))
    form = FiguresForm(request.POST or None, office=is_office_admin(request.user))

    def save():
        services.figures_file(actor=request.user, enterprise=entry, data=form.cleaned_data)

    return _edit(request, entry, form, save, _("填报年度经营数据"))


@login_required
@domain_view
def qualification_new(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_manage_qualifications(request.user))
    form = QualificationForm(request.POST or None, request.FILES or None)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        evidence = form.cleaned_data.get("evidence")
        services.qualification_record(actor=request.user, enterprise=entry, data=data, evidence=evidence)

    return _edit(request, entry, form, save, _("登记资质"))


@login_required
@require_POST
@domain_view
def qualification_revoke(request, qualification_id):
    qualification = selectors.qualification_visible(request.user, qualification_id)
    require(can_manage_qualifications(request.user))
    try:
        services.qualification_revoke(
            actor=request.user, qualification=qualification, reason=request.POST.get("reason", "")
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("资质已撤销"))
    return redirect("enterprises:detail", qualification.enterprise_id)


@login_required
@domain_view
def evidence_download(request, qualification_id):
    """A qualification's evidence file, for whoever may see the entry (404 for anyone else)."""
    qualification = selectors.qualification_visible(request.user, qualification_id)
    if not qualification.evidence:
        raise Http404()
    name = qualification.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(qualification.evidence.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
@domain_view
def pipeline_enter(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_recommend(request.user, entry))
    try:
        services.cultivation_enter(actor=request.user, enterprise=entry, note=request.POST.get("note", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已推荐进入高企培育库"))
    return redirect("enterprises:detail", entry.pk)


@login_required
@require_POST
@domain_view
def pipeline_advance(request, enterprise_id):
    entry = selectors.enterprise_visible(request.user, enterprise_id)
    require(can_advance(request.user, entry))
    cultivation = getattr(entry, "cultivation", None)
    if cultivation is None:
        raise Http404()
    form = AdvanceForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("请选择要转到的阶段"))
        data = {k: v for k, v in form.cleaned_data.items() if k != "stage"}
        services.cultivation_advance(
            actor=request.user, cultivation=cultivation, stage=form.cleaned_data["stage"], data=data
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("培育阶段已更新"))
    return redirect("enterprises:detail", entry.pk)
