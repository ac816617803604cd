"""The fair-competition review (公平竞争审查) of a policy before publication (《公平竞争审查条例》, State
Council decree No. 783, in force 2024-08-01; research F12, 4.4).

A policy whose clauses include one that favours particular enterprises (`Clause.favours_specific`: a selective
reward or subsidy, a tax preference, a preferential factor price or fee) is not published until a review
passes. The office answers the checklist of the 条例's prohibited measures item by item (第八条 market access
and exit, 第九条 free flow of goods and factors, 第十条 production and operating costs, 第十一条 production
and operating behaviour), proposes a conclusion and submits it through the approval component (flow
`policies.fair_review`; the approver is the organization named by `INNOZONE_POLICIES_FAIR_REVIEW_ORG`, else
the office):

- 通过 (passed): every item answered "does not involve";
- 通过：符合例外规定 (exception): some item involved, with the exception's basis (第十二条: national security,
  public interest such as disaster relief, social security, energy saving and environmental protection …);
- 不通过：需修改 (revise): recorded at once without approval; the policy stays a draft.

While a review runs, a draft policy is in status `review` (its favouring clauses too); for a published policy
only the draft clauses that favour particular enterprises are. Approval returns them to draft, ready to be
published; rejection records the approver's reasons as 修改意见 (conclusion revise).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from innozone.core import approvals, audit
from innozone.core.errors import Conflict, ValidationFailed, ensure_allowed
from innozone.core.selectors import office_organization, organization_by_name

from ..models import Clause, FairReview, Policy
from ..permissions import library as permissions

FLOW_CODE = "policies.fair_review"
ANSWERS = ("no", "yes")

#: (code, group, the prohibited measure) — 《公平竞争审查条例》第八条至第十一条
CHECKLIST: list[tuple[str, str, object]] = [
    ("access_conditions", "access", _l("设置不合理或者歧视性的市场准入、退出条件")),
    ("access_franchise", "access", _l("违法授予特许经营权，或者限定经营、购买、使用特定经营者提供的商品或者服务")),
    ("access_procedures", "access", _l("设置没有法律、行政法规或者国务院规定依据的审批、许可、备案等程序或者要求")),
    ("flow_charges", "flow", _l("对外地或者进口商品、要素设置歧视性收费项目、收费标准、价格或者补贴")),
    ("flow_barriers", "flow", _l("限制外地或者进口商品、要素进入本地市场，或者阻碍本地经营者迁出、商品要素输出")),
    ("flow_investment", "flow", _l("排斥、限制外地经营者参加本地招标投标、政府采购或者在本地投资经营、设立分支机构")),
    ("cost_tax", "cost", _l("给予特定经营者税收优惠")),
    ("cost_subsidy", "cost", _l("给予特定经营者选择性、差异化的财政奖励或者补贴")),
    ("cost_factors", "cost", _l("给予特定经营者要素获取、行政事业性收费、政府性基金、社会保险费等方面的优惠")),
    ("behaviour_monopoly", "behaviour", _l("强制或者变相强制经营者实施垄断行为，或者为其提供便利条件")),
    ("behaviour_prices", "behaviour", _l("超越法定权限制定政府指导价、政府定价，为特定经营者提供优惠价格")),
    ("behaviour_intervene", "behaviour", _l("违法干预实行市场调节价的商品、要素的价格水平")),
]
GROUPS = {
    "access": _l("市场准入和退出（第八条）"),
    "flow": _l("商品和要素自由流动（第九条）"),
    "cost": _l("生产经营成本（第十条）"),
    "behaviour": _l("生产经营行为（第十一条）"),
}
CODES = [code for code, _group, _text in CHECKLIST]
#: the checklist key holding the conclusion the office proposed
PROPOSED = "_proposed"


def reviewer_organization():
    """Who approves a review: the organization named in settings, else the office."""
    name = getattr(settings, "INNOZONE_POLICIES_FAIR_REVIEW_ORG", "")
    return (organization_by_name(name) if name else None) or office_organization()


def _flow():
    def stages():
        reviewer = reviewer_organization()
        if reviewer is None:
            raise ValidationFailed(_("没有配置公平竞争审查机构（自创区办公室不存在）"))
        return [[{"approver": reviewer, "deadline_days": 10}]]

    return approvals.flow_ensure(code=FLOW_CODE, name=_("政策公平竞争审查"), stages=stages)


def needs_review(policy: Policy) -> list[Clause]:
    """The draft clauses of the policy that favour particular enterprises (what a review must cover)."""
    return [c for c in policy.clauses.all() if c.favours_specific and c.status in ("draft", "review")]


def review_covering(policy: Policy, clauses: list[Clause]) -> FairReview | None:
    """The latest passed review decided after every one of `clauses` last changed (None: none covers them)."""
    latest_change = max((c.updated_at for c in clauses), default=None)
    review = (
        policy.fair_reviews.filter(conclusion__in=(FairReview.Conclusion.PASSED, FairReview.Conclusion.EXCEPTION))
        .exclude(decided_at=None)
        .order_by("-decided_at")
        .first()
    )
    if review is None or (latest_change and review.decided_at < latest_change):
        return None
    return review


def _clean(checklist: dict, conclusion: str, basis: str) -> tuple[dict, list[dict]]:
    errors = []
    answers = {}
    for code in CODES:
        item = (checklist or {}).get(code) or {}
        answer = item.get("answer") if isinstance(item, dict) else None
        note = str(item.get("note") or "").strip()[:500] if isinstance(item, dict) else ""
        if answer not in ANSWERS:
            label = {c: t for c, _g, t in CHECKLIST}[code]
            errors.append({"field": code, "message": _("请逐项作答：%(q)s") % {"q": label}})
            continue
        if answer == "yes" and not note:
            errors.append({"field": code, "message": _("涉及的审查事项请说明具体情形")})
        answers[code] = {"answer": answer, "note": note}
    unknown = set(checklist or {}) - set(CODES) - {PROPOSED}
    if unknown:
        errors.append({"field": "checklist", "message": _("未知的审查事项：%(c)s") % {"c": "、".join(sorted(unknown))}})
    if conclusion not in (FairReview.Conclusion.PASSED, FairReview.Conclusion.EXCEPTION, FairReview.Conclusion.REVISE):
        errors.append({"field": "conclusion", "message": _("请选择审查结论")})
    involved = [c for c, a in answers.items() if a["answer"] == "yes"]
    if conclusion == FairReview.Conclusion.PASSED and involved:
        errors.append({"field": "conclusion", "message": _("有审查事项涉及排除、限制竞争，结论不能为“通过”")})
    if conclusion == FairReview.Conclusion.EXCEPTION and not involved:
        errors.append({"field": "conclusion", "message": _("没有涉及的审查事项，无需适用例外规定")})
    if conclusion in (FairReview.Conclusion.EXCEPTION, FairReview.Conclusion.REVISE) and not basis:
        errors.append({"field": "basis", "message": _("适用例外规定须写明依据；需修改须写明修改意见")})
    return answers, errors


@transaction.atomic
def fair_review_submit(*, actor, policy: Policy, checklist: dict, conclusion: str, basis: str = "") -> FairReview:
    """Record the office's review of a policy; passed/exception go to the reviewer for approval."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    ensure_allowed(permissions.can_submit_fair_review(actor, policy))
    basis = (basis or "").strip()
    answers, errors = _clean(checklist, conclusion, basis)
    clauses = needs_review(policy)
    if not clauses:
        errors.append({"field": "policy", "message": _("该政策没有待发布的、涉及特定经营者优惠的条款，无需审查")})
    if policy.fair_reviews.filter(conclusion=FairReview.Conclusion.PENDING).exists():
        raise Conflict(_("该政策已有审查在进行中"))
    if errors:
        raise ValidationFailed(detail=errors)
    review = FairReview.objects.create(
        policy=policy, checklist=answers, conclusion=FairReview.Conclusion.PENDING, basis=basis, submitted_by=actor
    )
    if conclusion == FairReview.Conclusion.REVISE:
        review.conclusion, review.decided_at = conclusion, timezone.now()
        review.save(update_fields=["conclusion", "decided_at"])
        audit.record(actor=actor, action="policies.fair_review.revise", obj=review, summary=policy.title, after=answers)
        return review
    reviewer = reviewer_organization()
    applicant = policy.owner or office_organization()
    if reviewer is not None and applicant is not None and reviewer.pk == applicant.pk:
        raise ValidationFailed(
            _(
                "审查机构（%(r)s）不能审查本单位牵头的政策：请将牵头单位设为起草部门，"
                "或设置 INNOZONE_POLICIES_FAIR_REVIEW_ORG"
            )
            % {"r": reviewer.name}
        )
    review.approval = approvals.approval_start(
        actor=actor,
        flow=_flow(),
        subject=review,
        applicant=applicant,
        title=_("公平竞争审查：%(t)s") % {"t": policy.title},
    )
    review.checklist = {**answers, PROPOSED: conclusion}
    review.save(update_fields=["approval", "checklist"])
    if policy.status == Policy.Status.DRAFT:
        policy.status = Policy.Status.REVIEW
        policy.save(update_fields=["status", "updated_at"])
    Clause.objects.filter(pk__in=[c.pk for c in clauses]).update(status=Clause.Status.REVIEW)
    audit.record(
        actor=actor,
        action="policies.fair_review.submit",
        obj=review,
        summary=policy.title,
        after={"checklist": answers, "conclusion": conclusion, "basis": basis},
    )
    return review


def proposed_conclusion(review: FairReview) -> str:
    """The conclusion the office proposed (kept in the checklist under PROPOSED until the approver decides)."""
    return (review.checklist or {}).get(PROPOSED) or review.conclusion


def answers_of(review: FairReview) -> dict:
    """The checklist's answers without the proposed conclusion."""
    return {k: v for k, v in (review.checklist or {}).items() if k in CODES}


def _finish(review: FairReview, *, passed: bool, actor, comment: str) -> None:
    policy = Policy.objects.select_for_update().get(pk=review.policy_id)
    if passed:
        review.conclusion = proposed_conclusion(review)
    else:
        review.conclusion = FairReview.Conclusion.REVISE
        review.basis = "\n".join(filter(None, [review.basis, _("审查意见：%(c)s") % {"c": comment.strip()}]))
    review.decided_at = timezone.now()
    review.save(update_fields=["conclusion", "basis", "decided_at"])  # checklist keeps PROPOSED as a record
    if policy.status == Policy.Status.REVIEW:
        policy.status = Policy.Status.DRAFT
        policy.save(update_fields=["status", "updated_at"])
    # back to draft without touching updated_at: the review's decision is later than the clauses' last edit
    Clause.objects.filter(policy=policy, status=Clause.Status.REVIEW).update(status=Clause.Status.DRAFT)
    audit.record(
        actor=actor,
        action="policies.fair_review.pass" if passed else "policies.fair_review.reject",
        obj=review,
        summary=policy.title,
        after={"conclusion": review.conclusion, "comment": comment},
    )


def on_approved(*, request, actor, comment: str) -> None:
    review = FairReview.objects.select_for_update().get(approval=request)
    _finish(review, passed=True, actor=actor, comment=comment)


def on_rejected(*, request, actor, comment: str) -> None:
    review = FairReview.objects.select_for_update().get(approval=request)
    _finish(review, passed=False, actor=actor, comment=comment)


def review_link(request) -> str:
    review = FairReview.objects.filter(approval=request).first()
    return reverse("policies:fair_review", args=[review.policy_id]) if review else ""
