"""Demo data: investment chains part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
