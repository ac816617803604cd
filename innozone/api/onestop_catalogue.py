"""/api/onestop (catalogue part)."""

from ninja import Router

router = Router(tags=["onestop"])
