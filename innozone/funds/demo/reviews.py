"""Demo data of the reviews part (called by demo/__init__.py in order)."""


def seed_part(*, with_activity: bool) -> str:
    return ""
