"""/api/policies: the policy library (documents, clauses, rules, fair-competition review), matching (政策计算器)
and 免申即享 lists and grants. Same services, selectors and permissions as the pages."""

from ninja import Router

from .policies_library import router as library_router
from .policies_matching import router as matching_router
from .policies_stats import router as stats_router

router = Router(tags=["policies"])
router.add_router("", library_router)
router.add_router("", matching_router)
router.add_router("", stats_router)
