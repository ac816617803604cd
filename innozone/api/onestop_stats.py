"""/api/onestop (stats part)."""

from ninja import Router

router = Router(tags=["onestop"])
