"""/api/policies (matching part)."""

from ninja import Router

router = Router(tags=["policies"])
