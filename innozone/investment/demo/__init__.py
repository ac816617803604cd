"""Demo data of 产业链招商: the six leading industries' chains with placements, gaps and targets (chains.py),
then fairs and projects in every stage with funds in place (projects.py, which fills links of the chains)."""

from . import chains, projects

ORDER = 70


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (chains, projects)]
    return "; ".join(n for n in notes if n)
