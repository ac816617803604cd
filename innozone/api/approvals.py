"""/api/approvals: the approval tasks waiting for your organization, and deciding them."""

import datetime as dt

from ninja import Router
from pydantic import BaseModel

from innozone.core import approvals
from innozone.core.errors import NotFound
from innozone.core.models import ApprovalTask

router = Router(tags=["approvals"])


class TaskOut(BaseModel):
    id: int
    request_id: int
    title: str
    applicant: str
    stage: int
    status: str
    due_at: dt.datetime | None


class DecisionIn(BaseModel):
    approve: bool
    comment: str = ""


def _out(t: ApprovalTask) -> dict:
    return {
        "id": t.pk,
        "request_id": t.request_id,
        "title": t.request.title,
        "applicant": t.request.applicant.name,
        "stage": t.stage,
        "status": t.status,
        "due_at": t.due_at,
    }


@router.get("/pending", response=list[TaskOut], summary="Tasks waiting for your organization")
def pending(request):
    return [_out(t) for t in approvals.pending_for(request.user)]


@router.post("/{task_id}/decide", response=TaskOut, summary="Approve or reject (a reason is required to reject)")
def decide(request, task_id: int, payload: DecisionIn):
    task = ApprovalTask.objects.select_related("request", "request__applicant").filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    approvals.approval_decide(actor=request.user, task=task, approve=payload.approve, comment=payload.comment)
    task.refresh_from_db()
    return _out(task)
