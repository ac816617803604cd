"""/api/platforms (evaluation)."""

from ninja import Router

router = Router(tags=["platforms"])
