"""Demo data of the policy library: the "1+N" framework and the funding measures of the seeds with their
clauses (library.py), then the 免申即享 lists and grants (grants.py). Seeded after the one-stop catalogue so
clauses can name their service items by code."""

from . import grants, library

ORDER = 68


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (library, grants)]
    return "; ".join(n for n in notes if n)
