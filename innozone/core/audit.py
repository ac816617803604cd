"""The audit trail: one row per change, written inside the same transaction as the change."""

import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from .models import AuditEvent

#: never copied into the audit trail: a password hash or a token hash is a secret, not a change to read
SECRET_FIELDS = ["password", "key_hash"]


def snapshot(instance, fields: list[str] | None = None) -> dict:
    """A JSON-safe picture of a model row, for the before/after columns (without secret fields)."""
    return json_safe(model_to_dict(instance, fields=fields, exclude=SECRET_FIELDS))


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if hasattr(o, "name") and hasattr(o, "url"):  # FieldFile
            return o.name or None
        if hasattr(o, "pk"):
            return o.pk
        return super().default(o)


def record(
    *, actor, action: str, obj=None, object_type: str = "", object_id="", summary: str = "", before=None, after=None
) -> AuditEvent:
    """One audit row about `obj`, or about an object named by type and id (a deleted row, a login attempt)."""
    if obj is not None:
        object_type, object_id = f"{obj._meta.app_label}.{obj.__class__.__name__}", obj.pk
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=getattr(actor, "organization", None),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        before=json_safe(before),
        after=json_safe(after),
    )


def json_safe(value):
    """`value` as the JSON column will hold it (decimals as strings, rows as their keys); None stays None."""
    return json.loads(json.dumps(value, cls=_Encoder)) if value is not None else None
