"""Pages of draws and reviews: the office's draw list, a draw's panels and exclusions, a new draw from a list of
items; an expert's own review assignments, where they submit a review or declare a conflict; the office's
rating of a submitted review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innozone.core.errors import DomainError
from innozone.core.web import domain_view, flash_error, require

from .. import permissions
from ..panel_rules import presets, rules_for
from ..selectors import draws as selectors
from ..services import draws, reviews


@login_required
def draw_list(request):
    require(permissions.can_view_experts(request.user))
    page = Paginator(selectors.draws_all(), 30).get_page(request.GET.get("page"))
    return render(request, "talent/draws.html", {"page": page, "can_draw": permissions.can_run_draw(request.user)[0]})


@login_required
@domain_view
def draw_detail(request, draw_id: int):
    require(permissions.can_view_experts(request.user))
    draw = draws.draw_get(draw_id)
    by_item: dict[str, list] = {}
    for a in selectors.assignments_of_draw(draw):
        by_item.setdefault(a.item_ref, []).append(a)
    panels = [(p, by_item.get(p["item"], [])) for p in draw.result.get("panels", [])]
    return render(
        request,
        "talent/draw_detail.html",
        {"draw": draw, "panels": panels, "can_rate": permissions.can_rate(request.user)[0]},
    )


def _items_from_text(text: str) -> list[draws.ItemInput]:
    items = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not any(parts) or parts[0] == "ref":
            continue
        parts += [""] * (4 - len(parts))
        items.append(draws.item_from_row(*parts[:4]))
    return items


@login_required
def draw_new(request):
    require(permissions.can_run_draw(request.user))
    context = {"presets": sorted(presets()), "form": request.POST}
    if request.method == "POST":
        try:
            size = int(request.POST.get("size") or 5)
            reserves = int(request.POST.get("reserves") or 2)
        except ValueError:
            context["errors"] = [{"message": _("评审组人数和备选人数应为整数")}]
            return render(request, "talent/draw_new.html", context, status=400)
        try:
            draw = draws.draw_run(
                actor=request.user,
                purpose=request.POST.get("purpose", ""),
                items=_items_from_text(request.POST.get("items", "")),
                rules=rules_for(request.POST.get("preset") or "default", size=size, reserves=reserves),
                seed=request.POST.get("seed") or None,
                assign=request.POST.get("assign") == "1",
            )
        except DomainError as e:
            # a form field under its label; an item's problem under the item's own reference
            labels = {"purpose": _("用途"), "items": _("评审项目"), "seed": _("随机种子"), "rules": _("规则")}
            labels.update(ref=_("编号"), field=_("技术领域"))
            problems = e.detail or [{"message": str(e.message)}]
            context["errors"] = [{**p, "label": labels.get(p.get("field"), p.get("field", ""))} for p in problems]
            context["message"] = str(e.message)
            return render(request, "talent/draw_new.html", context, status=400)
        messages.success(request, _("抽取完成，已记入账本"))
        return redirect("talent:draw_detail", draw_id=draw.pk)
    return render(request, "talent/draw_new.html", context)


@login_required
def my_reviews(request):
    require((permissions.is_expert_user(request.user), _("仅专家账号可以查看评审任务")))
    page = Paginator(selectors.assignments_for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "talent/my_reviews.html", {"page": page})


@login_required
@domain_view
def assignment_detail(request, assignment_id: int):
    assignment = selectors.assignment_visible(request.user, assignment_id)
    require(reviews.can_submit(request.user, assignment))
    elsewhere = reviews.review_page_of(assignment)  # e.g. a fund application, scored per criterion
    if elsewhere:
        return redirect(elsewhere)
    own = permissions.can_act_on_assignment(request.user, assignment)[0]
    context = {"a": assignment, "form": request.POST, "own": own}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                reviews.assignment_decline(
                    actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("已申请回避，备选专家已递补"))
            else:
                reviews.assignment_submit(
                    actor=request.user,
                    assignment=assignment,
                    score=request.POST.get("score", ""),
                    recommend=request.POST.get("recommend") == "1",
                    opinion=request.POST.get("opinion", ""),
                )
                messages.success(request, _("评审意见已提交"))
        except DomainError as e:
            context["errors"] = e.detail or [{"message": str(e.message)}]
            return render(request, "talent/assignment.html", context, status=400)
        return redirect("talent:my_reviews") if own else redirect("talent:draw_detail", draw_id=assignment.draw_id)
    return render(request, "talent/assignment.html", context)


@login_required
@require_POST
@domain_view
def assignment_rate(request, assignment_id: int):
    assignment = reviews.assignment_get(assignment_id)
    try:
        reviews.assignment_rate(actor=request.user, assignment=assignment, rating=request.POST.get("rating", ""))
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("已评价"))
    return redirect("talent:draw_detail", draw_id=assignment.draw_id)
