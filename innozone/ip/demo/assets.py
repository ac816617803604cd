"""Demo data: ip assets part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
