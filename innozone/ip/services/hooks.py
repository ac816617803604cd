"""What ip registers with core and the ledger at start-up (approval handlers, snapshots, live sources)."""

REGISTRATIONS: list = []  # callables appended by the parts' hooks modules


def register() -> None:
    for part in REGISTRATIONS:
        part()
