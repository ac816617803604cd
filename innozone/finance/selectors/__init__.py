"""Reads of technology finance, scoped to what the user may see (see `permissions`)."""

from .records import (  # noqa: F401
    banks_for,
    claim_visible,
    claims_due,
    claims_for,
    funds_for,
    investments_for,
    loan_visible,
    loans_for,
    pool_balances,
    pool_visible,
    pools_for,
    subsidies_for,
)
from .stats import finance_stats, finance_summary  # noqa: F401
