"""/api/onestop (cases part)."""

from ninja import Router

router = Router(tags=["onestop"])
