"""/api/ip (assets part)."""

from ninja import Router

router = Router(tags=["ip"])
