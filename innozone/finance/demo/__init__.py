"""Demo data of technology finance."""

ORDER = 62


def seed(*, with_activity: bool) -> str:
    return ""
