"""Registrations of the cases part (approval handlers of the parallel branches)."""


def register() -> None:
    from .cases_handling import register_handlers

    register_handlers()
