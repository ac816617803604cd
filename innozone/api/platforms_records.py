"""/api/platforms (records)."""

from ninja import Router

router = Router(tags=["platforms"])
