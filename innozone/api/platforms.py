"""/api/platforms: innovation platforms and teams — records, recognition (the approval flow with expert review
and 公示), yearly figures and the annual evaluation. Same services, selectors and permissions as the pages."""

from ninja import Router

from .platforms_evaluation import router as evaluation_router
from .platforms_records import router as records_router
from .platforms_teams import router as teams_router

router = Router(tags=["platforms"])
router.add_router("", records_router)
router.add_router("/teams", teams_router)
router.add_router("/evaluation", evaluation_router)
