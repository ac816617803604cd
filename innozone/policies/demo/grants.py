"""Demo data: policies grants part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
