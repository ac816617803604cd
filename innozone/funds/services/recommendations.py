"""The recommendation chain: at each stage of `call.chain` the recommending unit (park/district/county
committee or government, the city, the province office) ranks the applications of its region and recommends
them or not with a note. Quotas per (call, stage, region) are checked after `select_for_update()` on the Call,
so concurrent recommendations never exceed them. After the last stage the application goes to the expert
review (status `review`)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.inbox import notice_send
from innozone.core.selectors import office_organization

from ..models import Application, Call, Quota, Recommendation
from ..permissions import calls as permissions
from ..selectors.calls import CHAIN_LABELS
from .applications_submit import applicant_users


def quota_for(call: Call, stage: str, region_id: int | None) -> Quota | None:
    return Quota.objects.filter(call=call, stage=stage, region_id=region_id).first()


def recommended_count(call: Call, stage: str, region_id: int | None) -> int:
    qs = Recommendation.objects.filter(application__call=call, stage=stage, recommended=True)
    if stage == "province":
        return qs.count()
    return qs.filter(organization__region_id=region_id).count()


@transaction.atomic
def application_recommend(
    *, actor, application: Application, recommended: bool, rank=None, note: str = ""
) -> Recommendation:
    call = Call.objects.select_for_update().get(pk=application.call_id)  # serialises the quotas of the call
    app = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_allowed(permissions.can_recommend(actor, app))
    stage = app.chain_stage
    region_id = permissions.stage_region_id(stage, app.region_id)
    note = (note or "").strip()
    problems = []
    if recommended:
        try:
            rank = int(rank)
            if not 1 <= rank <= 100000:
                raise ValueError
        except (TypeError, ValueError):
            problems.append({"field": "rank", "message": _("推荐须填写排序（正整数）")})
    else:
        rank = None
        if not note:
            problems.append({"field": "note", "message": _("不予推荐须填写意见")})
    if problems:
        raise ValidationFailed(detail=problems)
    if recommended:
        quota = quota_for(call, stage, region_id)
        if quota is not None and recommended_count(call, stage, region_id) >= quota.quota:
            raise Conflict(
                _("推荐名额已满（%(stage)s名额 %(q)s 个）")
                % {"stage": CHAIN_LABELS.get(stage, stage), "q": quota.quota},
                code="quota_full",
            )
    org = actor.organization if stage != "province" or actor.organization_id else office_organization()
    rec = Recommendation.objects.create(
        application=app,
        stage=stage,
        organization=org or office_organization(),
        recommended=recommended,
        rank=rank,
        note=note,
        decided_by=actor,
    )
    chain = list(call.chain or [])
    before = (app.status, app.chain_stage)
    if not recommended:
        app.status, app.chain_stage = Application.Status.NOT_RECOMMENDED, ""
    elif stage in chain and chain.index(stage) + 1 < len(chain):
        app.chain_stage = chain[chain.index(stage) + 1]
    else:
        app.status, app.chain_stage = Application.Status.REVIEW, ""
    app.version += 1
    app.save(update_fields=["status", "chain_stage", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="funds.application.recommend" if recommended else "funds.application.not_recommend",
        obj=app,
        summary=f"{app.number} {stage} {note}"[:300],
        before={"status": before[0], "chain_stage": before[1]},
        after={"status": app.status, "chain_stage": app.chain_stage, "rank": rank},
    )
    if not recommended or app.status == Application.Status.REVIEW:
        notice_send(
            recipients=applicant_users(app),
            title=(_("申报已获推荐进入专家评审：%(n)s") if recommended else _("申报未获推荐：%(n)s"))
            % {"n": app.number},
            body=note,
            link=reverse("funds:application", args=[app.pk]),
            dedupe_key=f"funds-rec-{rec.pk}",
        )
    return rec
