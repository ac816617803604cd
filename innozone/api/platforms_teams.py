"""/api/platforms (teams)."""

from ninja import Router

router = Router(tags=["platforms"])
