"""Demo data: cooperation partners part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
