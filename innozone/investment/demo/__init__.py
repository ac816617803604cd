"""Demo data of investment attraction: the chain maps first (chains.py), then the pipeline (projects.py) whose
projects fill the chains' links."""

from . import chains, projects

ORDER = 70


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (chains, projects)]
    return "; ".join(n for n in notes if n)
