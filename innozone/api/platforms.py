"""/api/platforms."""

from ninja import Router

router = Router(tags=["platforms"])
