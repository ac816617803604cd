"""Yearly figures: filed by the enterprise (source 企业自报) or by the office for any source; one record per
enterprise, year and source, replaced on refiling with the change in the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from innozone.core import audit
from innozone.core.errors import ValidationFailed, ensure_allowed
from innozone.core.permissions import is_office_admin

from ..models import AnnualFigures, Enterprise
from ..permissions import can_edit
from .registry import sizes_refresh
from .validation import FIGURE_COUNTS, FIGURE_MONEY, validate_figures

FIELDS = ["year", "source", *FIGURE_COUNTS, *FIGURE_MONEY]


def figures_save_clean(*, actor, enterprise: Enterprise, clean: dict) -> AnnualFigures:
    """Write already validated figures (used by the form, the API and the import) and audit the change."""
    row = AnnualFigures.objects.filter(enterprise=enterprise, year=clean["year"], source=clean["source"]).first()
    before = audit.snapshot(row, FIELDS) if row else None
    if row is None:
        row = AnnualFigures(enterprise=enterprise)
    for name, value in clean.items():
        setattr(row, name, value)
    row.filed_by = actor if getattr(actor, "pk", None) else None
    row.save()
    audit.record(
        actor=actor,
        action="enterprises.figures",
        obj=row,
        summary=f"{enterprise.name} {row.year} {row.get_source_display()}",
        before=before,
        after=audit.snapshot(row, FIELDS),
    )
    return row


@transaction.atomic
def figures_file(*, actor, enterprise: Enterprise, data: dict) -> AnnualFigures:
    """File one year's figures. An enterprise files its own, as 企业自报; other sources are the office's."""
    ensure_allowed(can_edit(actor, enterprise))
    errors: list = []
    clean = validate_figures(data, errors)
    if clean.get("source") and clean["source"] != AnnualFigures.Source.SELF and not is_office_admin(actor):
        errors.append({"field": "source", "message": _("统计、税务来源的数据由办公室录入")})
    if errors:
        raise ValidationFailed(detail=errors)
    row = figures_save_clean(actor=actor, enterprise=enterprise, clean=clean)
    sizes_refresh([enterprise.pk])
    enterprise.refresh_from_db(fields=["size", "size_reason", "updated_at"])
    return row
