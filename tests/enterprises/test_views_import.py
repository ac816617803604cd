"""The office's import page: checked first, all or nothing (every bad row listed with its sheet and row),
confirmed from the checked file; and the template workbook."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from innozone.enterprises.models import Enterprise
from innozone.enterprises.services.importing import PROFILE_COLUMNS

from .pages import FIGURES, code, people, world, xlsx


@pytest.fixture
def users(registry):
    return people()


@pytest.fixture
def entries(users):
    return world(users)


def _get(client, user, url, **extra):
    client.force_login(user)
    return client.get(url, **extra)


# --- import ----------------------------------------------------------------------------------------------


def _profile_row(**values) -> list:
    return [values.get(c, "") for c in PROFILE_COLUMNS]


def test_an_import_with_two_bad_rows_lists_both_and_saves_nothing(client, users, entries):
    before = Enterprise.objects.count()
    rows = [
        PROFILE_COLUMNS,
        _profile_row(uscc=code(50), name="测试导入甲公司", region="城关区"),
        _profile_row(uscc="91620100ABC", name="测试导入乙公司", region="城关区"),
        _profile_row(uscc=code(52), name="", region="城关区"),
    ]
    upload = SimpleUploadedFile("import.xlsx", xlsx({"企业": rows}))
    client.force_login(users["office"])
    response = client.post(reverse("enterprises:import"), {"file": upload, "action": "import"})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert {p["row"] for p in problems} == {3, 4}
    assert {str(p["sheet_label"]) for p in problems} == {"企业"}
    assert Enterprise.objects.count() == before


def test_an_import_is_checked_first_then_confirmed(client, users, entries):
    rows = [PROFILE_COLUMNS, _profile_row(uscc=code(60), name="测试导入丙公司", region="城关区", park="兰州高新区")]
    figures = [
        ["uscc", "year", *FIGURES],
        [code(60), timezone.localdate().year - 1, *FIGURES.values()],
    ]
    client.force_login(users["office"])
    upload = SimpleUploadedFile("import.xlsx", xlsx({"企业": rows, "年度数据": figures}))
    response = client.post(reverse("enterprises:import"), {"file": upload, "action": "check"})
    assert response.context["preview"] == {"created": 1, "updated": 0, "figures": 1}
    assert not Enterprise.objects.filter(uscc=code(60)).exists()
    response = client.post(reverse("enterprises:import"), {"action": "confirm"})
    assert response.status_code == 302
    saved = Enterprise.objects.get(uscc=code(60))
    assert saved.figures.count() == 1 and saved.park.code == "lzgx"


def test_the_template_has_both_sheets_with_the_column_codes(client, users, entries):
    response = _get(client, users["office"], reverse("enterprises:import_template"))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["企业"][1]] == PROFILE_COLUMNS
    assert [c.value for c in book["年度数据"][1]][:3] == ["uscc", "year", "source"]
    assert book["企业"].max_row == 1  # nothing an import would read as data
