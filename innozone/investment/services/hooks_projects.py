"""Registrations of the pipeline part (see hooks.py): the ledger snapshot of funds in place and the live
indicator source `investment:` (plan indicators of seed 001 task 7 fed by the pipeline)."""


def register() -> None:
    from innozone.core.sources import register_source

    from ..selectors import projects_indicators as indicators
    from . import events

    events.register_snapshots()
    register_source(
        "investment", keys=indicators.live_keys, totals=indicators.live_totals, missing=indicators.live_missing
    )
