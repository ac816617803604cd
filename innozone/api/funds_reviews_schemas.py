"""Schemas of /api/funds (part B): reviews, ranking, meetings, consensus, decisions, 公示 and award letters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class FundReviewDrawIn(Schema):
    seed: str | None = None


class FundReviewDrawOut(Schema):
    draw_id: int
    seed: str
    pool_digest: str
    reviews: int


class FundReviewScoreOut(Schema):
    criterion_id: int
    score: Decimal


class FundReviewOut(Schema):
    id: int
    application_id: int
    application_number: str
    application_title: str
    expert_id: int
    expert_name: str
    status: str
    total: Decimal | None
    recommend: bool | None
    opinion: str
    submitted_at: dt.datetime | None
    scores: list[FundReviewScoreOut]

    @staticmethod
    def resolve_application_number(r) -> str:
        return r.application.number

    @staticmethod
    def resolve_application_title(r) -> str:
        return r.application.title

    @staticmethod
    def resolve_scores(r) -> list[dict]:
        return [{"criterion_id": s.criterion_id, "score": s.score} for s in r.scores.all()]


class FundReviewPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[FundReviewOut]


class FundReviewDetailOut(Schema):
    review: FundReviewOut
    others_visible: bool
    others: list[FundReviewOut]


class FundReviewSubmitIn(Schema):
    scores: dict[int, str]
    opinion: str
    recommend: bool | None = None


class FundReviewDeclineIn(Schema):
    reason: str


class FundReviewRateIn(Schema):
    rating: int


class FundRankingReviewOut(Schema):
    expert: str
    total: Decimal | None
    recommend: bool | None
    outlier: bool


class FundRankingRowOut(Schema):
    application_id: int
    number: str
    title: str
    applicant: str
    status: str
    amount: Decimal | None
    assigned: int
    submitted: int
    total: Decimal | None
    mean: Decimal | None
    trimmed_mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    reviews: list[FundRankingReviewOut]


class FundMeetingIn(Schema):
    kind: str
    name: str
    held_on: dt.date
    attendees: str = ""
    minutes: str = ""


class FundMeetingOut(Schema):
    id: int
    kind: str
    name: str
    held_on: dt.date
    attendees: str
    minutes: str


class FundConsensusIn(Schema):
    meeting_id: int
    application_id: int
    opinion: str
    amount: str | None = None
    note: str = ""


class FundConsensusOut(Schema):
    application_id: int
    meeting_id: int
    opinion: str
    amount: Decimal | None
    note: str


class FundDecisionItemIn(Schema):
    application: int
    outcome: str
    amount: str | None = None
    budget_line: int | None = None
    note: str = ""


class FundDecisionsIn(Schema):
    meeting_id: int
    items: list[FundDecisionItemIn]


class FundDecisionOut(Schema):
    application_id: int
    meeting_id: int
    outcome: str
    amount: Decimal | None
    budget_line_id: int | None
    note: str


class FundPublicityOut(Schema):
    call_id: int
    stage: str
    request_id: int | None


class FundPublicityDecideIn(Schema):
    approve: bool
    comment: str = ""
    letter_base: str = ""
    letter_date: dt.date | None = None


class FundAwardOut(Schema):
    id: int
    application_id: int
    title: str
    applicant: str
    amount: Decimal
    letter_no: str
    letter_date: dt.date
    budget_line_id: int

    @staticmethod
    def resolve_title(a) -> str:
        return a.application.title

    @staticmethod
    def resolve_applicant(a) -> str:
        return a.application.applicant.name
