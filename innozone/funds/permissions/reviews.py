"""Who may do what in expert review, the decision pack, decisions, 公示 and awards (part B).

The office runs the review (draws, meetings, consensus, quality ratings, decisions, the 公示 and the awards);
leaders and auditors read everything and change nothing; an expert sees the applications drawn to them and,
only after submitting their own review, the other reviewers' scores; the applicant sees its award letter."""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_office_admin, is_read_only, sees_all


def expert_id_of(user) -> int | None:
    """The talent expert record of a logged-in expert (None for anyone else)."""
    if not user.is_authenticated:
        return None
    expert = getattr(user, "expert_profile", None)
    return expert.pk if expert is not None else None


def can_manage_reviews(user):
    """The office draws panels, records meetings and consensus, rates reviews, decides and awards."""
    if is_office_admin(user):
        return True, ""
    return False, _("专家评审与立项决策由自创区办公室办理")


def can_view_ranking(user, call=None):
    """The office, leaders and auditors (read-only) see the ranking, the meetings and the decision pack."""
    if sees_all(user):
        return True, ""
    return False, _("评审排名和决策材料仅对办公室、领导和审计员开放")


can_view_pack = can_view_ranking


def is_own_review(user, review) -> bool:
    expert_id = expert_id_of(user)
    return expert_id is not None and review.expert_id == expert_id


def can_view_review(user, review):
    if sees_all(user) or is_own_review(user, review):
        return True, ""
    return False, _("只有被抽取的专家本人可以查看该评审任务")


def can_act_on_review(user, review):
    """Submit the scores or decline (回避): the expert themself while the review is assigned."""
    if not is_own_review(user, review) or is_read_only(user):
        return False, _("只有被抽取的专家本人可以办理该评审任务")
    if review.status != "assigned":
        return False, _("该评审任务已办理")
    return True, ""


def can_see_other_reviews(user, review) -> bool:
    """Other reviewers' scores and opinions: the office, leaders and auditors always; an expert only after
    submitting their own review of the same application."""
    if sees_all(user):
        return True
    return is_own_review(user, review) and review.status == "submitted"


def can_view_award(user, award):
    """The award letter: whoever sees all, and the applicant's own users."""
    if sees_all(user):
        return True, ""
    if user.is_authenticated and user.organization_id == award.application.applicant_id:
        return True, ""
    return False, _("只有申报单位和办公室可以查看立项通知")
