"""Registrations of the grants part (approval handlers, ledger snapshots)."""


def register() -> None:
    pass
