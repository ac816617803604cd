"""The library's services: policies and their 1+N relation, clauses checked by the engine, versions on
revision, publishing refused with every problem (and leaving no trace), withdraw and expiry, attachments."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, User
from innozone.policies.demo import library as demo
from innozone.policies.models import Clause, Policy
from innozone.policies.selectors.library import clauses_in_force, policy_state
from innozone.policies.services import library, library_clauses, library_publish

RULE = {"and": [{">=": [{"var": "years_registered"}, 1]}, {"in": ["hnte", {"var": "qualifications"}]}]}


@pytest.fixture
def users(policy_world):
    return {u.username: u for u in User.objects.filter(username__in=["office", "enterprise", "leader", "kjj"])}


@pytest.fixture
def framework(policy_world):
    return Policy.objects.get(title=demo.FRAMEWORK_TITLE)


def _policy(users, **extra):
    data = {"title": "测试政策", "issuer": "兰州市人民政府", "level": "city"} | extra
    return library.policy_create(actor=users["office"], **data)


def _clause(users, policy, **extra):
    data = {
        "title": "测试条款",
        "kind": "reward",
        "condition": RULE,
        "amount_rule": {"type": "fixed", "amount": "1000"},
    }
    return library_clauses.clause_create(actor=users["office"], policy=policy, **(data | extra))


def test_only_the_office_creates_policies(users):
    for name in ("enterprise", "leader", "kjj"):
        with pytest.raises(Forbidden):
            library.policy_create(actor=users[name], title="x", issuer="y")


def test_policy_create_lists_every_problem(users):
    with pytest.raises(ValidationFailed) as e:
        library.policy_create(
            actor=users["office"],
            title="",
            issuer="",
            level="nation",
            effective_from="2026-05-01",
            effective_until="2026-04-30",
            issued_on="2026/1/1",
            source_url="ftp://x",
        )
    fields = {d["field"] for d in e.value.detail}
    assert fields == {"title", "issuer", "level", "effective_until", "issued_on", "source_url"}
    assert not Policy.objects.filter(title="").exists()


def test_implementing_rule_hangs_off_a_framework_only_and_never_in_a_cycle(users, framework):
    child = _policy(users, parent=framework.pk, is_framework=True)
    grandchild = _policy(users, title="细则", parent=child.pk)
    assert grandchild.parent == child and child.parent == framework
    with pytest.raises(ValidationFailed) as e:
        _policy(users, title="挂在非框架政策下", parent=grandchild.pk)
    assert "不是框架政策" in e.value.detail[0]["message"]
    with pytest.raises(ValidationFailed) as e:  # the framework under its own descendant
        library.policy_update(
            actor=users["office"],
            policy=framework,
            title=framework.title,
            issuer=framework.issuer,
            parent=child.pk,
            is_framework=True,
        )
    assert e.value.detail[0]["field"] == "parent"
    with pytest.raises(ValidationFailed):  # a framework with rules under it stays one
        library.policy_update(actor=users["office"], policy=child, title=child.title, issuer=child.issuer)


def test_duplicate_document_number_of_the_same_issuer_is_refused(users, framework):
    with pytest.raises(ValidationFailed) as e:
        _policy(users, issuer=framework.issuer, doc_number=framework.doc_number)
    assert e.value.detail[0]["field"] == "doc_number"


def test_clause_rule_and_amount_are_checked_by_the_engine(users):
    policy = _policy(users)
    with pytest.raises(ValidationFailed) as e:
        _clause(
            users,
            policy,
            condition={"and": [{">=": [{"var": "no_such_thing"}, 1]}]},
            amount_rule={"type": "ratio", "figure": "rd_total", "rate": "1.5"},
        )
    messages = " ".join(d["message"] for d in e.value.detail)
    assert "未知的变量" in messages and "no_such_thing" in messages and "比例" in messages
    assert not policy.clauses.exists()


def test_no_application_clause_needs_a_condition_and_money(users):
    policy = _policy(users)
    with pytest.raises(ValidationFailed) as e:
        _clause(users, policy, no_application=True, condition={}, amount_rule={"type": "none"})
    assert {d["field"] for d in e.value.detail} >= {"condition", "amount_rule"}


def test_clause_stores_the_condition_in_words(users):
    clause = _clause(users, _policy(users))
    assert clause.condition_text == "注册成立满1年 且 持有有效的高新技术企业资质"
    assert clause.status == "draft" and clause.version == 1


def test_publish_then_revise_makes_a_new_draft_version_that_does_not_match(users):
    policy = _policy(users, effective_from=dt.date(2020, 1, 1))
    clause = _clause(users, policy)
    published = library_publish.policy_publish(actor=users["office"], policy=policy)
    assert [c.pk for c in published] == [clause.pk]
    policy.refresh_from_db()
    assert policy.status == "published" and policy.published_at is not None
    assert clauses_in_force().filter(pk=clause.pk).exists()
    data = {"title": clause.title, "kind": clause.kind, "amount_rule": {"type": "fixed", "amount": "2000"}}
    revised = library_clauses.clause_update(actor=users["office"], clause=clause, condition=RULE, **data)
    assert revised.version == 2 and revised.status == "draft"
    assert not clauses_in_force().filter(pk=clause.pk).exists()
    # a title-only edit of a published clause keeps the version
    library_publish.policy_publish(actor=users["office"], policy=policy)
    again = library_clauses.clause_update(
        actor=users["office"],
        clause=Clause.objects.get(pk=clause.pk),
        condition=RULE,
        **(data | {"title": "新名称"}),
    )
    assert again.version == 2 and again.status == "published"


def test_publish_refused_with_every_problem_leaves_no_trace(users):
    policy = _policy(users, effective_from=dt.date(2020, 1, 1))
    _clause(users, policy, favours_specific=True)
    Clause.objects.create(policy=policy, title="坏条款", kind="reward", condition={"bad": 1}, no_application=True)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as e:
        library_publish.policy_publish(actor=users["office"], policy=policy)
    fields = [d["field"] for d in e.value.detail]
    assert "fair_review" in fields and "condition" in fields
    policy.refresh_from_db()
    assert policy.status == "draft" and policy.published_at is None
    assert not policy.clauses.filter(status="published").exists()
    assert AuditEvent.objects.count() == events


def test_a_policy_past_its_validity_cannot_be_published(users):
    policy = _policy(users, effective_from=dt.date(2020, 1, 1), effective_until=dt.date(2021, 1, 1))
    with pytest.raises(ValidationFailed) as e:
        library_publish.policy_publish(actor=users["office"], policy=policy)
    assert e.value.detail[0]["field"] == "effective_until"


def test_expiry_and_withdrawal_stop_matching_but_keep_the_policy_readable(users):
    today = timezone.localdate()
    policy = _policy(users, effective_from=dt.date(2020, 1, 1), effective_until=today + dt.timedelta(days=10))
    clause = _clause(users, policy)
    library_publish.policy_publish(actor=users["office"], policy=policy)
    assert clauses_in_force(today).filter(pk=clause.pk).exists()
    later = today + dt.timedelta(days=11)
    assert not clauses_in_force(later).filter(pk=clause.pk).exists()  # past its date even before the job runs
    assert policy_state(Policy.objects.get(pk=policy.pk), later) == "expired"
    assert library.policies_expire_due(today=later, actor=users["office"]) == [policy]
    policy.refresh_from_db()
    assert policy.status == "expired"
    with pytest.raises(ValidationFailed):
        library.policy_withdraw(actor=users["office"], policy=policy, reason="  ")
    library.policy_withdraw(actor=users["office"], policy=policy, reason="被新政策取代")
    policy.refresh_from_db()
    assert policy.status == "withdrawn" and not clauses_in_force(today).filter(pk=clause.pk).exists()
    with pytest.raises(Forbidden):
        _clause(users, policy)


def test_not_yet_effective_policy_does_not_match(users):
    today = timezone.localdate()
    policy = _policy(users, effective_from=today + dt.timedelta(days=5))
    clause = _clause(users, policy)
    library_publish.policy_publish(actor=users["office"], policy=policy)
    assert not clauses_in_force(today).filter(pk=clause.pk).exists()
    assert clauses_in_force(today + dt.timedelta(days=5)).filter(pk=clause.pk).exists()


def test_retired_clause_never_matches(users):
    policy = _policy(users, effective_from=dt.date(2020, 1, 1))
    clause = _clause(users, policy)
    library_publish.policy_publish(actor=users["office"], policy=policy)
    library_clauses.clause_retire(actor=users["office"], clause=clause, reason="资金用完")
    assert not clauses_in_force().filter(pk=clause.pk).exists()
    with pytest.raises(Forbidden):
        library_clauses.clause_update(
            actor=users["office"], clause=Clause.objects.get(pk=clause.pk), title="x", kind="reward"
        )


def test_attachment_types_are_checked(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = _policy(users)
    with pytest.raises(ValidationFailed):
        library.policy_attachment_add(
            actor=users["office"], policy=policy, upload=SimpleUploadedFile("x.exe", b"MZ"), name="程序"
        )
    row = library.policy_attachment_add(
        actor=users["office"], policy=policy, upload=SimpleUploadedFile("原文.pdf", b"%PDF-1.4 test"), name="政策原文"
    )
    assert policy.attachments.get() == row
    library.policy_attachment_remove(actor=users["office"], attachment=row)
    assert not policy.attachments.exists()


def test_publishing_notifies_the_matching_enterprises_after_commit(users, django_capture_on_commit_callbacks):
    pytest.importorskip("innozone.policies.services.notify")
    from innozone.core.models import Notice
    from innozone.policies.models import MatchNotice

    policy = _policy(users, effective_from=dt.date(2020, 1, 1))
    clause = _clause(users, policy, condition={">=": [{"var": "years_registered"}, 0]})
    enterprise = users["enterprise"]
    before = Notice.objects.filter(recipient=enterprise).count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        library_publish.policy_publish(actor=users["office"], policy=policy)
    assert not MatchNotice.objects.filter(clause=clause).exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert MatchNotice.objects.filter(clause=clause, organization=enterprise.organization, near=False).exists()
    assert Notice.objects.filter(recipient=enterprise).count() == before + 1


def test_only_never_published_drafts_are_deleted(users, framework):
    policy = _policy(users, effective_from=dt.date(2020, 1, 1))
    draft = _clause(users, policy, title="草稿")
    kept = _clause(users, policy, title="要发布的")
    library_clauses.clause_delete(actor=users["office"], clause=draft)
    assert list(policy.clauses.values_list("title", flat=True)) == ["要发布的"]
    assert AuditEvent.objects.filter(action="policies.clause.delete", object_id=str(draft.pk)).exists()
    library_publish.policy_publish(actor=users["office"], policy=policy)
    with pytest.raises(ValidationFailed):
        library_clauses.clause_delete(actor=users["office"], clause=Clause.objects.get(pk=kept.pk))
    with pytest.raises(ValidationFailed):
        library.policy_delete(actor=users["office"], policy=Policy.objects.get(pk=policy.pk))
    with pytest.raises(ValidationFailed):  # a framework with rules under it
        library.policy_delete(actor=users["office"], policy=framework)
    fresh = _policy(users, title="写错了的政策")
    _clause(users, fresh)
    with pytest.raises(Forbidden):
        library.policy_delete(actor=users["leader"], policy=fresh)
    library.policy_delete(actor=users["office"], policy=fresh)
    assert not Policy.objects.filter(pk=fresh.pk).exists()
    in_review = Policy.objects.get(status="review")
    with pytest.raises(Forbidden):
        library.policy_delete(actor=users["office"], policy=in_review)
