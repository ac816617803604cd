"""/api/funds (part B): the panel draw of a call, an expert's reviews (other reviewers' scores only after one's
own submission, as on the page), submit and decline, the ranking, meetings and consensus, the decision pack
(JSON, PDF, Excel), decisions, the 公示 of the award list and award letters. Same services, selectors and
permissions as the pages."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Path, Query, Router, Status

from innozone.core.errors import NotFound
from innozone.core.selectors import ROW_ID_MAX
from innozone.core.web import xlsx_response
from innozone.funds.exports.pack_pdf import award_letter_pdf, pack_pdf
from innozone.funds.exports.reviews import pack_workbook
from innozone.funds.permissions import reviews as perms
from innozone.funds.selectors import decisions as dsel
from innozone.funds.selectors import reviews as sel
from innozone.funds.services import awards, decisions, draws, meetings, reviews

from .funds_reviews_schemas import (
    FundAwardOut,
    FundConsensusIn,
    FundConsensusOut,
    FundDecisionOut,
    FundDecisionsIn,
    FundMeetingIn,
    FundMeetingOut,
    FundPublicityDecideIn,
    FundPublicityOut,
    FundRankingRowOut,
    FundReviewDeclineIn,
    FundReviewDetailOut,
    FundReviewDrawIn,
    FundReviewDrawOut,
    FundReviewOut,
    FundReviewPageOut,
    FundReviewRateIn,
    FundReviewSubmitIn,
)

router = Router(tags=["funds"])
RowId = Path(..., ge=1, le=ROW_ID_MAX)


def _ranking_row(r: dict) -> dict:
    return {
        "application_id": r["pk"],
        "number": r["number"],
        "title": r["title"],
        "applicant": r["applicant__name"],
        "status": r["status"],
        "amount": r["amount"],
        "assigned": r["assigned"],
        "submitted": r["submitted"],
        "total": r["total"],
        "mean": r["mean"],
        "trimmed_mean": r["trimmed"],
        "median": r["median"],
        "spread": r["spread"],
        "reviews": r["reviews"],
    }


@router.post("/calls/{call_id}/draw", response={201: FundReviewDrawOut}, summary="Draw the review panels of a call")
def call_draw(request, payload: FundReviewDrawIn, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    draw = draws.call_draw_panels(actor=request.user, call=call, seed=payload.seed)
    n = sel.review_count(call)
    return Status(201, {"draw_id": draw.pk, "seed": draw.seed, "pool_digest": draw.pool_digest, "reviews": n})


@router.get("/reviews", response=FundReviewPageOut, summary="The logged-in expert's reviews")
def my_reviews(
    request,
    status: str = "",
    q: str = "",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10**9),
):
    qs = sel.reviews_for_user(request.user, status=status, q=q).prefetch_related("scores")
    return {"count": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


def _detail(request, review) -> dict:
    return {
        "review": review,
        "others_visible": perms.can_see_other_reviews(request.user, review),
        "others": sel.other_reviews(request.user, review),
    }


@router.get("/reviews/{review_id}", response=FundReviewDetailOut, summary="A review; others' only after submitting")
def review_get(request, review_id: int = RowId):
    return _detail(request, sel.review_visible(request.user, review_id))


@router.post("/reviews/{review_id}/submit", response=FundReviewDetailOut, summary="Submit the scores (final)")
def review_submit(request, payload: FundReviewSubmitIn, review_id: int = RowId):
    review = sel.review_visible(request.user, review_id)
    reviews.review_submit(
        actor=request.user, review=review, scores=payload.scores, opinion=payload.opinion, recommend=payload.recommend
    )
    return _detail(request, sel.review_visible(request.user, review_id))


@router.post("/reviews/{review_id}/decline", response=FundReviewOut, summary="Declare a conflict; the reserve's review")
def review_decline(request, payload: FundReviewDeclineIn, review_id: int = RowId):
    review = sel.review_visible(request.user, review_id)
    return reviews.review_decline(actor=request.user, review=review, reason=payload.reason)


@router.post("/reviews/{review_id}/rate", response=FundReviewOut, summary="Rate a review's quality (office)")
def review_rate(request, payload: FundReviewRateIn, review_id: int = RowId):
    review = sel.review_visible(request.user, review_id)
    return reviews.review_rate(actor=request.user, review=review, rating=payload.rating)


@router.get("/calls/{call_id}/ranking", response=list[FundRankingRowOut], summary="The ranking of a call")
def ranking(request, call_id: int = RowId, sort: str = "-trimmed", q: str = ""):
    call = sel.call_for_ranking(request.user, call_id)
    return [_ranking_row(r) for r in sel.ranking(call, sort=sort, q=q)]


@router.get("/calls/{call_id}/meetings", response=list[FundMeetingOut], summary="Meetings of a call")
def meeting_list(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    return list(call.meetings.order_by("held_on", "id"))


@router.post("/calls/{call_id}/meetings", response={201: FundMeetingOut}, summary="Record a meeting")
def meeting_add(request, payload: FundMeetingIn, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    return Status(201, meetings.meeting_record(actor=request.user, call=call, **payload.dict()))


@router.post(
    "/calls/{call_id}/consensus", response=FundConsensusOut, summary="The panel's consensus on one application"
)
def consensus_set(request, payload: FundConsensusIn, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    meeting = call.meetings.filter(pk=payload.meeting_id).first()
    app = call.applications.filter(pk=payload.application_id).first()
    if meeting is None or app is None:
        raise NotFound()
    return meetings.consensus_set(
        actor=request.user,
        meeting=meeting,
        application=app,
        opinion=payload.opinion,
        amount=payload.amount,
        note=payload.note,
    )


def _pack_json(pack: dict) -> dict:
    prog = pack["programme"]
    return {
        "call_id": pack["call"].pk,
        "budget": pack["budget"],
        "requested": pack["requested"],
        "committed": pack["committed"],
        "call_remaining": pack["call_remaining"],
        "programme": {
            "total": prog["total"],
            "awarded": prog["awarded"],
            "remaining": prog["remaining"],
            "lines": [
                {
                    "id": x["line"].pk,
                    "name": str(x["line"]),
                    "amount": x["amount"],
                    "committed": x["committed"],
                    "remaining": x["remaining"],
                }
                for x in prog["lines"]
            ],
        },
        "items": [
            {
                **_ranking_row(r),
                "total_budget": r["total_budget"],
                "budget": r["budget"],
                "opinions": [{"expert": x["expert"], "opinion": x["opinion"]} for x in r["reviews"]],
                "recommendations": [
                    {
                        "stage": x["stage"],
                        "organization": x["organization__name"],
                        "recommended": x["recommended"],
                        "rank": x["rank"],
                        "note": x["note"],
                    }
                    for x in r["recommendations"]
                ],
                "consensus": r["consensus"],
                "decision": r["decision"],
                "cumulative": r["cumulative"],
            }
            for r in pack["rows"]
        ],
    }


@router.get("/calls/{call_id}/pack", summary="The decision pack (JSON)")
def pack(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    return _pack_json(dsel.pack(call))


@router.get("/calls/{call_id}/pack.pdf", summary="The decision pack as PDF")
def pack_download_pdf(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    response = HttpResponse(pack_pdf(dsel.pack(call)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pack-{call.pk}.pdf"'
    return response


@router.get("/calls/{call_id}/pack.xlsx", summary="The decision pack as Excel")
def pack_download_xlsx(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    return xlsx_response(pack_workbook(dsel.pack(call)), f"pack-{call.pk}.xlsx")


@router.post(
    "/calls/{call_id}/decisions", response=list[FundDecisionOut], summary="Record the deciding meeting's decisions"
)
def decisions_record(request, payload: FundDecisionsIn, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    meeting = call.meetings.filter(pk=payload.meeting_id).first()
    if meeting is None:
        raise NotFound()
    return decisions.decisions_record(
        actor=request.user, call=call, meeting=meeting, items=[i.dict() for i in payload.items]
    )


@router.post("/calls/{call_id}/publicity", response={201: FundPublicityOut}, summary="Start the 公示 of the award list")
def publicity_start(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    req = awards.award_publicity_start(actor=request.user, call=call)
    return Status(201, {"call_id": call.pk, "stage": "publicity", "request_id": req.pk})


@router.post(
    "/calls/{call_id}/publicity/decide", response=FundPublicityOut, summary="Decide the 公示 (approve = award)"
)
def publicity_decide(request, payload: FundPublicityDecideIn, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    call = awards.award_publicity_decide(actor=request.user, call=call, **payload.dict())
    return {"call_id": call.pk, "stage": call.stage, "request_id": call.publicity_id}


@router.get("/calls/{call_id}/awards", response=list[FundAwardOut], summary="Award letters of a call")
def award_list(request, call_id: int = RowId):
    call = sel.call_for_ranking(request.user, call_id)
    return list(dsel.awards_of_call(call).order_by("letter_no"))


@router.get("/award-letters/{award_id}", response=FundAwardOut, summary="An award letter")
def award_get(request, award_id: int = RowId):
    return awards.award_visible(request.user, award_id)


@router.get("/award-letters/{award_id}/letter.pdf", summary="An award letter as PDF")
def award_pdf(request, award_id: int = RowId):
    award = awards.award_visible(request.user, award_id)
    response = HttpResponse(award_letter_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="award-{award.pk}.pdf"'
    return response
