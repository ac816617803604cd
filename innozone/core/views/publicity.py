"""The public notices (公示) page: anyone reads running notices and files an objection; the approver of the
notice's stage answers objections on the same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import publicity
from ..errors import DomainError
from ..web import domain_view, flash_error, require


def notice_list(request):
    page = Paginator(publicity.notices_public(), 20).get_page(request.GET.get("page"))
    return render(request, "core/publicity_list.html", {"page": page, "now": timezone.now()})


@domain_view
def notice_detail(request, publicity_id: int):
    notice = publicity.notice_get(publicity_id)
    answerable = request.user.is_authenticated and publicity.can_answer(request.user, notice)[0]
    objections = list(notice.objections.all()) if answerable else list(notice.objections.exclude(answered_at=None))
    context = {
        "notice": notice,
        "running": publicity.is_running(notice),
        "objections": objections,
        "objection_count": notice.objections.count(),
        "answerable": answerable,
        "form": request.POST if request.method == "POST" else {},
    }
    if request.method == "POST":
        try:
            publicity.objection_file(
                actor=request.user,
                publicity=notice,
                name=request.POST.get("name", ""),
                contact=request.POST.get("contact", ""),
                text=request.POST.get("text", ""),
            )
        except DomainError as e:
            context["errors"] = e.detail or [{"message": str(e.message)}]
            return render(request, "core/publicity_detail.html", context, status=400 if e.detail else 409)
        messages.success(request, _("异议已提交，办理单位将在公示结束前答复。"))
        return redirect("publicity_detail", publicity_id=notice.pk)
    return render(request, "core/publicity_detail.html", context)


@login_required
@require_POST
@domain_view
def objection_answer(request, objection_id: int):
    objection = publicity.objection_get(objection_id)
    require(publicity.can_answer(request.user, objection.publicity))
    try:
        publicity.objection_answer(
            actor=request.user,
            objection=objection,
            answer=request.POST.get("answer", ""),
            upheld=request.POST.get("upheld") == "1",
        )
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("异议已答复"))
    return redirect("publicity_detail", publicity_id=objection.publicity_id)
