"""Sign-in (issue 11, finding 6): lockout after wrong passwords, the office's unlock, password change and reset,
roles changed with a reason, and every login, logout and failed login in the audit trail."""

import pytest
from django.conf import settings

from innozone.core.models import AuditEvent, User
from innozone.core.seed_data.units import DEMO_PASSWORD

LOGIN = "/accounts/login/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def _lock(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong-password")


def test_settings_default_to_five_failures_thirty_minutes_and_eight_hour_sessions():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME * 60 == 30
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_the_right_password_after_too_many_wrong_ones_is_refused_with_a_clear_message(client, users):
    _lock(client, "enterprise")
    response = _login(client, "enterprise", DEMO_PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'id="locked-out"' in html and "30 分钟" in html
    assert "_auth_user_id" not in client.session


def test_a_lock_holds_for_the_test_clients_login_too(client, users):
    assert client.login(username="lzxq", password=DEMO_PASSWORD)
    client.logout()
    _lock(client, "lzxq")
    assert not client.login(username="lzxq", password=DEMO_PASSWORD)


def test_the_office_sees_and_unlocks_a_locked_account(client, users):
    _lock(client, "enterprise")
    client.force_login(users["office"])
    page = client.get("/accounts/manage/").content.decode()
    assert 'id="locked-accounts"' in page and "enterprise" in page
    response = client.post(f"/accounts/manage/{users['enterprise'].pk}/unlock/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="core.user.unlock", object_id=str(users["enterprise"].pk)).exists()
    client.logout()
    assert _login(client, "enterprise", DEMO_PASSWORD).status_code == 302


def test_only_the_office_manages_accounts(client, users):
    client.force_login(users["lanzhou"])
    assert client.get("/accounts/manage/").status_code == 403
    assert (
        client.post(f"/accounts/manage/{users['enterprise'].pk}/reset/", {"password": "Tmp-Pass-2024!"}).status_code
        == 403
    )
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].check_password(DEMO_PASSWORD)


def test_login_logout_and_failed_login_are_audited_without_the_password(client, users):
    _login(client, "enterprise", "secret-guess-123")
    failed = AuditEvent.objects.get(action="core.login_failed")
    assert failed.summary == "enterprise" and failed.actor is None
    assert "secret-guess-123" not in str([failed.summary, failed.before, failed.after])
    assert failed.action_label == "登录失败"
    _login(client, "enterprise", DEMO_PASSWORD)
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.filter(actor=users["enterprise"]).values_list("action", flat=True))
    assert "core.login" in actions and "core.logout" in actions


def test_every_user_changes_their_password_and_a_weak_one_is_refused(client, users):
    client.force_login(users["enterprise"])
    assert "修改密码" in client.get("/approvals/").content.decode()
    weak = client.post(
        "/accounts/password/",
        {"old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].check_password(DEMO_PASSWORD)
    new = "Gansu-Lanzhou-2025!"
    done = client.post(
        "/accounts/password/", {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].check_password(new)
    assert AuditEvent.objects.filter(action="core.user.password_change", actor=users["enterprise"]).exists()
    assert client.get("/approvals/").status_code == 200  # still logged in


def test_the_office_resets_a_password_and_the_user_must_change_it(client, users):
    client.force_login(users["office"])
    weak = client.post(f"/accounts/manage/{users['enterprise'].pk}/reset/", {"password": "123"})
    assert weak.status_code == 302
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].check_password(DEMO_PASSWORD) and not users["enterprise"].must_change_password
    temporary = "Temp-Reset-2025!"
    client.post(f"/accounts/manage/{users['enterprise'].pk}/reset/", {"password": temporary})
    event = AuditEvent.objects.get(action="core.user.password_reset")
    assert event.actor == users["office"] and temporary not in str([event.summary, event.before, event.after])
    client.logout()
    assert _login(client, "enterprise", temporary).status_code == 302
    assert client.get("/approvals/")["Location"] == "/accounts/password/"
    assert 'id="must-change"' in client.get("/accounts/password/").content.decode()
    new = "Mine-Again-2025!"
    client.post("/accounts/password/", {"old_password": temporary, "new_password1": new, "new_password2": new})
    assert client.get("/approvals/").status_code == 200


def test_the_office_cannot_reset_its_own_or_a_superusers_password(client, users):
    root = User.objects.create_superuser("root", password="Root-Pass-2025!")
    client.force_login(users["office"])
    for target in (root, users["office"]):
        client.post(f"/accounts/manage/{target.pk}/reset/", {"password": "Temp-Reset-2025!"})
        target.refresh_from_db()
        assert not target.must_change_password
    assert not AuditEvent.objects.filter(action="core.user.password_reset").exists()


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_role_change_needs_a_reason(client, users, reason):
    client.force_login(users["office"])
    client.post(f"/accounts/manage/{users['enterprise'].pk}/role/", {"role": "office_admin", "reason": reason})
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].role == "enterprise"


def test_a_role_change_is_audited_with_its_reason(client, users):
    client.force_login(users["office"])
    client.post(f"/accounts/manage/{users['lzxq'].pk}/role/", {"role": "coordinator", "reason": "岗位调整"})
    users["lzxq"].refresh_from_db()
    assert users["lzxq"].role == "coordinator"
    event = AuditEvent.objects.get(action="core.user.set_role")
    assert event.before == {"role": "reporter"} and event.after["reason"] == "岗位调整"
