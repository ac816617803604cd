"""Who may read and change the policy library. Every check returns (allowed, reason).

- every logged-in user reads published, expired and withdrawn policies (the library is public to the
  platform's users: an expired policy is shown as such, never hidden);
- drafts and policies in fair-competition review are read by the office, leaders and auditors and by the
  staff of the policy's owner (牵头单位);
- the office (自创区办公室) creates and edits policies and clauses, submits the fair-competition review and
  publishes; leaders and auditors change nothing;
- "test a rule against enterprises" reads registry facts: the office and readers only.
"""

from django.utils.translation import gettext_lazy as _

from innozone.core.permissions import is_office_admin, is_read_only, sees_all

PUBLIC_STATUSES = ("published", "expired", "withdrawn")
#: a policy's clauses may be edited while it is a draft; a published policy's clauses are revised as new
#: versions (the clause goes back to draft until published again); nothing changes once expired/withdrawn
EDITABLE_STATUSES = ("draft", "published")


def _ok():
    return True, ""


def can_view_library(user):
    if user.is_authenticated:
        return _ok()
    return False, _("请先登录")


def can_manage_policies(user):
    """The office's acts on policies and clauses."""
    if is_office_admin(user):
        return _ok()
    return False, _("政策库的维护仅对自创区办公室开放")


def can_view_policy(user, policy):
    if not user.is_authenticated:
        return False, _("请先登录")
    if policy.status in PUBLIC_STATUSES or sees_all(user):
        return _ok()
    if policy.owner_id and user.organization_id == policy.owner_id and not is_read_only(user):
        return _ok()
    return False, _("该政策尚未发布")


def can_edit_policy(user, policy):
    allowed, reason = can_manage_policies(user)
    if not allowed:
        return allowed, reason
    if policy.status == "review":
        return False, _("政策正在公平竞争审查中，审查结束前不能修改")
    if policy.status not in EDITABLE_STATUSES:
        return False, _("已失效或已废止的政策不能修改")
    return _ok()


def can_edit_clause(user, clause):
    allowed, reason = can_edit_policy(user, clause.policy)
    if not allowed:
        return allowed, reason
    if clause.status == "retired":
        return False, _("已停用的条款不能修改")
    return _ok()


def can_test_rules(user):
    """Test a condition against chosen enterprises (reads their registry facts)."""
    if sees_all(user):
        return _ok()
    return False, _("按企业测试条件仅对自创区办公室、领导和审计员开放")


def can_submit_fair_review(user, policy):
    allowed, reason = can_manage_policies(user)
    if not allowed:
        return allowed, reason
    if policy.status not in ("draft", "published"):
        return False, _("该政策当前不能提交公平竞争审查")
    return _ok()


def can_publish(user, policy):
    allowed, reason = can_manage_policies(user)
    if not allowed:
        return allowed, reason
    if policy.status not in ("draft", "published"):
        return False, _("该政策当前不能发布")
    return _ok()


def can_withdraw(user, policy):
    allowed, reason = can_manage_policies(user)
    if not allowed:
        return allowed, reason
    if policy.status not in ("published", "expired"):
        return False, _("只有已发布或已失效的政策可以废止")
    return _ok()
