"""Pages of meetings, the decision pack, decisions, the 公示 of the award list and award letters (part B)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core import approvals, publicity
from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, xlsx_response

from ..exports.pack_pdf import award_letter_pdf, pack_pdf
from ..exports.reviews import pack_workbook
from ..models import Application, Consensus, Decision, Meeting
from ..permissions import reviews as perms
from ..selectors import decisions as dsel
from ..selectors import reviews as sel
from ..services import awards, decisions, meetings


@login_required
@domain_view
def call_meetings(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    page = sel.ranking_page(call, sort=request.GET.get("sort", "-trimmed"), page=request.GET.get("page"))
    consensus = {
        c.application_id: c
        for c in Consensus.objects.filter(application__call=call, application_id__in=[r["pk"] for r in page])
    }
    for r in page.object_list:
        r["consensus"] = consensus.get(r["pk"])
    return render(
        request,
        "funds/meeting_list.html",
        {
            "call": call,
            "meetings": list(call.meetings.order_by("held_on", "id")),
            "panels": list(call.meetings.filter(kind=Meeting.Kind.PANEL).order_by("-held_on", "-id")),
            "page": page,
            "kinds": Meeting.Kind.choices,
            "opinions": Consensus.Opinion.choices,
            "can_manage": perms.can_manage_reviews(request.user)[0],
            "today": timezone.localdate().isoformat(),
            "tab": "meetings",
        },
    )


@login_required
@require_POST
@domain_view
def meeting_add(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    try:
        meetings.meeting_record(
            actor=request.user,
            call=call,
            kind=request.POST.get("kind", ""),
            name=request.POST.get("name", ""),
            held_on=request.POST.get("held_on", ""),
            attendees=request.POST.get("attendees", ""),
            minutes=request.POST.get("minutes", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("会议已记录"))
    return redirect("funds:meetings", call_id=call.pk)


@login_required
@require_POST
@domain_view
def consensus_add(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    meeting = call.meetings.filter(pk=request.POST.get("meeting") or 0).first()
    app = Application.objects.filter(call=call, pk=request.POST.get("application") or 0).first()
    try:
        if meeting is None or app is None:
            raise DomainError(_("请选择专家评审会和项目"))
        meetings.consensus_set(
            actor=request.user,
            meeting=meeting,
            application=app,
            opinion=request.POST.get("opinion", ""),
            amount=request.POST.get("amount", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("专家组意见已记录"))
    return redirect("funds:meetings", call_id=call.pk)


@login_required
@domain_view
def call_pack(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    data = dsel.pack_page(call, sort=request.GET.get("sort", "-trimmed"), page=request.GET.get("page"))
    return render(request, "funds/pack_page.html", {**data, "tab": "pack"})


@login_required
@domain_view
def call_pack_pdf(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    response = HttpResponse(pack_pdf(dsel.pack(call)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pack-{call.pk}.pdf"'
    return response


@login_required
@domain_view
def call_pack_xlsx(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    return xlsx_response(pack_workbook(dsel.pack(call)), f"pack-{call.pk}.xlsx")


@login_required
@domain_view
def call_decisions(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    data = dsel.pack_page(call, page=request.GET.get("page"))
    page = data["page"]
    task = awards.pending_task(call, request.user)
    notice = publicity.publicity_of(call.publicity) if call.publicity_id else None
    return render(
        request,
        "funds/decision_list.html",
        {
            **data,
            "page": page,
            "deciding": list(call.meetings.filter(kind=Meeting.Kind.DECISION).order_by("-held_on", "-id")),
            "outcomes": Decision.Outcome.choices,
            "can_manage": perms.can_manage_reviews(request.user)[0],
            "task": task,
            "blocker": approvals.stage_blocker(task) if task else None,
            "notice": notice,
            "notice_running": notice is not None and publicity.is_running(notice),
            "awards": list(
                call.applications.filter(award__isnull=False)
                .select_related("award", "applicant")
                .order_by("award__letter_no")
            ),
            "letter_base": awards.default_letter_base(call),
            "today": timezone.localdate().isoformat(),
            "tab": "decisions",
        },
    )


@login_required
@require_POST
@domain_view
def decisions_save(request, call_id: int):
    """The decision table's rows: every row with an outcome chosen is recorded in one go."""
    call = sel.call_for_ranking(request.user, call_id)
    meeting = call.meetings.filter(pk=request.POST.get("meeting") or 0).first()
    items = []
    for app_id in request.POST.getlist("application"):
        outcome = request.POST.get(f"outcome_{app_id}", "")
        if outcome:
            items.append(
                {
                    "application": app_id,
                    "outcome": outcome,
                    "amount": request.POST.get(f"amount_{app_id}", ""),
                    "budget_line": request.POST.get(f"line_{app_id}", ""),
                    "note": request.POST.get(f"note_{app_id}", ""),
                }
            )
    try:
        if meeting is None:
            raise DomainError(_("请先记录并选择立项决策会"))
        decisions.decisions_record(actor=request.user, call=call, meeting=meeting, items=items)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已记录 %(n)s 项决策") % {"n": len(items)})
    return redirect("funds:decisions", call_id=call.pk)


@login_required
@require_POST
@domain_view
def publicity_start(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    try:
        awards.award_publicity_start(actor=request.user, call=call)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("拟立项项目公示已发布"))
    return redirect("funds:decisions", call_id=call.pk)


@login_required
@require_POST
@domain_view
def publicity_decide(request, call_id: int):
    call = sel.call_for_ranking(request.user, call_id)
    try:
        awards.award_publicity_decide(
            actor=request.user,
            call=call,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
            letter_base=request.POST.get("letter_base", ""),
            letter_date=request.POST.get("letter_date", ""),
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已办理"))
    return redirect("funds:decisions", call_id=call.pk)


@login_required
@domain_view
def award_letter(request, award_id: int):
    award = awards.award_visible(request.user, award_id)
    return render(request, "funds/award_letter.html", {"award": award, "app": award.application})


@login_required
@domain_view
def award_letter_download(request, award_id: int):
    award = awards.award_visible(request.user, award_id)
    response = HttpResponse(award_letter_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="award-{award.pk}.pdf"'
    return response
