"""/api/ip: 知识产权. Same services, selectors and permissions as the pages."""

from ninja import Router

from .ip_assets import router as assets_router

router = Router(tags=["ip"])
router.add_router("", assets_router)
