"""Schemas of /api/policies (matching part: 政策计算器, eligible lists, 免申即享 lists and grants)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


class PolicyVariableOut(Schema):
    name: str
    label: str
    kind: str
    unit: str
    choices: list[tuple[str, str]]


class PolicyConditionOut(Schema):
    variable: str
    condition: str
    value: Any = None
    value_text: str
    required: Any = None
    passed: bool
    gap: float | None = None
    gap_text: str


class PolicyMatchOut(Schema):
    policy_id: int
    policy: str
    clause_id: int
    clause: str
    kind: str
    no_application: bool
    eligible: bool
    near: bool
    amount: Decimal | None
    failed: list[PolicyConditionOut]
    conditions: list[PolicyConditionOut]
    determination_id: str


class PolicyMatchesOut(Schema):
    organization_id: int
    organization: str
    figures_year: int | None
    items: list[PolicyMatchOut]


class PolicyEligibleRowOut(Schema):
    organization_id: int
    uscc: str
    name: str
    eligible: bool
    amount: Decimal | None
    failed: list[PolicyConditionOut]


class PolicyEligibleOut(Schema):
    clause_id: int
    eligible_count: int
    near_count: int
    total: Decimal
    count: int
    limit: int
    offset: int
    items: list[PolicyEligibleRowOut]


class PolicyGrantListIn(Schema):
    clause: int
    as_of: dt.date | None = None
    note: str = ""


class PolicyGrantListOut(Schema):
    id: int
    clause_id: int
    as_of: dt.date
    status: str
    total: Decimal
    rule_version: int
    note: str
    approval_id: int | None
    created_at: dt.datetime
    granted_at: dt.datetime | None


class PolicyGrantListPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PolicyGrantListOut]


class PolicyGrantEntryOut(Schema):
    id: int
    organization_id: int
    amount: Decimal
    status: str
    excluded_reason: str
    determination_id: str
    trace: dict


class PolicyGrantListDetailOut(PolicyGrantListOut):
    rule_snapshot: dict
    entries_count: int
    entries: list[PolicyGrantEntryOut]


class PolicyGrantReasonIn(Schema):
    reason: str = ""


class PolicyDecideIn(Schema):
    approve: bool
    comment: str = ""


class PolicyPayIn(Schema):
    payment_ref: str


class PolicyGrantOut(Schema):
    id: int
    clause_id: int
    organization_id: int
    entry_id: int | None
    amount: Decimal
    status: str
    payment_ref: str
    created_at: dt.datetime


class PolicyGrantPageOut(Schema):
    count: int
    limit: int
    offset: int
    total: Decimal
    items: list[PolicyGrantOut]
