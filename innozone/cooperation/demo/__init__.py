"""Demo data of international cooperation (partners, agreements, projects, joint-lab partners): after the
investment (70) and IP (72) demos; the foreign experts are the talent demo's, the joint lab the platforms'
and the international listings the market's."""

from . import partners

ORDER = 74


def seed(*, with_activity: bool) -> str:
    notes = [part.seed_part(with_activity=with_activity) for part in (partners,)]
    return "; ".join(n for n in notes if n)
