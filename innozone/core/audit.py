"""The audit trail: one row per change, written inside the same transaction as the change."""

import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from .models import AuditEvent


def snapshot(instance, fields: list[str] | None = None) -> dict:
    """A JSON-safe picture of a model row, for the before/after columns."""
    data = model_to_dict(instance, fields=fields)
    return json.loads(json.dumps(data, cls=_Encoder))


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if hasattr(o, "name") and hasattr(o, "url"):  # FieldFile
            return o.name or None
        if hasattr(o, "pk"):
            return o.pk
        return super().default(o)


def record(*, actor, action: str, obj, summary: str = "", before=None, after=None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=getattr(actor, "organization", None),
        action=action,
        object_type=f"{obj._meta.app_label}.{obj.__class__.__name__}",
        object_id=str(obj.pk),
        summary=summary[:300],
        before=json.loads(json.dumps(before, cls=_Encoder)) if before is not None else None,
        after=json.loads(json.dumps(after, cls=_Encoder)) if after is not None else None,
    )
