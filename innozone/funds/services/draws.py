"""The review panels of a call (part B): one conflict-free draw from the expert pool for every application in
review (talent.services.draws: seeded, the pool's digest and the result sealed in the ledger), one `Review` per
panel member."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, NotFound, ValidationFailed, ensure_allowed
from innozone.enterprises import selectors as registry
from innozone.talent.panel_rules import rules_for
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.selectors.lookup import people_by_ids
from innozone.talent.services import draws

from ..models import Application, Call, CoApplicant, Review
from ..permissions import reviews as perms


def item_ref(application: Application) -> str:
    return application.number or f"A{application.pk}"


def _items(applications: list[Application]) -> list[draws.ItemInput]:
    """One draw item per application: the applicant as the organization and the co-applicants as its other
    organizations (their registry related parties come with them: an expert employed by any of them, or with a
    declared relation to one, is kept out), the leader and team by name."""
    person_ids = {pid for a in applications for pid in [a.leader_person_id, *(a.team_person_ids or [])] if pid}
    people = people_by_ids(person_ids) if person_ids else {}
    items = []
    for a in applications:
        names = [people[pid].name for pid in [a.leader_person_id, *(a.team_person_ids or [])] if pid in people]
        items.append(
            draws.ItemInput(
                ref=item_ref(a),
                field=a.field or "",
                organization_id=a.applicant_id,
                people=sorted(set(names)),
                title=a.title[:200],
                co_organization_ids=[c.organization_id for c in a.co_applicants.all()],
            )
        )
    return items


@transaction.atomic
def call_draw_panels(*, actor, call: Call, seed: str | None = None):
    """The office draws the panels for every application of the call in review; the call moves to `review`.
    A second draw is refused (a declined expert is replaced from the reserves)."""
    ensure_allowed(perms.can_manage_reviews(actor))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.stage not in (Call.Stage.CLOSED, Call.Stage.REVIEW):
        raise Conflict(_("只有申报截止、处于评审阶段的申报通知可以抽取评审专家"))
    if call.draw_id:
        raise Conflict(_("本批次已抽取评审专家（抽取记录 #%(n)s），不能重新抽取") % {"n": call.draw_id})
    applications = list(
        Application.objects.filter(call=call, status=Application.Status.REVIEW)
        .select_related("applicant")
        .prefetch_related("co_applicants__organization")
        .order_by("number", "id")
    )
    problems = []
    if not applications:
        problems.append({"field": "call", "message": _("没有处于专家评审阶段的申报项目")})
    for a in applications:
        if not (a.field or "").strip():
            problems.append(
                {"field": "field", "message": _("项目“%(t)s”没有技术领域（专家按领域抽取）") % {"t": a.title}}
            )
    if not call.criteria.exists():
        problems.append({"field": "criteria", "message": _("申报通知没有评分项")})
    if problems:
        raise ValidationFailed(detail=problems)
    draw = draws.draw_run(
        actor=actor,
        purpose=_("专项评审：%(t)s") % {"t": call.title},
        items=_items(applications),
        rules=rules_for("funds", size=call.panel_size, reserves=call.reserves),
        seed=seed,
        subject=call,
        review_days=call.review_days,
        assign=True,
    )
    by_ref = {item_ref(a): a for a in applications}
    rows = [
        Review(
            application=by_ref[x.item_ref],
            assignment_id=x.pk,
            expert_id=x.expert_id,
            expert_name=x.expert.name[:50],
        )
        for x in draw_selectors.assignments_of_draw(draw)
        if x.item_ref in by_ref
    ]
    Review.objects.bulk_create(rows)
    call.draw_id, call.stage = draw.pk, Call.Stage.REVIEW
    call.save(update_fields=["draw_id", "stage"])
    audit.record(
        actor=actor,
        action="funds.review.draw",
        obj=call,
        summary=call.title,
        after={"draw": draw.pk, "seed": draw.seed, "applications": len(applications), "reviews": len(rows)},
    )
    return draw


def draw_of(call: Call):
    """The call's draw record (seed, pool digest, result), or None."""
    if not call.draw_id:
        return None
    try:
        return draws.draw_get(call.draw_id)
    except NotFound:
        return None


def co_applicant_conflicts(call: Call) -> list[dict]:
    """Panel members employed by a co-applicant of the application they review (or by one of its registry
    related parties). The draw keeps them out; this check stays for what changes after the draw (a co-applicant
    added later, an expert who changed employer) and is shown to the office, who asks the expert to decline
    (回避): the reserve then takes the place."""
    if not call.draw_id:
        return []
    co = {}
    for app_id, org_id in CoApplicant.objects.filter(application__call=call).values_list(
        "application_id", "organization_id"
    ):
        co.setdefault(app_id, set()).add(org_id)
    if not co:
        return []
    related = registry.related_organizations({o for s in co.values() for o in s})
    groups = {app: set(orgs) | {r for o in orgs for r in related.get(o, ())} for app, orgs in co.items()}
    draw = draws.draw_get(call.draw_id)
    employers = {a.pk: (a.expert.employer_id, a.expert.name) for a in draw_selectors.assignments_of_draw(draw)}
    out = []
    for review in Review.objects.filter(application_id__in=list(groups), status=Review.Status.ASSIGNED).select_related(
        "application"
    ):
        employer, name = employers.get(review.assignment_id, (None, ""))
        if employer and employer in groups[review.application_id]:
            out.append({"review": review, "expert": name, "application": review.application})
    return out
