"""Every write to plans and reports, one function per use case. Other apps write through this package."""

from .plans import plan_create_from_structure
from .reports import QuantityInput, late_units_remind, report_accept, report_decide, report_return, report_submit

__all__ = [
    "QuantityInput",
    "late_units_remind",
    "plan_create_from_structure",
    "report_accept",
    "report_decide",
    "report_return",
    "report_submit",
]
