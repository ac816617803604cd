"""Demo data: policies library part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
