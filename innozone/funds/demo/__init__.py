"""Demo data of special funds: two programmes with calls in every state (calls.py), the review, decisions,
公示 and awards of the later calls (reviews.py), projects with tranches, matching funds, reports, changes and
inspections (projects.py)."""

from . import calls, projects, reviews

ORDER = 60


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (calls, reviews, projects)]
    return "; ".join(n for n in notes if n)
