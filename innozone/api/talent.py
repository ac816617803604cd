"""/api/talent."""

from ninja import Router

router = Router(tags=["talent"])
