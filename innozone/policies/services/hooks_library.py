"""Registrations of the library part (approval handlers, ledger snapshots)."""


def register() -> None:
    pass
