"""/api/cooperation: 国际合作. Same services, selectors and permissions as the pages."""

from ninja import Router

from .cooperation_partners import router as partners_router

router = Router(tags=["cooperation"])
router.add_router("", partners_router)
