"""Demo data: onestop catalogue part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
