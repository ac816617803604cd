"""Registrations of the cases part (approval handlers of the parallel branches)."""


def register() -> None:
    from .cases_branches import register_handlers

    register_handlers()
