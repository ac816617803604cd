"""Registrations of the cases part (approval handlers of the parallel branches)."""


def register() -> None:
    pass
