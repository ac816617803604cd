"""What investment registers with core and the ledger at start-up (snapshots, live sources). Each part has
its own `hooks_<part>.register()`; the chains part may add one (hooks_chains) or append to REGISTRATIONS."""

import importlib

REGISTRATIONS: list = []  # further callables appended by the parts' modules


def register() -> None:
    for name in ("hooks_projects", "hooks_chains"):
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{name}":
                raise
            continue
        module.register()
    for part in REGISTRATIONS:
        part()
