"""What ip registers with core and the ledger at start-up (approval handlers, snapshots, live sources)."""

REGISTRATIONS: list = []  # callables appended by the parts' hooks modules


def register() -> None:
    from . import hooks_assets

    for part in (hooks_assets.register, *REGISTRATIONS):
        part()
