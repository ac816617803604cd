"""/api/investment (chains part)."""

from ninja import Router

router = Router(tags=["investment"])
