"""/api/investment: 产业链招商. Same services, selectors and permissions as the pages."""

from ninja import Router

from .investment_chains import router as chains_router
from .investment_projects import router as projects_router

router = Router(tags=["investment"])
router.add_router("", chains_router)
router.add_router("", projects_router)
