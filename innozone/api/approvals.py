"""/api/approvals: the approval tasks waiting for your organization, and deciding them."""

import datetime as dt

from ninja import Field, Router, Schema

from innozone.core import approvals

router = Router(tags=["approvals"])


class ApprovalTaskOut(Schema):
    id: int
    request_id: int
    title: str = Field(..., alias="request.title")
    applicant: str = Field(..., alias="request.applicant.name")
    stage: int
    status: str
    due_at: dt.datetime | None


class ApprovalDecisionIn(Schema):
    approve: bool
    comment: str = ""


@router.get("/pending", response=list[ApprovalTaskOut], summary="Tasks waiting for your organization")
def pending(request):
    return approvals.pending_for(request.user)


@router.post(
    "/{task_id}/decide", response=ApprovalTaskOut, summary="Approve or reject (a reason is required to reject)"
)
def decide(request, task_id: int, payload: ApprovalDecisionIn):
    task = approvals.task_get(task_id)
    approvals.approval_decide(actor=request.user, task=task, approve=payload.approve, comment=payload.comment)
    return approvals.task_get(task_id)
