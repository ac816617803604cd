"""/api/cooperation (partners part)."""

from ninja import Router

router = Router(tags=["cooperation"])
