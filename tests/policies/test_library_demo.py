"""The library's demo (`policy_world`): the "1+N" framework with its implementing measures, the seed's funding
measures, 20+ published clauses in force with conditions over the registry, 免申即享 clauses, clauses linked to
the catalogue's service items, a policy waiting in fair review, a draft and an expired policy."""

from innozone.policies.demo import library as demo
from innozone.policies.engine import rules
from innozone.policies.models import Clause, FairReview, Policy
from innozone.policies.selectors.library import clauses_in_force, policy_tree


def test_demo_has_the_framework_and_its_implementing_measures(policy_world):
    framework = Policy.objects.get(title=demo.FRAMEWORK_TITLE)
    assert framework.is_framework and framework.status == "published" and framework.doc_number == "甘发〔2019〕16号"
    assert framework.children.filter(status="published").count() >= 4
    assert Policy.objects.filter(is_demo=True, parent=None, is_framework=False, status="published").exists()  # seed 000


def test_demo_clauses_in_force_have_valid_conditions_over_registry_variables(policy_world):
    clauses = list(clauses_in_force())
    assert len(clauses) >= 20
    for c in clauses:
        assert rules.validate(c.condition) == [], c.title
        assert c.condition_text, c.title
        assert "（演示条款）" in c.title
    assert sum(c.no_application for c in clauses) >= 5
    assert sum(1 for c in clauses if c.service_item_id) >= 5
    used = set().union(*(rules.variables_of(c.condition) for c in clauses if not rules.is_empty(c.condition)))
    assert {"region", "qualifications", "rd_ratio", "revenue", "years_registered"} <= used


def test_demo_has_review_draft_expired_and_a_passed_review(policy_world):
    statuses = set(Policy.objects.filter(is_demo=True).values_list("status", flat=True))
    assert {"published", "review", "draft", "expired"} <= statuses
    pending = Policy.objects.get(status="review")
    assert pending.fair_reviews.get().conclusion == FairReview.Conclusion.PENDING
    assert pending.clauses.get().status == Clause.Status.REVIEW
    favoured = Clause.objects.get(favours_specific=True, status="published")
    review = favoured.policy.fair_reviews.get()
    assert review.conclusion == FairReview.Conclusion.EXCEPTION and favoured.published_at >= review.decided_at
    expired = Policy.objects.get(status="expired")
    assert not clauses_in_force().filter(policy=expired).exists()


def test_demo_tree_hangs_the_measures_off_the_framework(policy_world):
    from innozone.core.models import User

    office = User.objects.get(username="office")
    tree = policy_tree(office)
    roots = [root.title for root, _children in tree if root is not None]
    assert demo.FRAMEWORK_TITLE in roots
