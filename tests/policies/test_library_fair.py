"""The fair-competition review (公平竞争审查条例): a clause favouring particular enterprises is published only
after a review passes through the approval component; answers are checked; a rejection sends it back; an
edit after the review needs a new one."""

import datetime as dt

import pytest

from innozone.core import approvals
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Organization, User
from innozone.policies.models import Clause, FairReview, Policy
from innozone.policies.services import fair, library, library_clauses, library_publish

RULE = {">=": [{"var": "revenue"}, 100000000]}


@pytest.fixture
def users(policy_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "kjj", "enterprise", "leader"])}


@pytest.fixture
def favouring(users):
    owner = Organization.objects.get(name="兰州市科学技术局")
    policy = library.policy_create(
        actor=users["office"],
        title="招商优惠",
        issuer="兰州市人民政府",
        owner=owner.pk,
        effective_from=dt.date(2020, 1, 1),
    )
    library_clauses.clause_create(
        actor=users["office"],
        policy=policy,
        title="落户奖励",
        kind="reward",
        favours_specific=True,
        condition=RULE,
        amount_rule={"type": "fixed", "amount": "1000000"},
    )
    return policy


def _answers(involved=()):
    return {
        c: {"answer": "yes" if c in involved else "no", "note": "情形" if c in involved else ""} for c in fair.CODES
    }


def _approve(policy, approve=True, comment=""):
    review = policy.fair_reviews.get(conclusion="pending")
    task = review.approval.tasks.get(status="pending")
    decider = User.objects.filter(organization=task.approver).first()
    approvals.approval_decide(actor=decider, task=task, approve=approve, comment=comment)
    return FairReview.objects.get(pk=review.pk)


def test_favouring_clause_is_not_published_without_a_review(users, favouring):
    with pytest.raises(ValidationFailed) as e:
        library_publish.policy_publish(actor=users["office"], policy=favouring)
    assert any(d["field"] == "fair_review" for d in e.value.detail)


def test_every_item_must_be_answered_and_the_conclusion_fit_the_answers(users, favouring):
    partial = _answers()
    partial.pop("cost_tax")
    with pytest.raises(ValidationFailed) as e:
        fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=partial, conclusion="passed")
    assert [d["field"] for d in e.value.detail] == ["cost_tax"]
    with pytest.raises(ValidationFailed) as e:  # an involved item cannot pass plainly
        fair.fair_review_submit(
            actor=users["office"], policy=favouring, checklist=_answers(("cost_subsidy",)), conclusion="passed"
        )
    assert e.value.detail[0]["field"] == "conclusion"
    with pytest.raises(ValidationFailed) as e:  # an exception needs its basis
        fair.fair_review_submit(
            actor=users["office"], policy=favouring, checklist=_answers(("cost_subsidy",)), conclusion="exception"
        )
    assert e.value.detail[0]["field"] == "basis"
    with pytest.raises(ValidationFailed) as e:  # "involved" needs the circumstances
        fair.fair_review_submit(
            actor=users["office"],
            policy=favouring,
            conclusion="exception",
            basis="第十二条",
            checklist=_answers() | {"cost_tax": {"answer": "yes", "note": ""}},
        )
    assert e.value.detail[0]["field"] == "cost_tax"
    assert not favouring.fair_reviews.exists()


def test_only_the_office_submits(users, favouring):
    with pytest.raises(Forbidden):
        fair.fair_review_submit(actor=users["kjj"], policy=favouring, checklist=_answers(), conclusion="passed")


def test_passed_review_through_approval_then_publish(users, favouring):
    review = fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
    favouring.refresh_from_db()
    assert favouring.status == "review" and favouring.clauses.get().status == "review"
    assert review.approval.tasks.get().approver.name == "兰白国家自主创新示范区办公室"
    with pytest.raises(Forbidden):  # a draft policy in review: no second review, no edits
        fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
    with pytest.raises(Forbidden):  # the policy cannot be edited nor published while in review
        library_publish.policy_publish(actor=users["office"], policy=favouring)
    review = _approve(favouring)
    assert review.conclusion == "passed" and review.decided_at
    favouring.refresh_from_db()
    assert favouring.status == "draft" and favouring.clauses.get().status == "draft"
    library_publish.policy_publish(actor=users["office"], policy=favouring)
    assert favouring.clauses.get().status == "published"


def test_rejected_review_records_the_reasons_and_blocks_publishing(users, favouring):
    fair.fair_review_submit(
        actor=users["office"],
        policy=favouring,
        checklist=_answers(("cost_subsidy",)),
        conclusion="exception",
        basis="第十二条",
    )
    review = _approve(favouring, approve=False, comment="没有法律依据，应改为普惠政策")
    assert review.conclusion == "revise" and "没有法律依据" in review.basis
    favouring.refresh_from_db()
    assert favouring.status == "draft"
    with pytest.raises(ValidationFailed):
        library_publish.policy_publish(actor=users["office"], policy=favouring)


def test_revise_conclusion_is_recorded_without_approval(users, favouring):
    review = fair.fair_review_submit(
        actor=users["office"], policy=favouring, checklist=_answers(("cost_tax",)), conclusion="revise", basis="删除"
    )
    assert review.conclusion == "revise" and review.approval is None
    favouring.refresh_from_db()
    assert favouring.status == "draft"


def test_an_edit_after_the_review_needs_a_new_review(users, favouring):
    fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
    _approve(favouring)
    clause = Clause.objects.get(policy=favouring)
    library_clauses.clause_update(
        actor=users["office"],
        clause=clause,
        title=clause.title,
        kind="reward",
        favours_specific=True,
        condition={">=": [{"var": "revenue"}, 50000000]},
        amount_rule=clause.amount_rule,
    )
    with pytest.raises(ValidationFailed) as e:
        library_publish.policy_publish(actor=users["office"], policy=Policy.objects.get(pk=favouring.pk))
    assert any(d["field"] == "fair_review" for d in e.value.detail)


def test_reviewer_cannot_review_its_own_policy(users):
    policy = library.policy_create(actor=users["office"], title="办公室自己的政策", issuer="自创区办公室")
    library_clauses.clause_create(
        actor=users["office"], policy=policy, title="奖励", kind="reward", favours_specific=True, condition=RULE
    )
    with pytest.raises(ValidationFailed) as e:
        fair.fair_review_submit(actor=users["office"], policy=policy, checklist=_answers(), conclusion="passed")
    assert "INNOZONE_POLICIES_FAIR_REVIEW_ORG" in str(e.value.message)
    assert not policy.fair_reviews.exists()


def test_reviewer_from_settings(settings, policy_world):
    """The reviewer named in settings (else the office) approves the flow when it is first defined; once in use
    the flow is configured data (an admin may change its steps)."""
    assert fair.reviewer_organization().name == "兰白国家自主创新示范区办公室"
    settings.INNOZONE_POLICIES_FAIR_REVIEW_ORG = "甘肃省市场监督管理局"
    assert fair.reviewer_organization().name == "甘肃省市场监督管理局"
    settings.INNOZONE_POLICIES_FAIR_REVIEW_ORG = "不存在的单位"
    assert fair.reviewer_organization().name == "兰白国家自主创新示范区办公室"


def test_second_review_of_a_published_policy_conflicts(users, favouring):
    fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
    _approve(favouring)
    library_publish.policy_publish(actor=users["office"], policy=favouring)
    library_clauses.clause_create(
        actor=users["office"],
        policy=favouring,
        title="第二项奖励",
        kind="reward",
        favours_specific=True,
        condition=RULE,
    )
    fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
    favouring.refresh_from_db()
    assert favouring.status == "published"  # stays public; only the new clause is in review
    assert list(favouring.clauses.values_list("status", flat=True).order_by("pk")) == ["published", "review"]
    with pytest.raises(Conflict):
        fair.fair_review_submit(actor=users["office"], policy=favouring, checklist=_answers(), conclusion="passed")
