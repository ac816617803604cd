"""Writes of the enterprise registry; views, the API and commands call these, never the models."""

from .cultivation import cultivation_advance, cultivation_enter
from .figures import figures_file
from .importing import enterprises_import, read_workbook
from .qualifications import (
    flags_sync,
    qualification_record,
    qualification_reminders,
    qualification_revoke,
    qualifications_expire,
)
from .registry import enterprise_register, enterprise_update, parties_set

__all__ = [
    "cultivation_advance",
    "cultivation_enter",
    "enterprise_register",
    "enterprise_update",
    "enterprises_import",
    "figures_file",
    "flags_sync",
    "parties_set",
    "qualification_record",
    "qualification_reminders",
    "qualification_revoke",
    "qualifications_expire",
    "read_workbook",
]
