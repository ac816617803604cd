"""Demo data: onestop cases part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
