"""Pieces shared by the application pages: the posted editor's data, the cap warning, the page's context per
role."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from innozone.talent.selectors.lookup import people_by_ids

from ..permissions import calls as permissions
from ..selectors import applications as selectors
from ..selectors.applications_changes import changes_since_return, last_return
from ..selectors.calls import CHAIN_LABELS
from ..selectors.calls_eligibility import eligibility_of
from ..services.applications import CATEGORIES, budget_totals


def posted_data(post, app) -> dict:
    form = app.call.form or []
    data = {k: post.get(k, "") for k in ("title", "field", "amount", "total_budget") if k in post}
    data["answers"] = {
        f["key"]: post.get(f"answer_{f['key']}", "")
        for f in form
        if f["type"] in ("text", "textarea", "amount") and f"answer_{f['key']}" in post
    }
    if "budget_present" in post:
        data["budget"] = [
            {"category": c, "fiscal": post.get(f"budget_fiscal_{i}", ""), "own": post.get(f"budget_own_{i}", "")}
            for i, c in enumerate(CATEGORIES)
        ]
    if "team_present" in post:
        data["team_person_ids"] = post.getlist("team")
        data["leader_person_id"] = post.get("leader", "")
    return data


def cap_note(app) -> str:
    """The yearly cap per applicant (with its related parties) as a warning, or ''."""
    programme = app.call.programme
    if not programme.cap_per_applicant:
        return ""
    group = selectors.cap_group(app.applicant_id)
    held = selectors.applicant_committed(programme, group, programme.year, exclude_id=app.pk)
    total = held + (app.amount or Decimal(0))
    if total <= programme.cap_per_applicant:
        return ""
    return _("本单位及关联方本年度已申请或获资助 %(h)s 元，加上本项共 %(t)s 元，超过每年上限 %(c)s 元") % {
        "h": f"{held:,.2f}",
        "t": f"{total:,.2f}",
        "c": f"{programme.cap_per_applicant:,.2f}",
    }


def budget_rows(app) -> list[dict]:
    return [r for r in app.budget or [] if r.get("fiscal") or r.get("own")]


def detail_context(user, app) -> dict:
    if app.status in ("draft", "returned") or not app.eligibility:
        eligible, rows = eligibility_of(app.call, app.applicant)
    else:
        rows = app.eligibility
        eligible = all(r.get("passed") is True for r in rows)
    fiscal, own = budget_totals(app.budget)
    people = people_by_ids([*app.team_person_ids, *([app.leader_person_id] if app.leader_person_id else [])])
    office = permissions.can_manage(user)[0]
    return {
        "app": app,
        "call": app.call,
        "eligible": eligible,
        "rows": rows,
        "answers": [
            (f["label"], (app.answers or {}).get(f["key"], ""))
            for f in app.call.form or []
            if f["type"] in ("text", "textarea", "amount")
        ],
        "budget": budget_rows(app),
        "fiscal": fiscal,
        "own": own,
        "team": [people[i] for i in app.team_person_ids if i in people],
        "leader": people.get(app.leader_person_id),
        "files": app.files.all(),
        "co_applicants": app.co_applicants.select_related("organization"),
        "checks": app.checks.select_related("checked_by"),
        "recommendations": [
            (CHAIN_LABELS.get(r.stage, r.stage), r) for r in app.recommendations.select_related("organization")
        ],
        "chain_label": CHAIN_LABELS.get(app.chain_stage, ""),
        "can_edit": permissions.can_edit_application(user, app)[0],
        "can_withdraw": permissions.can_withdraw(user, app)[0],
        "can_confirm_co": permissions.can_confirm_co(user, app)[0],
        "can_check": permissions.can_check(user, app)[0],
        "can_recommend": permissions.can_recommend(user, app)[0],
        "returned": last_return(app),
        "changes": changes_since_return(app) if office and app.status == "submitted" else [],
        "cap": cap_note(app) if office or permissions.can_edit_application(user, app)[0] else "",
    }
