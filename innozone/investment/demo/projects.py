"""Demo data: investment projects part."""


def seed_part(*, with_activity: bool) -> str:
    return ""
