"""/api/investment (projects part)."""

from ninja import Router

router = Router(tags=["investment"])
