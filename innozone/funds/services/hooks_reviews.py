"""Registrations of the reviews part (see hooks.py): the 公示 of a call's award list (flow funds-award)."""


def register() -> None:
    from .awards import register_approval_handlers

    register_approval_handlers()
