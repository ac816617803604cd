"""The voucher pages by role: every role against every page, where home sends each user, that one
enterprise (or provider) never sees or acts on another's vouchers and orders, and what read-only roles
may not do."""

import json

from django.urls import reverse

from innozone.core.models import ApprovalTask
from innozone.vouchers.models import (
    Order,
    Provider,
    Redemption,
    ServiceCategory,
    ServiceItem,
    SettlementBatch,
    Voucher,
)
from tests.vouchers.pages import ENTERPRISES, EVERYONE, OFFICE_VIEW, PROVIDERS, ledger_size, login_as, refusal_trace

# ---------------------------------------------------------------- who may see what


def _pages(scheme):
    """(name, url, {username: expected status}); every user not listed gets `default`."""
    voucher = (
        Voucher.objects.filter(scheme=scheme, enterprise__name="甘肃陇原新材料科技有限公司").order_by("pk").first()
    )
    order = voucher.orders.filter(provider__organization__name="甘肃省分析测试中心（演示）").order_by("pk").first()
    application = voucher.application
    batch = SettlementBatch.objects.filter(scheme=scheme).order_by("pk").first()
    assert voucher and order and application and batch, "the demo has a settled order of 陇原 at 分析测试中心"
    owner_and_office = {"enterprise": 200} | dict.fromkeys(OFFICE_VIEW, 200)
    office = dict.fromkeys(OFFICE_VIEW, 200)
    return [
        (
            "home",
            reverse("vouchers:home"),
            dict.fromkeys(ENTERPRISES, 200) | dict.fromkeys(OFFICE_VIEW, 302) | dict.fromkeys(PROVIDERS, 302),
            403,
        ),
        ("apply", reverse("vouchers:apply"), dict.fromkeys(ENTERPRISES, 200), 403),
        ("application", reverse("vouchers:application", args=[application.pk]), owner_and_office | {"lzkjj": 200}, 404),
        ("voucher", reverse("vouchers:voucher", args=[voucher.pk]), owner_and_office, 404),
        ("proof", reverse("vouchers:proof", args=[voucher.pk]), owner_and_office, 404),
        ("order", reverse("vouchers:order", args=[order.pk]), owner_and_office | {"provider": 200}, 404),
        ("provider", reverse("vouchers:provider"), dict.fromkeys(PROVIDERS, 200), 302),
        ("office", reverse("vouchers:office"), office, 403),
        ("office_vouchers", reverse("vouchers:office_vouchers"), office, 403),
        ("office_redemptions", reverse("vouchers:office_redemptions"), office, 403),
        ("office_settlements", reverse("vouchers:office_settlements"), office, 403),
        ("office_providers", reverse("vouchers:office_providers"), office, 403),
        ("settlement_export", reverse("vouchers:settlement_export", args=[batch.pk]), office, 403),
        ("ledger", reverse("ledger:public"), dict.fromkeys(EVERYONE, 200), 403),
        ("approvals", reverse("approvals"), dict.fromkeys(EVERYONE, 200), 403),
    ]


def test_every_role_against_every_voucher_page(client, busy_scheme, busy_people):
    failures = []
    for name, url, expected, default in _pages(busy_scheme):
        for username in sorted(EVERYONE):
            login_as(client, busy_people[username])
            status = client.get(url).status_code
            if status != expected.get(username, default):
                failures.append(f"{name} as {username}: {status} (expected {expected.get(username, default)})")
        client.logout()
        response = client.get(url)
        if name == "ledger":  # the public face of the ledger needs no account
            if response.status_code != 200:
                failures.append(f"ledger anonymous: {response.status_code}")
        elif response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{name} anonymous: {response.status_code}")
    assert failures == []


def test_home_sends_office_and_providers_to_their_pages(client, busy_people):
    for username in OFFICE_VIEW:
        assert login_as(client, busy_people[username]).get(reverse("vouchers:home"))["Location"] == reverse(
            "vouchers:office"
        )
    for username in PROVIDERS:
        assert login_as(client, busy_people[username]).get(reverse("vouchers:home"))["Location"] == reverse(
            "vouchers:provider"
        )


def test_a_user_who_is_not_a_provider_is_sent_to_registration(client, busy_people):
    response = login_as(client, busy_people["enterprise"]).get(reverse("vouchers:provider"))
    assert response["Location"] == reverse("vouchers:provider_register")


def test_pages_render_each_users_own_figures(client, busy_scheme, busy_people):
    longyuan = busy_people["enterprise"].organization
    mine = Voucher.objects.filter(enterprise=longyuan)
    home = login_as(client, busy_people["enterprise"]).get(reverse("vouchers:home")).content.decode()
    for v in mine:
        assert v.number in home
    for v in Voucher.objects.exclude(enterprise=longyuan):
        assert v.number not in home

    provider = Provider.objects.get(organization=busy_people["provider"].organization)
    workbench = login_as(client, busy_people["provider"]).get(reverse("vouchers:provider")).content.decode()
    for o in Order.objects.filter(provider=provider):
        assert o.number in workbench
    for o in Order.objects.exclude(provider=provider):
        assert o.number not in workbench
    for item in provider.items.all():
        assert item.name in workbench

    office = login_as(client, busy_people["office"]).get(reverse("vouchers:office"), {"scheme": busy_scheme.pk})
    cards = office.content.decode()
    assert str(busy_scheme.budget) in cards
    assert str(busy_scheme.budget - busy_scheme.committed) in cards
    assert office.context["pending"] == Redemption.objects.filter(status=Redemption.Status.PENDING).count()

    everything = login_as(client, busy_people["auditor"]).get(reverse("vouchers:office_vouchers")).content.decode()
    for v in Voucher.objects.all():
        assert v.number in everything
    active = client.get(reverse("vouchers:office_vouchers"), {"status": "active"}).content.decode()
    for v in Voucher.objects.all():
        assert (v.number in active) == (v.status == Voucher.Status.ACTIVE)


def test_ledger_page_shows_the_current_signed_head(client, busy_scheme):
    page = client.get(reverse("ledger:public")).content.decode()
    head = json.loads(client.get(reverse("ledger:head")).content)
    assert head["tree_size"] == ledger_size()
    assert head["root_hash"] in page
    assert f">{head['tree_size']}<" in page


def test_approvals_page_lists_only_the_tasks_of_the_users_organization(client, busy_people):
    waiting = ApprovalTask.objects.filter(status=ApprovalTask.Status.PENDING).select_related("approver")
    assert waiting, "the demo leaves one application waiting"
    for username in ("lzkjj", "bykjj", "office", "enterprise3", "provider"):
        user = busy_people[username]
        page = login_as(client, user).get(reverse("approvals")).content.decode()
        for task in waiting:
            shown = reverse("approval_decide", args=[task.pk]) in page
            assert shown == (task.approver_id == user.organization_id), (username, task.approver.name)


# ---------------------------------------------------------------- one enterprise never sees another's


def test_enterprise_never_sees_another_enterprises_voucher_or_order(client, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan).order_by("pk").first()
    order = voucher.orders.order_by("pk").first()
    login_as(client, busy_people["enterprise2"])
    for url in (
        reverse("vouchers:voucher", args=[voucher.pk]),
        reverse("vouchers:proof", args=[voucher.pk]),
        reverse("vouchers:order", args=[order.pk]),
        reverse("vouchers:application", args=[voucher.application_id]),
    ):
        assert client.get(url).status_code == 404, url
    listed = client.get(reverse("vouchers:home")).content.decode()
    assert voucher.number not in listed
    assert order.number not in listed


def test_enterprise_cannot_act_on_another_enterprises_voucher_or_order(client, busy_people):
    longyuan = busy_people["enterprise"].organization
    voucher = Voucher.objects.filter(enterprise=longyuan, status=Voucher.Status.ACTIVE).order_by("pk").first()
    delivered = Order.objects.filter(voucher__enterprise=longyuan, status=Order.Status.DELIVERED).first()
    item = ServiceItem.objects.filter(provider__organization=busy_people["provider"].organization).first()
    before = refusal_trace()
    login_as(client, busy_people["enterprise2"])
    assert (
        client.post(reverse("vouchers:voucher", args=[voucher.pk]), {"item": item.pk, "quantity": "1"}).status_code
        == 404
    )
    assert client.post(reverse("vouchers:order", args=[delivered.pk]), {"action": "confirm"}).status_code == 404
    assert client.post(reverse("vouchers:cancel", args=[voucher.pk]), {"reason": "不要了"}).status_code == 404
    assert refusal_trace() == before


def test_another_provider_cannot_see_or_redeem_an_order(client, busy_people):
    confirmed = Order.objects.filter(
        provider__organization=busy_people["provider"].organization, status=Order.Status.CONFIRMED
    ).first()
    assert confirmed is not None, "the demo has a confirmed order of 分析测试中心"
    before = refusal_trace()
    login_as(client, busy_people["provider2"])
    assert client.get(reverse("vouchers:order", args=[confirmed.pk])).status_code == 404
    assert client.post(reverse("vouchers:order", args=[confirmed.pk]), {"action": "redeem"}).status_code == 404
    assert refusal_trace() == before


def test_read_only_roles_cannot_review_or_settle(client, busy_scheme, busy_people):
    pending = Redemption.objects.filter(status=Redemption.Status.PENDING).first()
    assert pending is not None
    before = refusal_trace()
    batches = SettlementBatch.objects.count()
    for username in ("leader", "auditor"):
        login_as(client, busy_people[username])
        response = client.post(
            reverse("vouchers:office_redemptions"), {"redemption": pending.pk, "decision": "approve"}
        )
        assert response.status_code == 403
        response = client.post(
            f"{reverse('vouchers:office_settlements')}?scheme={busy_scheme.pk}", {"action": "create"}
        )
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING
    assert SettlementBatch.objects.count() == batches
    assert refusal_trace() == before


def test_read_only_roles_cannot_register_their_organization_as_a_provider(client, busy_people):
    category = ServiceCategory.objects.get(code="instrument")
    for username in ("auditor", "leader"):
        user = busy_people[username]
        response = login_as(client, user).post(
            reverse("vouchers:provider_register"),
            {"qualifications": "无", "contact": "0931", "categories": [category.pk]},
        )
        assert response.status_code == 403
        assert not Provider.objects.filter(organization=user.organization).exists()


def test_the_403_page_gives_the_reason(client, busy_people):
    response = login_as(client, busy_people["enterprise"]).get(reverse("vouchers:office"))
    assert response.status_code == 403
    assert "创新券管理页面仅对办公室、领导和审计员开放" in response.content.decode()


def test_approval_decision_does_not_redirect_to_another_site(client, busy_people):
    task = ApprovalTask.objects.filter(
        status=ApprovalTask.Status.PENDING, approver=busy_people["lzkjj"].organization
    ).first()
    response = login_as(client, busy_people["lzkjj"]).post(
        reverse("approval_decide", args=[task.pk]), {"decision": "approve", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
