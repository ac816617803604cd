"""The high-tech enterprise cultivation pipeline (高企培育库): 入库 (the park's or city's recommendation) →
辅导 → 申报 (a yearly batch) → 认定 / 未通过 (with reasons) → 到期重新认定. Each step is recorded with who
made it; a recognition records the certificate as a qualification."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed

from ..models import Cultivation, CultivationStep, Enterprise, Qualification
from ..permissions import can_advance, can_recommend
from .qualifications import qualification_record

Stage = Cultivation.Stage
#: the moves the pipeline allows
NEXT = {
    Stage.ENTERED: (Stage.COACHING, Stage.APPLIED),
    Stage.COACHING: (Stage.APPLIED,),
    Stage.APPLIED: (Stage.RECOGNISED, Stage.REJECTED),
    Stage.REJECTED: (Stage.COACHING, Stage.APPLIED),
    Stage.RECOGNISED: (Stage.RENEWAL,),
    Stage.RENEWAL: (Stage.APPLIED,),
}


def _step(cultivation: Cultivation, actor, note: str = "") -> None:
    CultivationStep.objects.create(cultivation=cultivation, stage=cultivation.stage, actor=actor, note=note[:300])


@transaction.atomic
def cultivation_enter(*, actor, enterprise: Enterprise, note: str = "") -> Cultivation:
    """Enter an enterprise into the pipeline on the recommendation of the actor's park or city (or the office)."""
    ensure_allowed(can_recommend(actor, enterprise))
    if Cultivation.objects.filter(enterprise=enterprise).exists():
        raise Conflict(_("该企业已在培育库中"))
    if enterprise.kind != Enterprise.Kind.ENTERPRISE:
        raise ValidationFailed(detail=[{"field": "enterprise", "message": _("只有企业可以进入高企培育库")}])
    cultivation = Cultivation.objects.create(
        enterprise=enterprise, recommended_by=actor.organization, entered_on=timezone.localdate()
    )
    _step(cultivation, actor, note)
    audit.record(
        actor=actor,
        action="enterprises.cultivation.enter",
        obj=cultivation,
        summary=enterprise.name,
        after={"stage": cultivation.stage, "recommended_by": actor.organization_id},
    )
    return cultivation


@transaction.atomic
def cultivation_advance(*, actor, cultivation: Cultivation, stage: str, data: dict | None = None) -> Cultivation:
    """Move to the next stage. 申报 needs the batch year; 未通过 needs the reasons; 认定 records the
    certificate (number, date, field) as a 高新技术企业 qualification."""
    data = data or {}
    cultivation = Cultivation.objects.select_for_update().select_related("enterprise").get(pk=cultivation.pk)
    ensure_allowed(can_advance(actor, cultivation.enterprise))
    if stage not in NEXT.get(cultivation.stage, ()):
        raise Conflict(
            _("不能从“%(a)s”转到“%(b)s”")
            % {"a": cultivation.get_stage_display(), "b": dict(Stage.choices).get(stage, stage)}
        )
    errors: list = []
    note = str(data.get("note", "") or "").strip()
    before = cultivation.stage
    if stage == Stage.APPLIED:
        year = str(data.get("batch_year", "") or timezone.localdate().year).strip()
        if not (year.isdigit() and 2000 <= int(year) <= timezone.localdate().year + 1):
            errors.append({"field": "batch_year", "message": _("请填写有效的申报年度")})
        else:
            cultivation.batch_year = int(year)
    if stage == Stage.REJECTED:
        if not note:
            errors.append({"field": "note", "message": _("请填写未通过的原因")})
        cultivation.reason = note[:300]
    if errors:
        raise ValidationFailed(detail=errors)
    if stage == Stage.RECOGNISED:
        qualification_record(
            actor=actor,
            enterprise=cultivation.enterprise,
            data={
                "kind": Qualification.Kind.HNTE,
                "number": data.get("number", ""),
                "issued_on": data.get("issued_on", ""),
                "hitech_field": data.get("hitech_field", ""),
            },
        )
        cultivation.reason = ""
    cultivation.stage = stage
    cultivation.save()
    _step(cultivation, actor, note)
    audit.record(
        actor=actor,
        action="enterprises.cultivation.advance",
        obj=cultivation,
        summary=cultivation.enterprise.name,
        before={"stage": before},
        after={"stage": stage, "batch_year": cultivation.batch_year, "note": note},
    )
    return cultivation
