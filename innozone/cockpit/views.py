import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from innozone.core.permissions import sees_all
from innozone.core.web import require
from innozone.funds.selectors import money as fund_money
from innozone.investment.selectors import projects_indicators as investment_figures
from innozone.onestop.selectors import stats as service_stats
from innozone.plans import selectors as plan_selectors
from innozone.policies.selectors import stats as policy_stats


@login_required
def dashboard(request):
    """The leader's view: every plan's task statuses, targets against totals, and what is late."""
    require(plan_selectors.can_view_plan(request.user))
    page = Paginator(plan_selectors.plans_for(request.user), 5).get_page(request.GET.get("page"))
    cards = []
    for plan in page:
        progress = plan_selectors.plan_progress(plan)
        counts = progress.status_counts()
        cards.append(
            {
                "plan": plan,
                "progress": progress,
                "pie": json.dumps(
                    [{"name": plan_selectors.status_label(s), "value": n, "key": s.value} for s, n in counts.items()],
                    ensure_ascii=False,
                ),
                "bars": json.dumps(
                    [{"name": i.indicator.name, "ratio": round(float(i.ratio) * 100, 1)} for i in progress.indicators],
                    ensure_ascii=False,
                ),
                "attention": [r for r in progress.tasks if r.status in ("overdue", "at_risk")][:10],
            }
        )
    pending = plan_selectors.review_queue(request.user).count()
    context = {
        "page": page,
        "cards": cards,
        "pending": pending,
        "funds": _funds_card(request.user),
        "services": _services_card(request.user),
        "investment": _investment_card(request.user),
    }
    return render(request, "cockpit/dashboard.html", context)


def _funds_card(user) -> dict | None:
    """Special funds for leaders, the office and auditors: awards and spend by city against the S&T input
    target (兰州 80亿 / 白银 20亿), tranches paid this year, projects by status."""
    if not sees_all(user):
        return None
    card = fund_money.cockpit_card()
    card["bars"] = json.dumps(
        [{"name": c["city"], "ratio": str(c["ratio"].quantize(fund_money.CENT))} for c in card["cities"]],
        ensure_ascii=False,
    )
    return card


def _services_card(user) -> dict | None:
    """One-stop service and policies for leaders, the office and auditors: this year's cases, days, overdue and
    satisfaction, each department's share finished within the promised limit, the open cases by the clock's
    level; published clauses and 免申即享 grants."""
    if not sees_all(user):
        return None
    card = service_stats.cockpit_summary()
    card["policies"] = policy_stats.policy_stats(year=card["year"])
    card["bars"] = json.dumps(
        [
            {"name": d["department"], "ratio": round(float(d["within_promised_rate"]) * 100, 1)}
            for d in card["departments"]
            if d["within_promised_rate"] is not None
        ],
        ensure_ascii=False,
    )
    return card


def _investment_card(user) -> dict | None:
    """产业链招商 for leaders, the office and auditors: signed vs in-place funds by city, projects by stage, the
    chains' gaps (the chains part's summary)."""
    if not sees_all(user):
        return None
    from innozone.investment.selectors import chains as investment_chains

    card = investment_figures.cockpit_card(gaps=investment_chains.gaps_by_chain())
    card["bars"] = json.dumps(
        [{"name": c["city"], "ratio": str(c["ratio"])} for c in card["cities"] if c["ratio"] is not None],
        ensure_ascii=False,
    )
    return card
