"""The stable codes voucher services put on a refusal (`Conflict(..., code=...)`): API clients branch on
them, so they never change once published. Refusals without one carry the exception's default code."""

from enum import StrEnum


class ErrorCode(StrEnum):
    BUDGET_EXHAUSTED = "budget_exhausted"
    CAP_EXCEEDED = "cap_exceeded"
    VOUCHER_EXHAUSTED = "voucher_exhausted"
    ALREADY_REDEEMED = "already_redeemed"
