"""Schemas of /api/funds (calls part)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from innozone.funds.selectors import calls as selectors


class FundCallLineOut(Schema):
    id: int
    subject_code: str
    subject_name: str
    source: str
    region_id: int | None
    amount: Decimal


class FundCallProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    description: str
    cap_per_applicant: Decimal | None
    max_ratio: Decimal | None
    matching_share: Decimal
    first_tranche_min: Decimal
    status: str


class FundCallProgrammeDetailOut(FundCallProgrammeOut):
    lines: list[FundCallLineOut]
    total: Decimal
    remaining: Decimal


class FundCallProgrammeIn(Schema):
    name: str
    kind: str
    year: int
    description: str = ""
    cap_per_applicant: str | None = None
    max_ratio: str | None = None
    matching_share: str = "0"
    first_tranche_min: str = "0"
    lines: list[dict] = []


class FundCallOut(Schema):
    id: int
    programme_id: int
    round: int
    title: str
    body: str
    stage: str
    effective_stage: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    eligibility: list
    form: list
    chain: list
    max_amount: Decimal | None
    budget: Decimal
    panel_size: int
    reserves: int
    trim: int
    outlier_points: Decimal
    review_days: int

    @staticmethod
    def resolve_effective_stage(c) -> str:
        return selectors.call_effective_stage(c)


class FundCallPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FundCallOut]


class FundCallIn(Schema):
    title: str
    body: str = ""
    round: int = 1
    opens_at: str
    closes_at: str
    eligibility: list = []
    form: list | None = None
    chain: list[str] = []
    criteria: list[dict] = []
    quotas: list[dict] = []
    budget: str
    max_amount: str | None = None
    panel_size: int = 5
    reserves: int = 2
    trim: int = 1
    outlier_points: str = "20"
    review_days: int = 10


class FundCallStageIn(Schema):
    move: str
    reason: str = ""


class FundCallEligibilityOut(Schema):
    organization_id: int | None
    uscc: str
    eligible: bool
    rules: list[dict]


class FundCallApplicationOut(Schema):
    id: int
    call_id: int
    applicant_id: int
    region_id: int | None
    number: str
    title: str
    field: str
    amount: Decimal | None
    total_budget: Decimal | None
    answers: dict
    budget: list
    team_person_ids: list
    leader_person_id: int | None
    status: str
    chain_stage: str
    version: int
    submitted_at: dt.datetime | None


class FundCallApplicationPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FundCallApplicationOut]


class FundCallStartIn(Schema):
    title: str = ""


class FundCallSaveIn(Schema):
    version: int
    data: dict


class FundCallCoIn(Schema):
    rows: list[dict]


class FundCallProblemOut(Schema):
    field: str
    message: str


class FundCallCheckIn(Schema):
    outcome: str
    missing: list[dict] = []
    reason: str = ""


class FundCallCheckOut(Schema):
    id: int
    application_id: int
    outcome: str
    missing: list
    reason: str
    checked_at: dt.datetime


class FundCallRecommendIn(Schema):
    recommended: bool
    rank: int | None = None
    note: str = ""


class FundCallRecommendationOut(Schema):
    id: int
    application_id: int
    stage: str
    organization_id: int
    recommended: bool
    rank: int | None
    note: str
