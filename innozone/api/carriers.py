"""/api/carriers."""

from ninja import Router

router = Router(tags=["carriers"])
