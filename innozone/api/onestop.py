"""/api/onestop: the service catalogue and lists, the working-day calendar, cases (acceptance, 补正, parallel
branches, clock, result, rating) and statistics. Same services, selectors and permissions as the pages."""

from ninja import Router

from .onestop_cases import router as cases_router
from .onestop_catalogue import router as catalogue_router
from .onestop_stats import router as stats_router

router = Router(tags=["onestop"])
router.add_router("", catalogue_router)
router.add_router("", cases_router)
router.add_router("", stats_router)
