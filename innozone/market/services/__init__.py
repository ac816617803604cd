"""Every write of the technology market, one module per use case: listings (post, review, withdraw),
bulk import, dictionary terms, instrument bookings and usage, technology contracts and the counterparty's
consent to them."""

from .bookings import booking_cancel, booking_decide, booking_request, usage_record
from .consent import contract_confirm, contract_decline, contract_resubmit, contract_withdraw
from .contracts import contract_review, contract_submit
from .importing import listings_import
from .listings import listing_create, listing_review, listing_withdraw
from .terms import terms_add

__all__ = [
    "booking_cancel",
    "booking_decide",
    "booking_request",
    "contract_confirm",
    "contract_decline",
    "contract_resubmit",
    "contract_review",
    "contract_submit",
    "contract_withdraw",
    "listing_create",
    "listing_review",
    "listing_withdraw",
    "listings_import",
    "terms_add",
    "usage_record",
]
