"""The registry's pages: who opens what, search and filters, the HTMX table, the Excel export, the
enterprise's own forms, qualification evidence, pipeline moves, the board (the import page:
test_views_import.py)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.enterprises import services
from innozone.enterprises.models import Cultivation, Enterprise, Qualification

from .pages import FIGURES, code, people, world


@pytest.fixture
def users(registry):
    return people()


@pytest.fixture
def entries(users):
    return world(users)


def _get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


# --- who opens what --------------------------------------------------------------------------------------

DETAIL_MATRIX = [
    # user, entry, status
    ("office", "baiyin", 200),
    ("leader", "baiyin", 200),
    ("auditor", "baiyin", 200),
    ("bygx", "baiyin", 200),
    ("baiyin", "baiyin", 200),
    ("lzgx", "baiyin", 404),
    ("lanzhou", "baiyin", 404),
    ("enterprise", "baiyin", 404),
    ("provider", "baiyin", 404),
    ("lzgx", "longyuan", 200),
    ("lanzhou", "longyuan", 200),
    ("enterprise", "longyuan", 200),
    ("bygx", "longyuan", 404),
]


@pytest.mark.parametrize("username,which,status", DETAIL_MATRIX)
def test_the_dossier_opens_for_the_office_readers_the_region_and_the_enterprise_itself_only(
    client, users, entries, username, which, status
):
    response = _get(client, users[username], reverse("enterprises:detail", args=[entries[which].pk]))
    assert response.status_code == status
    if status == 200:
        assert entries[which].uscc in response.content.decode()


def test_an_unknown_or_hand_edited_id_is_a_404(client, users, entries):
    assert _get(client, users["office"], "/enterprises/999999999/").status_code == 404
    assert _get(client, users["office"], "/enterprises/99999999999999999999999/").status_code == 404


EDIT_MATRIX = [
    ("office", "edit", 200),
    ("enterprise", "edit", 200),
    ("enterprise", "figures", 200),
    ("enterprise", "parties", 200),
    ("leader", "edit", 403),
    ("auditor", "figures", 403),
    ("lzgx", "edit", 403),
    ("enterprise", "qualification_new", 403),
    ("lzgx", "qualification_new", 403),
    ("office", "qualification_new", 200),
]


@pytest.mark.parametrize("username,page,status", EDIT_MATRIX)
def test_only_the_office_and_the_enterprise_itself_edit_and_only_the_office_records_qualifications(
    client, users, entries, username, page, status
):
    url = reverse(f"enterprises:{page}", args=[entries["longyuan"].pk])
    assert _get(client, users[username], url).status_code == status


PAGE_MATRIX = [
    ("office", "list", 200),
    ("leader", "list", 200),
    ("lzgx", "list", 200),
    ("office", "board", 200),
    ("leader", "board", 200),
    ("lzgx", "board", 200),
    ("enterprise", "board", 403),
    ("office", "ready", 200),
    ("enterprise", "ready", 403),
    ("office", "import", 200),
    ("leader", "import", 403),
    ("lzgx", "import", 403),
    ("enterprise", "import", 403),
    ("office", "import_template", 200),
    ("enterprise", "import_template", 403),
]


@pytest.mark.parametrize("username,page,status", PAGE_MATRIX)
def test_registry_pages_by_role(client, users, entries, username, page, status):
    assert _get(client, users[username], reverse(f"enterprises:{page}")).status_code == status


def test_a_department_without_a_region_of_its_own_is_refused_the_registry(client, users, entries):
    from tests.factories import OrganizationFactory, UserFactory

    user = UserFactory(role="expert", organization=OrganizationFactory(kind="leading_group"))
    assert _get(client, user, reverse("enterprises:list")).status_code == 403
    assert "企业库" not in _nav(_get(client, user, reverse("notices")))


def _nav(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="mainnav">') : html.index("</nav>")]


def test_the_nav_link_shows_for_those_who_may_open_the_registry(client, users, entries):
    for name in ("office", "leader", "lzgx", "enterprise"):
        assert reverse("enterprises:list") in _nav(_get(client, users[name], reverse("notices"))), name


def test_the_park_reporter_lists_only_its_parks_enterprises(client, users, entries):
    html = _get(client, users["lzgx"], reverse("enterprises:list")).content.decode()
    assert entries["longyuan"].uscc in html
    assert entries["baiyin"].uscc not in html and entries["xinqu"].uscc not in html


def test_an_enterprise_is_sent_to_its_own_dossier(client, users, entries):
    response = _get(client, users["enterprise"], reverse("enterprises:list"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == reverse("enterprises:detail", args=[entries["longyuan"].pk])


def test_an_organization_without_an_entry_gets_the_register_form_and_registers_itself(client, users, entries):
    provider = users["provider"]
    Enterprise.objects.filter(organization=provider.organization).delete()
    response = _get(client, provider, reverse("enterprises:mine"))
    assert response.status_code == 200 and "form" in response.context
    data = {"uscc": code(40), "name": provider.organization.name, "region": provider.organization.region_id}
    response = client.post(reverse("enterprises:mine"), data)
    saved = Enterprise.objects.get(organization=provider.organization)
    assert response["Location"] == reverse("enterprises:detail", args=[saved.pk])
    assert saved.uscc == code(40)


def test_a_bad_uscc_on_the_register_form_is_shown_and_nothing_is_saved(client, users, entries):
    provider = users["provider"]
    Enterprise.objects.filter(organization=provider.organization).delete()
    client.force_login(provider)
    bad = code(41)[:-1] + ("0" if code(41)[-1] != "0" else "1")
    data = {"uscc": bad, "name": provider.organization.name, "region": provider.organization.region_id}
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 200 and response.context["form"].errors.get("uscc")
    assert not Enterprise.objects.filter(organization=provider.organization).exists()


# --- search, filters, export -----------------------------------------------------------------------------


def _listed(client, user, **params) -> set[str]:
    response = _get(client, user, reverse("enterprises:list"), data=params)
    return {e.uscc for e in response.context["page"].object_list}


def test_search_by_name_former_name_and_uscc_and_filters(client, users, entries):
    office = users["office"]
    baiyin, longyuan = entries["baiyin"], entries["longyuan"]
    services.enterprise_update(actor=office, enterprise=baiyin, data={"name": "测试科创白银新名有限公司"})
    assert _listed(client, office, q="白银材料") == {baiyin.uscc}  # the former name
    assert _listed(client, office, q=baiyin.uscc.lower()) == {baiyin.uscc}
    assert baiyin.uscc in _listed(client, office, region=baiyin.park_id)
    assert longyuan.uscc not in _listed(client, office, region=baiyin.park_id)
    assert _listed(client, office, q="测试科创", field="新能源") == {baiyin.uscc}
    services.qualification_record(
        actor=office,
        enterprise=longyuan,
        data={"kind": "tsme", "number": "2026620100TEST01", "issued_on": timezone.localdate().replace(month=1, day=1)},
    )
    assert longyuan.uscc in _listed(client, office, qualification="tsme")
    assert baiyin.uscc not in _listed(client, office, qualification="tsme")
    services.cultivation_enter(actor=office, enterprise=baiyin)
    assert _listed(client, office, q="测试科创", stage="entered") == {baiyin.uscc}
    services.enterprise_update(actor=office, enterprise=baiyin, data={"industry_code": "C3562"})
    services.figures_file(actor=office, enterprise=baiyin, data={**FIGURES, "year": timezone.localdate().year - 1})
    baiyin.refresh_from_db()
    assert baiyin.size
    assert _listed(client, office, q="测试科创", size=baiyin.size) == {baiyin.uscc}
    other = next(s for s in Enterprise.Size.values if s != baiyin.size)
    assert baiyin.uscc not in _listed(client, office, q="测试科创", size=other)


def test_an_htmx_request_gets_the_table_only_and_an_empty_result_says_so(client, users, entries):
    response = _get(
        client, users["office"], reverse("enterprises:list"), data={"q": "没有这家"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "没有符合条件的企业" in html


def test_the_export_is_a_workbook_of_the_filtered_rows(client, users, entries):
    response = _get(client, users["office"], reverse("enterprises:list"), data={"q": "测试科创", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    codes = {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert codes == {entries["baiyin"].uscc, entries["xinqu"].uscc}
    response = _get(client, users["lzgx"], reverse("enterprises:list"), data={"format": "xlsx"})
    codes = {
        row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    }
    assert entries["longyuan"].uscc in codes and entries["baiyin"].uscc not in codes


# --- qualifications and the pipeline ---------------------------------------------------------------------


def test_qualification_evidence_is_downloaded_only_by_who_sees_the_entry(client, users, entries):
    client.force_login(users["office"])
    url = reverse("enterprises:qualification_new", args=[entries["longyuan"].pk])
    data = {
        "kind": "hnte",
        "number": "GR202662000999",
        "issued_on": "2025-11-20",
        "hitech_field": "materials",
        "evidence": SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", content_type="application/pdf"),
    }
    assert client.post(url, data).status_code == 302
    q = Qualification.objects.get(number="GR202662000999")
    download = reverse("enterprises:evidence", args=[q.pk])
    for name, status in [("office", 200), ("enterprise", 200), ("lzgx", 200), ("bygx", 404), ("provider", 404)]:
        response = _get(client, users[name], download)
        assert response.status_code == status, name
        if status == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 certificate"


def test_the_office_revokes_a_qualification_with_a_reason(client, users, entries):
    office = users["office"]
    q = services.qualification_record(
        actor=office,
        enterprise=entries["longyuan"],
        data={"kind": "tsme", "number": "2026TEST02", "issued_on": timezone.localdate().replace(month=1, day=1)},
    )
    client.force_login(users["enterprise"])
    assert client.post(reverse("enterprises:qualification_revoke", args=[q.pk]), {"reason": "x"}).status_code == 403
    client.force_login(office)
    client.post(reverse("enterprises:qualification_revoke", args=[q.pk]), {"reason": "材料不实"})
    q.refresh_from_db()
    assert q.status == "revoked" and q.history.filter(action="revoke", note="材料不实").exists()


def test_the_park_moves_its_enterprise_through_the_pipeline_and_others_may_not(client, users, entries):
    longyuan = entries["longyuan"]
    Cultivation.objects.filter(enterprise=longyuan).delete()
    enter = reverse("enterprises:pipeline_enter", args=[longyuan.pk])
    advance = reverse("enterprises:pipeline_advance", args=[longyuan.pk])
    client.force_login(users["bygx"])
    assert client.post(enter).status_code == 404
    client.force_login(users["enterprise"])
    assert client.post(enter).status_code == 403
    assert not Cultivation.objects.filter(enterprise=longyuan).exists()
    client.force_login(users["lzgx"])
    client.post(enter, {"note": "园区推荐"})
    assert Cultivation.objects.get(enterprise=longyuan).stage == "entered"
    client.post(advance, {"stage": "coaching"})
    client.post(advance, {"stage": "applied", "batch_year": str(timezone.localdate().year)})
    cultivation = Cultivation.objects.get(enterprise=longyuan)
    assert cultivation.stage == "applied" and cultivation.batch_year == timezone.localdate().year
    response = client.post(advance, {"stage": "rejected"}, follow=True)  # no reason: refused
    assert "请填写未通过的原因" in response.content.decode()
    assert Cultivation.objects.get(enterprise=longyuan).stage == "applied"
    client.force_login(users["leader"])
    assert client.post(advance, {"stage": "rejected", "note": "x"}).status_code == 403
    assert [s.stage for s in cultivation.steps.all()] == ["entered", "coaching", "applied"]


def test_the_board_counts_stages_of_the_users_parks_only(client, users, entries):
    office = users["office"]
    services.cultivation_enter(actor=office, enterprise=entries["baiyin"])
    Cultivation.objects.filter(enterprise=entries["longyuan"]).delete()
    services.cultivation_enter(actor=office, enterprise=entries["longyuan"])
    response = _get(client, users["lzgx"], reverse("enterprises:board"))
    regions = [r["region"].code for r in response.context["rows"]]
    assert regions == ["lzgx"]
    assert response.context["rows"][0]["counts"][0] >= 1
    assert "data-funnel" in response.content.decode() and "<script>" not in response.content.decode()
    funnel = json.loads(response.context["funnel"])
    totals = {code: n for code, _label, n in response.context["totals"]}
    assert [f["value"] for f in funnel] == [
        sum(totals.values()),
        sum(totals.values()) - totals["entered"],
        totals["applied"] + totals["recognised"] + totals["rejected"] + totals["renewal"],
        totals["recognised"] + totals["renewal"],
    ]
    response = _get(client, office, reverse("enterprises:board"))
    assert {"lz", "by", "lzgx", "bygx"} <= {r["region"].code for r in response.context["rows"]}


def test_query_counts_do_not_grow_with_the_rows(client, users, entries, django_assert_max_num_queries):
    client.force_login(users["office"])
    assert Enterprise.objects.count() > 30  # a full page of 30 rows
    # (11: the page's own queries and the nav's, among them whether the unit handles one-stop service items)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("enterprises:list"), {"q": "", "size": ""})
    assert len(response.context["page"].object_list) == 30
    with django_assert_max_num_queries(10):
        client.get(reverse("enterprises:list"), {"format": "xlsx"})
    # (21: the dossier's sections, the IP section's one query among them)
    with django_assert_max_num_queries(21):
        client.get(reverse("enterprises:detail", args=[entries["longyuan"].pk]))
    with django_assert_max_num_queries(10):
        client.get(reverse("enterprises:ready"))


def test_a_filter_that_is_not_valid_is_ignored(client, users, entries):
    response = _get(client, users["office"], reverse("enterprises:list"), data={"region": "abc", "q": "测试科创"})
    assert response.status_code == 200 and response.context["page"].paginator.count == 2


def test_the_dossier_offers_only_the_moves_the_pipeline_allows(client, users, entries):
    services.cultivation_enter(actor=users["office"], enterprise=entries["baiyin"])
    response = _get(client, users["bygx"], reverse("enterprises:detail", args=[entries["baiyin"].pk]))
    assert [c for c, _label in response.context["advance_form"].fields["stage"].choices] == ["coaching", "applied"]
    response = _get(client, users["leader"], reverse("enterprises:detail", args=[entries["baiyin"].pk]))
    assert 'id="advance-form"' not in response.content.decode()
