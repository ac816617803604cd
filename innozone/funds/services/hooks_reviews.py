"""Registrations of the reviews part (see hooks.py)."""


def register() -> None:
    pass
