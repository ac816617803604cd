"""Cases: submission (numbers, materials, 容缺), acceptance, 补正 with the one-time list, parallel branches,
the clock (pauses, extension), the decision — each rule a test, refusals leaving no trace."""

from __future__ import annotations

import datetime as dt

import pytest
from chinese_calendar import is_workday

from innozone.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from innozone.core.models import ApprovalTask, AuditEvent
from innozone.onestop.engine import clock
from innozone.onestop.models import Case, ClockPause
from innozone.onestop.selectors import cases as selectors
from innozone.onestop.services import cases as services
from innozone.onestop.services import cases_handling as handling

from .cases_world import at, make_item, materials, pdf, submit, user

BRANCHES = ("兰州市科学技术局", "甘肃省市场监督管理局")


def test_numbers_are_per_year_and_sequential(policy_world):
    item = make_item()
    first = submit(item, now=at(2026, 3, 2))
    second = submit(item, now=at(2026, 3, 3))
    next_year = submit(item, now=at(2027, 1, 5))
    assert first.number == "BJ2026-000001"
    assert second.number == "BJ2026-000002"
    assert next_year.number == "BJ2027-000001"
    assert first.status == Case.Status.SUBMITTED
    assert first.events.filter(action="submit").exists()
    assert AuditEvent.objects.filter(action="onestop.case.submit", object_id=str(first.pk)).exists()


def test_number_taken_by_a_concurrent_submission_is_skipped(policy_world, monkeypatch):
    item = make_item()
    taken = submit(item)
    calls = []

    def stale(prefix):  # the first look sees the number a concurrent submission has just taken
        calls.append(prefix)
        return taken.number if len(calls) == 1 else f"{prefix}000002"

    monkeypatch.setattr(services, "_next_number", stale)
    case = submit(item)
    assert case.number == "BJ2026-000002"
    assert len(calls) == 2


def test_missing_material_lists_every_problem_and_creates_nothing(policy_world):
    item = make_item()
    from innozone.onestop.services.cases import case_submit

    with pytest.raises(ValidationFailed) as e:
        case_submit(actor=user("enterprise"), item=item, title="", contact="", phone="", files={}, now=at(2026, 3, 2))
    fields = {d["field"] for d in e.value.detail}
    form, licence, _other = materials(item)
    assert {"contact", "phone", f"material_{form.pk}", f"material_{licence.pk}"} <= fields
    assert f"material_{_other.pk}" not in fields  # optional
    assert not Case.objects.filter(item=item).exists()


def test_deferral_needs_promise_and_a_date_within_the_promised_time(policy_world):
    item = make_item(promised=10)
    form, licence, _ = materials(item)
    from innozone.onestop.services.cases import case_submit

    def attempt(**kw):
        return case_submit(
            actor=user("enterprise"),
            item=item,
            title="t",
            contact="a",
            phone="1",
            files={form.pk: pdf()},
            deferred_ids=[licence.pk],
            now=at(2026, 3, 2),
            **kw,
        )

    with pytest.raises(ValidationFailed) as e:
        attempt(promise=False, deferred_until=dt.date(2026, 3, 6))
    assert [d["field"] for d in e.value.detail] == ["promise"]
    latest = clock.add_working_days(dt.date(2026, 3, 2), 10, is_workday)
    with pytest.raises(ValidationFailed) as e:
        attempt(promise=True, deferred_until=latest + dt.timedelta(days=1))
    assert [d["field"] for d in e.value.detail] == ["deferred_until"]
    case = attempt(promise=True, deferred_until=latest)
    assert case.deferred and case.deferred_until == latest


def test_a_material_that_may_not_be_deferred_must_be_uploaded(policy_world):
    item = make_item()
    form, licence, _ = materials(item)
    from innozone.onestop.services.cases import case_submit

    with pytest.raises(ValidationFailed) as e:
        case_submit(
            actor=user("enterprise"),
            item=item,
            title="t",
            contact="a",
            phone="1",
            files={licence.pk: pdf()},
            deferred_ids=[form.pk],
            promise=True,
            deferred_until=dt.date(2026, 3, 5),
            now=at(2026, 3, 2),
        )
    assert e.value.detail[0]["field"] == f"material_{form.pk}"


def test_department_staff_cannot_apply(policy_world):
    with pytest.raises(Forbidden):
        submit(make_item(), who="kjt")


def test_acceptance_by_another_department_is_forbidden_and_leaves_no_trace(policy_world):
    case = submit(make_item())
    with pytest.raises(Forbidden):
        services.case_accept(actor=user("kjj"), case=case)
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and case.accepted_at is None
    assert not AuditEvent.objects.filter(action="onestop.case.accept").exists()


def test_accept_starts_the_promised_clock_for_own_items(policy_world):
    case = submit(make_item(promised=10, statutory=20), now=at(2026, 2, 13))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 2, 14))  # make-up Saturday
    case.refresh_from_db()
    assert case.limit_days == 10
    assert case.due_on == clock.add_working_days(dt.date(2026, 2, 14), 10, is_workday) == dt.date(2026, 3, 6)


def test_licence_items_run_on_the_statutory_limit(policy_world):
    case = submit(make_item(clock="licence", statutory=20, promised=15), now=at(2026, 2, 13))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 2, 14))
    case.refresh_from_db()
    assert case.limit_days == 20
    assert case.due_on == dt.date(2026, 3, 20)  # across the Spring Festival (engine docstring)


def test_refusal_needs_a_reason(policy_world):
    case = submit(make_item())
    with pytest.raises(ValidationFailed):
        services.case_refuse(actor=user("kjt"), case=case, reason=" ")
    services.case_refuse(actor=user("kjt"), case=case, reason="不属于本部门职权")
    case.refresh_from_db()
    assert case.status == Case.Status.REFUSED and case.refusal_reason == "不属于本部门职权"
    assert selectors.clock_of(case) is None


def test_correction_is_one_complete_list_asked_once_before_acceptance(policy_world):
    case = submit(make_item(), now=at(2026, 3, 2))
    with pytest.raises(ValidationFailed):
        services.case_correct(actor=user("kjt"), case=case, items=[{"material": "申请表", "problem": ""}])
    services.case_correct(
        actor=user("kjt"),
        case=case,
        now=at(2026, 3, 3),
        items=[
            {"material": "申请表", "problem": "缺少法定代表人签字"},
            {"material": "营业执照", "problem": "复印件不清晰"},
        ],
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CORRECTING
    assert case.pauses.get().reason == ClockPause.Reason.CORRECTION
    with pytest.raises(Conflict):  # the department cannot ask again while it is out
        services.case_correct(actor=user("kjt"), case=case, items=[{"material": "a", "problem": "b"}])
    with pytest.raises(ValidationFailed):
        services.case_answer(actor=user("enterprise"), case=case, files=[])
    services.case_answer(actor=user("enterprise"), case=case, note="已补正", files=[pdf("fix.pdf")], now=at(2026, 3, 6))
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED
    assert case.pauses.get().ended_on == dt.date(2026, 3, 6)
    assert selectors.acceptance_due(case) == clock.add_working_days(dt.date(2026, 3, 6), 5, is_workday)
    with pytest.raises(Conflict):  # one-time notice: a second 补正 before acceptance is refused
        services.case_correct(actor=user("kjt"), case=case, items=[{"material": "a", "problem": "b"}])


def test_correction_after_acceptance_stops_the_clock(policy_world):
    case = submit(make_item(promised=10), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    due = Case.objects.get(pk=case.pk).due_on
    services.case_correct(
        actor=user("kjt"), case=case, now=at(2026, 3, 4), items=[{"material": "申请表", "problem": "数据有误"}]
    )
    services.case_answer(actor=user("enterprise"), case=case, files=[pdf()], now=at(2026, 3, 9))
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    # 5, 6, 9 March paused (the start day 4 March counts, the end day does not... 9 March is the end): 3 days
    assert case.due_on == clock.add_working_days(due, 3, is_workday)


def _parallel_case(now=None, item=None):
    item = item or make_item(branches=BRANCHES)
    case = submit(item, now=now or at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=now or at(2026, 3, 2))
    case.refresh_from_db()
    return case


def test_acceptance_opens_one_branch_per_department(policy_world):
    case = _parallel_case()
    assert case.status == Case.Status.BRANCHES
    branches = handling.branches_of(case)
    assert sorted(t.approver.name for t in branches) == sorted(BRANCHES)
    assert all(t.status == ApprovalTask.Status.PENDING for t in branches)
    with pytest.raises(Conflict):
        handling.case_decide(actor=user("kjt"), case=case, approve=True)


def test_all_branches_agree_then_the_lead_department_decides(policy_world):
    case = _parallel_case()
    for username in ("kjj", "scjg"):
        task = next(t for t in handling.branches_of(case) if t.approver_id == user(username).organization_id)
        handling.branch_decide(actor=user(username), case=case, task_id=task.pk, approve=True, comment="核验无误")
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    handling.case_decide(actor=user("kjt"), case=case, approve=True, note="符合条件", now=at(2026, 3, 9))
    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED
    assert case.used_days == 5 and case.result_number == case.number.replace("BJ", "JG")
    assert selectors.clock_of(case).level == "done" and not selectors.clock_of(case).late


def test_one_branch_disagreeing_denies_the_case_with_its_reason(policy_world):
    case = _parallel_case()
    task = next(t for t in handling.branches_of(case) if t.approver_id == user("scjg").organization_id)
    with pytest.raises(ValidationFailed):  # a refusal needs its reason
        handling.branch_decide(actor=user("scjg"), case=case, task_id=task.pk, approve=False)
    handling.branch_decide(actor=user("scjg"), case=case, task_id=task.pk, approve=False, comment="存在经营异常")
    case.refresh_from_db()
    assert case.status == Case.Status.DENIED
    assert "存在经营异常" in case.decision_note and "甘肃省市场监督管理局" in case.decision_note


def test_a_branch_cannot_be_decided_by_another_department(policy_world):
    case = _parallel_case()
    task = next(t for t in handling.branches_of(case) if t.approver_id == user("scjg").organization_id)
    with pytest.raises(Forbidden):
        handling.branch_decide(actor=user("kjj"), case=case, task_id=task.pk, approve=True)


def test_pause_moves_the_due_date_and_only_allowed_reasons(policy_world):
    case = submit(make_item(promised=10, pauses=("correction", "expert")), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    due = Case.objects.get(pk=case.pk).due_on
    with pytest.raises(ValidationFailed):
        handling.case_pause(actor=user("kjt"), case=case, reason="hearing")
    handling.case_pause(actor=user("kjt"), case=case, reason="expert", note="专家评审", now=at(2026, 3, 3))
    case.refresh_from_db()
    assert case.status == Case.Status.PAUSED and case.due_on is None
    assert selectors.clock_of(case, on=dt.date(2026, 3, 5)).level == "paused"
    with pytest.raises(Conflict):
        handling.case_decide(actor=user("kjt"), case=case, approve=True)
    handling.case_resume(actor=user("kjt"), case=case, now=at(2026, 3, 6))
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert case.due_on == clock.add_working_days(due, 3, is_workday)  # 4, 5, 6 March not counted


def test_extension_once_within_the_item_limit(policy_world):
    case = submit(make_item(promised=10, extension=5), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    with pytest.raises(ValidationFailed):
        handling.case_extend(actor=user("kjt"), case=case, days=6, reason="情况复杂")
    with pytest.raises(ValidationFailed):
        handling.case_extend(actor=user("kjt"), case=case, days=5, reason="")
    handling.case_extend(actor=user("kjt"), case=case, days=5, reason="情况复杂")
    case.refresh_from_db()
    assert case.limit_days == 15 and case.extended
    with pytest.raises(Conflict):
        handling.case_extend(actor=user("kjt"), case=case, days=1, reason="再延")


def test_deferred_case_is_approved_only_after_the_materials(policy_world):
    item = make_item()
    case = submit(item, defer=True, until=dt.date(2026, 3, 10), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    with pytest.raises(Conflict):
        handling.case_decide(actor=user("kjt"), case=case, approve=True)
    licence = materials(item)[1]
    with pytest.raises(ValidationFailed):
        services.case_supply(actor=user("enterprise"), case=case, files={materials(item)[0].pk: pdf()})
    services.case_supply(actor=user("enterprise"), case=case, files={licence.pk: pdf()})
    case.refresh_from_db()
    assert case.deferred_done_at is not None
    handling.case_decide(actor=user("kjt"), case=case, approve=True)
    assert Case.objects.get(pk=case.pk).status == Case.Status.APPROVED


def test_denial_needs_a_reason(policy_world):
    case = submit(make_item())
    services.case_accept(actor=user("kjt"), case=case)
    with pytest.raises(ValidationFailed):
        handling.case_decide(actor=user("kjt"), case=case, approve=False, note="")
    handling.case_decide(actor=user("kjt"), case=case, approve=False, note="不符合条件")
    assert Case.objects.get(pk=case.pk).status == Case.Status.DENIED


def test_withdraw_before_the_decision_only(policy_world):
    case = _parallel_case()
    with pytest.raises(Forbidden):
        services.case_withdraw(actor=user("kjt"), case=case)
    services.case_withdraw(actor=user("enterprise"), case=case, reason="不再需要")
    case.refresh_from_db()
    assert case.status == Case.Status.WITHDRAWN
    assert not ApprovalTask.objects.filter(request_id=case.approval_id, status="pending").exists()
    with pytest.raises(Conflict):
        services.case_withdraw(actor=user("enterprise"), case=case)


def test_other_organizations_do_not_see_the_case(policy_world):
    case = _parallel_case()
    assert selectors.case_get(user("kjj"), case.pk) == case  # a branch department
    assert selectors.case_get(user("office"), case.pk) == case
    with pytest.raises(NotFound):
        selectors.case_get(user("provider"), case.pk)
    assert case not in selectors.cases_for(user("provider"))
    assert list(selectors.cases_mine(user("enterprise"))) == [case]
    assert case in selectors.cases_queue(user("kjt"), tab="progress")


def test_branch_departments_queue_shows_their_cases_in_progress_not_to_accept(policy_world):
    item = make_item(branches=BRANCHES)
    waiting = submit(item)
    running = _parallel_case(item=item)
    assert waiting not in selectors.cases_queue(user("kjj"), tab="accept")
    assert waiting in selectors.cases_queue(user("kjt"), tab="accept")
    assert running in selectors.cases_queue(user("kjj"), tab="progress")


def test_an_office_holiday_moves_the_stored_due_date(policy_world):
    from innozone.core.models import WorkdayOverride

    case = submit(make_item(promised=10), now=at(2026, 3, 2))
    services.case_accept(actor=user("kjt"), case=case, now=at(2026, 3, 2))
    due = Case.objects.get(pk=case.pk).due_on
    assert services.cases_refresh_due(since=dt.date(2026, 3, 1)) == 0
    WorkdayOverride.objects.create(day=dt.date(2026, 3, 4), is_workday=False, note="临时闭馆")
    assert services.cases_refresh_due(since=dt.date(2026, 3, 4)) == 1
    assert Case.objects.get(pk=case.pk).due_on == clock.add_working_days(due, 1, is_workday)
