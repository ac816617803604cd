"""Registrations of the calls part (see hooks.py)."""


def register() -> None:
    pass
