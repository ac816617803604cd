"""Demo data of the one-stop service: the service catalogue, the responsibility and negative lists and the
office's calendar entries (catalogue.py), then cases in every state with their clocks and ratings (cases.py).
Seeded before the policy library (68) so clauses can name service items by code."""

from . import cases, catalogue

ORDER = 66


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (catalogue, cases)]
    return "; ".join(n for n in notes if n)
