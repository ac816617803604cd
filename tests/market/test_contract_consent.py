"""The counterparty's consent to a technology contract (issue 11): a party's submission waits for the other
party (待对方确认); only the counterparty's own people confirm or decline; nothing unconfirmed counts in the
statistics, the live indicator or the registered-contracts export; each step is audited and notified."""

import datetime as dt
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import AuditEvent, Notice, Organization
from innozone.core.sources import source
from innozone.market import selectors, services
from innozone.market.models import Field, TechContract

from .api_calls import LAB, LONGYUAN, _error, _ok
from .pages import _as, _messages

TITLE = "高性能钕铁硼磁体制备技术转让合同"


def _data(seller, buyer, **over):
    data = {
        "contract_type": "transfer",
        "title": TITLE,
        "seller": seller,
        "buyer": buyer,
        "amount": "700000",
        "technology_amount": "600000",
        "signed_on": timezone.localdate() - dt.timedelta(days=1),
        "field": Field.objects.get(name="新材料"),
    }
    return {**data, **over}


def _orgs():
    return Organization.objects.get(name=LAB), Organization.objects.get(name=LONGYUAN)


def _bought_by_enterprise(people) -> TechContract:
    """陇原 (the buyer) registers a contract naming the analysis centre as its seller."""
    lab, longyuan = _orgs()
    return services.contract_submit(actor=people["enterprise"], data=_data(lab, longyuan))


def _counted(year: int, region_id: int):
    stats = selectors.contract_stats(year)["totals"]
    live = source("market").totals("技术合同成交额", year)
    return stats["n"], stats["tech"] or Decimal(0), live.get(region_id, Decimal(0))


def _actions(contract) -> list[str]:
    events = AuditEvent.objects.filter(object_type="market.TechContract", object_id=str(contract.pk))
    return list(events.order_by("pk").values_list("action", flat=True))


def test_a_buyer_naming_another_enterprise_as_seller_is_not_counted_until_the_seller_confirms(busy_people):
    people = busy_people
    contract = _bought_by_enterprise(people)
    year, region = contract.signed_on.year, contract.region_id
    before = _counted(year, region)
    assert (contract.status, contract.counterparty.name) == ("awaiting", LAB)

    with pytest.raises(Conflict):  # the office cannot register what the seller has not agreed to
        services.contract_review(actor=people["office"], contract=contract, approve=True)
    contract.refresh_from_db()
    assert (contract.status, contract.registration_number) == ("awaiting", "")
    assert _counted(year, region) == before
    assert contract not in selectors.contracts_submitted()

    services.contract_confirm(actor=people["provider"], contract=contract)
    assert _counted(year, region) == before, "confirmed but not yet registered: still not counted"
    services.contract_review(actor=people["office"], contract=contract, approve=True)
    n, tech, live = _counted(year, region)
    assert (n, tech) == (before[0] + 1, before[1] + Decimal("600000"))
    assert live == before[2] + Decimal("60")  # 万元


def test_the_offices_entry_from_signed_paper_needs_no_consent_and_one_party_on_both_sides_is_refused(people):
    lab, longyuan = _orgs()
    entered = services.contract_submit(actor=people["office"], data=_data(lab, longyuan))
    assert (entered.status, entered.counterparty) == ("submitted", None)
    with pytest.raises(ValidationFailed) as err:
        services.contract_submit(actor=people["enterprise"], data=_data(longyuan, longyuan, title="自我确认"))
    assert [d["field"] for d in err.value.detail] == ["buyer"]
    with pytest.raises(ValidationFailed):  # a read-only account does not speak for its organization
        services.contract_submit(actor=people["leader"], data=_data(lab, people["leader"].organization))
    assert list(TechContract.objects.values_list("pk", flat=True)) == [entered.pk]


@pytest.mark.parametrize("who", ["enterprise", "expert", "office", "leader", "auditor"])
def test_only_the_counterparty_may_confirm_or_decline(people, who):
    """Not the registrant, not a third organization (兰州大学), not the office, not a read-only account."""
    contract = _bought_by_enterprise(people)
    for attempt in (
        lambda: services.contract_confirm(actor=people[who], contract=contract),
        lambda: services.contract_decline(actor=people[who], contract=contract, reason="不是我们签的"),
    ):
        with pytest.raises(Forbidden):
            attempt()
    contract.refresh_from_db()
    assert (contract.status, contract.confirmed_by, contract.decline_reason) == ("awaiting", None, "")
    assert _actions(contract) == ["market.contract.submit"]


def test_confirming_twice_or_after_withdrawal_is_a_conflict(people):
    contract = _bought_by_enterprise(people)
    services.contract_confirm(actor=people["provider"], contract=contract)
    contract.refresh_from_db()
    assert (contract.status, contract.confirmed_by) == ("submitted", people["provider"])
    assert contract.confirmed_at is not None
    with pytest.raises(Conflict):
        services.contract_confirm(actor=people["provider"], contract=contract)
    with pytest.raises(Conflict):
        services.contract_withdraw(actor=people["enterprise"], contract=contract)
    other = services.contract_submit(actor=people["enterprise"], data=_data(*_orgs(), title="另一份合同"))
    services.contract_withdraw(actor=people["enterprise"], contract=other)
    with pytest.raises(Conflict):
        services.contract_confirm(actor=people["provider"], contract=other)
    with pytest.raises(Forbidden):  # the counterparty does not withdraw the registrant's submission
        services.contract_withdraw(actor=people["provider"], contract=contract)


def test_decline_needs_a_reason_then_the_registrant_corrects_and_resubmits_or_withdraws(people):
    contract = _bought_by_enterprise(people)
    with pytest.raises(ValidationFailed) as err:
        services.contract_decline(actor=people["provider"], contract=contract, reason="  ")
    assert [d["field"] for d in err.value.detail] == ["reason"]
    services.contract_decline(actor=people["provider"], contract=contract, reason="金额与签署文本不符")
    contract.refresh_from_db()
    assert (contract.status, contract.decline_reason) == ("declined", "金额与签署文本不符")
    assert contract in selectors.contracts_unconfirmed_of(people["enterprise"])
    assert contract not in selectors.contracts_awaiting_consent(people["provider"])

    with pytest.raises(Forbidden):  # the counterparty cannot rewrite it
        services.contract_resubmit(actor=people["provider"], contract=contract, data=_data(*_orgs()))
    services.contract_resubmit(
        actor=people["enterprise"], contract=contract, data=_data(*_orgs(), amount="750000", technology_amount="650000")
    )
    contract.refresh_from_db()
    assert (contract.status, contract.amount, contract.decline_reason) == ("awaiting", Decimal("750000"), "")
    assert contract in selectors.contracts_awaiting_consent(people["provider"])

    services.contract_decline(actor=people["provider"], contract=contract, reason="仍不符")
    services.contract_withdraw(actor=people["enterprise"], contract=contract)
    contract.refresh_from_db()
    assert contract.status == "withdrawn"
    assert _actions(contract) == [
        "market.contract.submit",
        "market.contract.decline",
        "market.contract.resubmit",
        "market.contract.decline",
        "market.contract.withdraw",
    ]


def test_every_step_is_audited_with_its_actor_and_organization(people):
    contract = _bought_by_enterprise(people)
    services.contract_confirm(actor=people["provider"], contract=contract)
    events = AuditEvent.objects.filter(object_type="market.TechContract", object_id=str(contract.pk)).order_by("pk")
    submit, confirm = events
    assert (submit.action, submit.actor, submit.after["status"], submit.after["counterparty"]) == (
        "market.contract.submit",
        people["enterprise"],
        "awaiting",
        LAB,
    )
    assert (confirm.action, confirm.actor, confirm.organization.name) == (
        "market.contract.confirm",
        people["provider"],
        LAB,
    )
    assert (confirm.before, confirm.after) == ({"status": "awaiting"}, {"status": "submitted"})


def test_the_counterparty_gets_an_inbox_notice_and_the_registrant_the_answer(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contract = _bought_by_enterprise(people)
    asked = Notice.objects.filter(title__contains=TITLE)
    assert list(asked.values_list("recipient__username", flat=True)) == ["provider"]
    assert "陇原" in asked.get().body and reverse("market:contracts") in asked.get().link
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_decline(actor=people["provider"], contract=contract, reason="金额与签署文本不符")
    told = Notice.objects.get(recipient=people["enterprise"], title__contains=TITLE)
    assert "不予确认" in told.title and "金额与签署文本不符" in told.body
    assert not Notice.objects.filter(recipient__in=[people["office"], people["expert"]]).exists()


def test_a_refused_step_notifies_nobody(people, django_capture_on_commit_callbacks):
    contract = _bought_by_enterprise(people)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Forbidden):
        services.contract_confirm(actor=people["expert"], contract=contract)
    assert not Notice.objects.filter(title__contains=TITLE).exists()


# ---------------------------------------------------------------- statistics and exports


def _sheet(response):
    assert response.status_code == 200
    return [tuple(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_pending_and_declined_contracts_are_left_out_of_the_registered_export(client, busy_people):
    people = busy_people
    pending = _bought_by_enterprise(people)
    year = pending.signed_on.year
    _as(client, people["office"])
    registered = _sheet(client.get(reverse("market:contracts"), {"year": year, "format": "xlsx"}))
    assert TITLE not in [r[1] for r in registered]
    assert {r[9] for r in registered[1:]} <= {"已登记"}
    unregistered = _sheet(
        client.get(reverse("market:contracts"), {"year": year, "format": "xlsx", "scope": "unregistered"})
    )
    assert "不计入统计" in unregistered[0][0]
    assert (TITLE, "待对方确认") in [(r[1], r[9]) for r in unregistered[2:]]


# ---------------------------------------------------------------- the page


def test_the_counterparty_confirms_on_the_contracts_page_and_only_it_sees_the_buttons(client, people):
    contract = _bought_by_enterprise(people)
    page = _as(client, people["provider"]).get(reverse("market:contracts"))
    body = page.content.decode()
    assert 'id="contracts-awaiting"' in body and 'value="confirm"' in body and "csrfmiddlewaretoken" in body
    for other in ("enterprise", "office", "expert"):
        assert 'value="confirm"' not in _as(client, people[other]).get(reverse("market:contracts")).content.decode()
    # the registrant cannot confirm by posting the form either
    response = _as(client, people["enterprise"]).post(
        reverse("market:contracts"), {"contract": contract.pk, "action": "confirm"}, follow=True
    )
    assert any("登记申请人不能确认" in m or "只有合同对方单位" in m for m in _messages(response))
    contract.refresh_from_db()
    assert contract.status == "awaiting"

    response = _as(client, people["provider"]).post(
        reverse("market:contracts"), {"contract": contract.pk, "action": "decline"}, follow=True
    )
    assert any("不予确认时请填写理由" in m for m in _messages(response))
    client.post(reverse("market:contracts"), {"contract": contract.pk, "action": "decline", "reason": "未签署"})
    contract.refresh_from_db()
    assert (contract.status, contract.decline_reason) == ("declined", "未签署")
    body = _as(client, people["enterprise"]).get(reverse("market:contracts")).content.decode()
    assert 'id="contracts-unconfirmed"' in body and "未签署" in body and f"?correct={contract.pk}" in body


def test_the_registrant_corrects_a_declined_contract_on_the_page(client, people):
    contract = _bought_by_enterprise(people)
    services.contract_decline(actor=people["provider"], contract=contract, reason="金额有误")
    _as(client, people["enterprise"])
    form = client.get(reverse("market:contracts"), {"correct": contract.pk})
    assert form.context["form"].initial["title"] == TITLE and "金额有误" in form.content.decode()
    post = {k: getattr(v, "pk", v) for k, v in _data(*_orgs(), amount="720000").items()}
    post.update(correct=contract.pk, region=contract.region_id, contract_type="transfer")
    response = client.post(reverse("market:contracts"), post, follow=True)
    assert "已提交，等待合同对方确认" in _messages(response)
    contract.refresh_from_db()
    assert (contract.status, contract.amount) == ("awaiting", Decimal("720000"))
    assert TechContract.objects.filter(title=TITLE).count() == 1, "corrected in place, not a second contract"
    assert _as(client, people["expert"]).get(reverse("market:contracts"), {"correct": contract.pk}).status_code == 404


# ---------------------------------------------------------------- the API


def test_confirm_and_decline_over_the_api(api, people):
    contract = _bought_by_enterprise(people)
    url = f"/api/market/contracts/{contract.pk}"
    api.as_user(people["enterprise"])
    assert _ok(api.get(url))["status"] == "awaiting"
    _error(api.post(f"{url}/confirm", {}), 403, "forbidden")
    api.as_user(people["office"])
    _error(api.post(f"{url}/confirm", {}), 403, "forbidden")
    api.as_user(people["expert"])  # a third organization does not even see it
    _error(api.post(f"{url}/confirm", {}), 404, "not_found")
    _error(api.post(f"{url}/decline", {"reason": "x"}), 404, "not_found")
    api.as_user(people["provider"])
    _error(api.post("/api/market/contracts/999999/confirm", {}), 404, "not_found")
    _error(api.post(f"{url}/decline", {}), 422, "invalid")
    body = _error(api.post(f"{url}/decline", {"reason": " "}), 422, "invalid")
    assert [d["field"] for d in body["detail"]] == ["reason"]
    done = _ok(api.post(f"{url}/confirm", {}))
    assert (done["status"], done["status_label"], done["counterparty"]) == ("submitted", "待登记", LAB)
    assert done["confirmed_at"]
    _error(api.post(f"{url}/confirm", {}), 409, "conflict")
    _error(api.post(f"{url}/decline", {"reason": "晚了"}), 409, "conflict")
    listed = {c["id"]: c for c in _ok(api.get("/api/market/contracts"))}
    assert listed[contract.pk]["status"] == "submitted"

    declined = services.contract_submit(actor=people["enterprise"], data=_data(*_orgs(), title="待拒绝"))
    out = _ok(api.post(f"/api/market/contracts/{declined.pk}/decline", {"reason": "没有签过"}))
    assert (out["status"], out["decline_reason"]) == ("declined", "没有签过")


def test_the_consent_endpoints_document_their_refusals():
    from innozone.api.main import api

    paths = api.get_openapi_schema()["paths"]
    confirm = paths["/api/market/contracts/{contract_id}/confirm"]["post"]["responses"]
    decline = paths["/api/market/contracts/{contract_id}/decline"]["post"]["responses"]
    assert {"200", "403", "404", "409"} <= set(map(str, confirm))
    assert {"200", "403", "404", "409", "422"} <= set(map(str, decline))


# ---------------------------------------------------------------- the migration


def test_the_migration_sends_unconfirmed_party_submissions_back_to_the_counterparty(people):
    migration = importlib.import_module("innozone.market.migrations.0005_contract_counterparty_consent")
    lab, longyuan = _orgs()
    fields = {k: v for k, v in _data(lab, longyuan).items() if k not in ("amount", "technology_amount")}
    money = {"amount": Decimal("700000"), "technology_amount": Decimal("600000"), "region": lab.region}
    by_party = TechContract.objects.create(**fields, **money, status="submitted", submitted_by=people["enterprise"])
    by_office = TechContract.objects.create(
        **{**fields, "title": "纸质合同"}, **money, status="submitted", submitted_by=people["office"]
    )
    registered = TechContract.objects.create(
        **{**fields, "title": "已登记"}, **money, status="registered", submitted_by=people["enterprise"]
    )
    migration._await_consent(django_apps, None)
    got = {c.pk: (c.status, c.counterparty_id) for c in TechContract.objects.all()}
    assert got[by_party.pk] == ("awaiting", lab.pk)
    assert got[by_office.pk] == ("submitted", None)
    assert got[registered.pk] == ("registered", None)


def test_a_contract_id_that_is_no_number_is_not_found(client, people):
    _as(client, people["enterprise"])
    assert client.get(reverse("market:contracts"), {"correct": "abc"}).status_code == 404
    for junk in ("abc", "99999999999999999999999", "-1"):
        assert client.post(reverse("market:contracts"), {"contract": junk, "action": "confirm"}).status_code == 404
