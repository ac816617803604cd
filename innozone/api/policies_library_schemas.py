"""Schemas of /api/policies (library part)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class PolicyClauseOut(Schema):
    id: int
    policy_id: int
    number: str
    title: str
    text: str
    kind: str
    amount_rule: dict
    amount_text: str = ""
    condition: Any
    condition_text: str
    no_application: bool
    service_item_id: int | None
    favours_specific: bool
    status: str
    version: int
    order: int
    published_at: dt.datetime | None


class PolicyOut(Schema):
    id: int
    title: str
    issuer: str
    doc_number: str
    level: str
    parent_id: int | None
    is_framework: bool
    issued_on: dt.date | None
    effective_from: dt.date | None
    effective_until: dt.date | None
    status: str
    state: str = ""
    owner_id: int | None
    summary: str
    published_at: dt.datetime | None
    score: float | None = None


class PolicyAttachmentOut(Schema):
    id: int
    name: str
    url: str


class PolicyDetailOut(PolicyOut):
    full_text: str
    source_url: str
    clauses: list[PolicyClauseOut]
    attachments: list[PolicyAttachmentOut]
    children: list[int]


class PolicyPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[PolicyOut]


class PolicyIn(Schema):
    title: str
    issuer: str
    doc_number: str = ""
    level: str = "zone"
    parent: int | None = None
    is_framework: bool = False
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    summary: str = ""
    full_text: str = ""
    source_url: str = ""
    owner: int | None = None


class PolicyClauseIn(Schema):
    number: str = ""
    title: str
    text: str = ""
    kind: str
    amount_rule: dict = {}
    condition: Any = {}
    no_application: bool = False
    favours_specific: bool = False
    service_item: str = ""
    order: int = 0


class PolicyReasonIn(Schema):
    reason: str


class PolicyPublishOut(Schema):
    policy: PolicyOut
    published_clauses: list[int]


class PolicyRuleIn(Schema):
    condition: Any = {}
    amount_rule: dict = {}


class PolicyRuleProblemOut(Schema):
    field: str = ""
    message: str


class PolicyRuleOut(Schema):
    valid: bool
    words: str
    amount_text: str
    problems: list[PolicyRuleProblemOut]


class PolicyFairItemOut(Schema):
    code: str
    group: str
    text: str


class PolicyFairAnswerIn(Schema):
    answer: str
    note: str = ""


class PolicyFairReviewIn(Schema):
    checklist: dict[str, PolicyFairAnswerIn]
    conclusion: str
    basis: str = ""


class PolicyFairReviewOut(Schema):
    id: int
    policy_id: int
    checklist: dict
    conclusion: str
    proposed: str
    basis: str
    approval_id: int | None
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
