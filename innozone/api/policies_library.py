"""/api/policies (library part)."""

from ninja import Router

router = Router(tags=["policies"])
