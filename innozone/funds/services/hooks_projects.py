"""Registrations of the projects part (see hooks.py)."""


def register() -> None:
    pass
