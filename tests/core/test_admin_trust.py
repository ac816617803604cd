"""The zone office in the Django admin (issue 11, finding 1): it cannot mint or edit tokens, set passwords,
grant superuser or staff rights or change roles, and every admin change is in the auditor's audit trail."""

from django.utils import timezone

from innozone.core.models import ApiToken, AuditEvent, Notice, Organization, User
from innozone.core.seed_data.units import DEMO_PASSWORD
from innozone.core.tokens import api_token_create


def _user_form(user, **changes) -> dict:
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "display_name": user.display_name,
        "phone": user.phone,
        "organization": user.organization_id or "",
    }
    return {**data, **changes}


def test_the_office_cannot_mint_a_token_for_someone_else(client, users):
    client.force_login(users["office"])
    assert client.get("/admin/core/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/core/apitoken/add/",
        {"user": users["enterprise"].pk, "name": "x", "prefix": "iz_abc", "key_hash": "0" * 64},
    )
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_the_office_cannot_edit_a_token_hash_or_revive_a_revoked_token(client, users):
    api_token_create(actor=users["enterprise"], user=users["enterprise"], name="script")
    token = ApiToken.objects.get()
    token.revoked_at = timezone.now()
    token.save()
    client.force_login(users["office"])
    page = client.get(f"/admin/core/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and token.key_hash not in page.content.decode()  # view only, no hash
    response = client.post(
        f"/admin/core/apitoken/{token.pk}/change/",
        {"user": users["enterprise"].pk, "name": "script", "prefix": token.prefix, "key_hash": "0" * 64},
    )
    assert response.status_code == 403
    assert client.post(f"/admin/core/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    fresh = ApiToken.objects.get()
    assert fresh.key_hash == token.key_hash and fresh.revoked_at == token.revoked_at


def test_the_office_cannot_set_another_users_password(client, users):
    client.force_login(users["office"])
    url = f"/admin/core/user/{users['enterprise'].pk}/password/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Taken-Over-2025!", "password2": "Taken-Over-2025!"})
    assert response.status_code == 403
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].check_password(DEMO_PASSWORD)


def test_the_office_cannot_make_itself_superuser_nor_give_rights_or_roles(client, users):
    client.force_login(users["office"])
    office, enterprise = users["office"], users["enterprise"]
    own = client.post(f"/admin/core/user/{office.pk}/change/", _user_form(office, is_superuser="on", is_staff="on"))
    assert own.status_code == 302
    other = client.post(
        f"/admin/core/user/{enterprise.pk}/change/",
        _user_form(enterprise, is_staff="on", is_superuser="on", role="office_admin", phone="0931-1234567"),
    )
    assert other.status_code == 302
    office.refresh_from_db()
    enterprise.refresh_from_db()
    assert not office.is_superuser
    assert not enterprise.is_staff and not enterprise.is_superuser and enterprise.role == "enterprise"
    assert enterprise.phone == "0931-1234567"  # the fields the office may edit are saved
    event = AuditEvent.objects.filter(action="admin.change", object_id=str(enterprise.pk)).get()
    assert event.actor == office and event.after["phone"] == "0931-1234567" and "password" not in event.after


def test_an_office_admin_change_is_on_the_auditors_audit_page(client, users):
    org = Organization.objects.get(name="兰州科技大市场公司")
    client.force_login(users["office"])
    form = {
        "name": "兰州科技大市场管理有限公司",
        "kind": org.kind,
        "region": org.region_id or "",
        "is_active": "on",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    assert client.post(f"/admin/core/organization/{org.pk}/change/", form).status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_type="core.Organization")
    assert event.before["name"] == "兰州科技大市场公司" and event.after["name"] == "兰州科技大市场管理有限公司"
    client.force_login(users["auditor"])
    page = client.get("/audit/?action=admin").content.decode()
    assert "admin.change" in page and "后台修改" in page and "兰州科技大市场管理有限公司" in page


def test_a_superusers_password_change_in_the_admin_is_audited_without_the_hash(admin_client, users):
    url = f"/admin/core/user/{users['enterprise'].pk}/password/"
    response = admin_client.post(url, {"password1": "New-Secret-2025!", "password2": "New-Secret-2025!"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_id=str(users["enterprise"].pk))
    users["enterprise"].refresh_from_db()
    assert users["enterprise"].password not in str([event.summary, event.before, event.after])


def test_a_bulk_delete_in_the_admin_is_audited_object_by_object(admin_client, users):
    notices = [Notice.objects.create(recipient=users["enterprise"], title=f"n{i}") for i in range(3)]
    response = admin_client.post(
        "/admin/core/notice/",
        {"action": "delete_selected", "_selected_action": [n.pk for n in notices], "post": "yes"},
    )
    assert response.status_code == 302 and not Notice.objects.exists()
    deleted = set(AuditEvent.objects.filter(action="admin.delete").values_list("object_id", flat=True))
    assert deleted == {str(n.pk) for n in notices}
    assert User.objects.filter(username="enterprise").exists()


def test_the_office_cannot_change_or_delete_a_superusers_account(client, users):
    root = User.objects.create_superuser("root", password="Root-Pass-2025!")
    client.force_login(users["office"])
    response = client.post(f"/admin/core/user/{root.pk}/change/", {**_user_form(root), "is_active": ""})
    assert response.status_code == 403
    assert client.post(f"/admin/core/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.is_active
