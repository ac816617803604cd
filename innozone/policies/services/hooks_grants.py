"""Registrations of the grants part: the approval handlers of 免申即享 lists (department confirmation) and
the ledger snapshot of grants (`ledger verify`)."""


def register() -> None:
    from . import events, grants

    grants.register_approval_handlers()
    events.register_snapshots()
