"""/api/funds: special funds — programmes, calls, applications, the formal check and the recommendation chain;
expert review, the decision pack, decisions, 公示 and awards; projects, tranches (staff → finance), matching
funds, repayments, reports, changes, inspections. Same services, selectors and permissions as the pages."""

from ninja import Router

from .funds_calls import router as calls_router
from .funds_projects import router as projects_router
from .funds_reviews import router as reviews_router

router = Router(tags=["funds"])
router.add_router("", calls_router)
router.add_router("", reviews_router)
router.add_router("", projects_router)
