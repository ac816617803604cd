"""Start-up registrations of the assets part: pledges (ip.Transaction of kind pledge) compared by `ledger
verify` with their last `ip.pledge` event."""

from innozone.ledger.services import register_snapshot

from ..selectors.assets import pledge_states


def register() -> None:
    register_snapshot("ip.Transaction", pledge_states)
