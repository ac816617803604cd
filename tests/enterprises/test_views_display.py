"""What the registry pages show, found by looking at them in a browser as each role: date inputs that keep
their value in Chinese, no second registration, a park offered only its own regions, readable qualification
states, the figures by year, board counts that open the list they count."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innozone.enterprises import services
from innozone.enterprises.models import Enterprise

from .pages import FIGURES, people, world


@pytest.fixture
def users(registry):
    return people()


@pytest.fixture
def entries(users):
    return world(users)


def _html(client, user, url, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_date_input_keeps_its_value_in_chinese_so_saving_the_form_does_not_clear_it(client, users, entries):
    longyuan = entries["longyuan"]
    services.enterprise_update(actor=users["office"], enterprise=longyuan, data={"registered_on": dt.date(2016, 1, 13)})
    html = _html(client, users["enterprise"], reverse("enterprises:edit", args=[longyuan.pk]))
    field = re.search(r'<input type="date" name="registered_on"[^>]*>', html).group(0)
    assert 'value="2016-01-13"' in field  # zh-hans would write 2016/01/13, which the browser drops
    html = _html(client, users["office"], reverse("enterprises:qualification_new", args=[longyuan.pk]))
    assert '<input type="date" name="issued_on"' in html


def test_an_organization_already_in_the_registry_is_sent_from_the_register_form_to_its_dossier(client, users, entries):
    client.force_login(users["enterprise"])
    response = client.get(reverse("enterprises:register"))
    assert response["Location"] == reverse("enterprises:detail", args=[entries["longyuan"].pk])
    before = Enterprise.objects.count()
    client.post(reverse("enterprises:register"), {"name": "又一家", "uscc": entries["longyuan"].uscc})
    assert Enterprise.objects.count() == before
    client.force_login(users["office"])  # the office registers anyone: its form stays
    assert client.get(reverse("enterprises:register")).status_code == 200


def test_the_region_filter_offers_only_the_regions_the_user_sees(client, users, entries):
    client.force_login(users["lzgx"])
    offered = client.get(reverse("enterprises:list")).context["form"].fields["region"].queryset
    assert [r.code for r in offered] == ["lzgx"]
    client.force_login(users["office"])
    offered = client.get(reverse("enterprises:list")).context["form"].fields["region"].queryset
    assert {"lz", "by", "lzgx", "bygx"} <= {r.code for r in offered}


def test_a_valid_qualification_shows_as_a_coloured_state_and_a_revoked_one_as_red(client, users, entries):
    office, longyuan = users["office"], entries["longyuan"]
    data = {"kind": "tsme", "number": "2026620100A09999", "issued_on": dt.date.today()}
    record = services.qualification_record(actor=office, enterprise=longyuan, data=data)
    html = _html(client, office, reverse("enterprises:detail", args=[longyuan.pk]))
    assert 'class="status status-done" data-status="valid"' in html
    services.qualification_revoke(actor=office, qualification=record, reason="材料不实")
    html = _html(client, office, reverse("enterprises:detail", args=[longyuan.pk]))
    assert 'class="status status-overdue" data-status="revoked"' in html
    assert "status-valid" not in html and "status-revoked" not in html  # no style for those: white on white


def test_the_figures_have_one_column_per_year_and_source_with_money_grouped(client, users, entries):
    longyuan, office = entries["longyuan"], users["office"]
    year = dt.date.today().year - 1
    for y, source in ((year, "self"), (year, "tax"), (year - 1, "self")):
        services.figures_file(actor=office, enterprise=longyuan, data={**FIGURES, "year": y, "source": source})
    html = _html(client, office, reverse("enterprises:detail", args=[longyuan.pk]))
    table = re.search(r'<table id="figures-table">.*?</table>', html, re.S).group(0)
    header = re.search(r"<tr>.*?</tr>", table, re.S).group(0)
    # the demo's company filed three years itself; the office adds the tax bureau's figures for the last one
    assert re.findall(r"<th[^>]*>(\d{4})</th>", header) == [str(year), str(year), str(year - 1), str(year - 2)]
    assert header.count("data-used") == 3  # the tax figures of the last year, the only ones of the years before
    assert "80,000,000.00" in table and "80000000" not in table


def test_each_board_count_opens_the_list_of_those_enterprises(client, users, entries):
    office = users["office"]
    for which in ("longyuan", "baiyin"):
        if not hasattr(entries[which], "cultivation"):
            services.cultivation_enter(actor=office, enterprise=entries[which])
    html = _html(client, users["lzgx"], reverse("enterprises:board"))
    links = re.findall(r'<a href="(/enterprises/\?region=\d+&amp;stage=(\w+))">(\d+)</a>', html)
    assert links, "no count links on the board"
    for href, stage, n in links:
        listed = client.get(href.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(n), (stage, href)


def test_checking_the_empty_template_says_there_is_nothing_to_import_and_offers_no_confirmation(client, users):
    client.force_login(users["office"])
    template = client.get(reverse("enterprises:import_template"))
    upload = SimpleUploadedFile(
        "template.xlsx", b"".join(template.streaming_content) if template.streaming else template.content
    )
    response = client.post(reverse("enterprises:import"), {"file": upload, "action": "check"})
    html = response.content.decode()
    assert response.context["preview"] == {"created": 0, "updated": 0, "figures": 0}
    assert "没有可导入的内容" in html and 'value="confirm"' not in html


def test_failed_conditions_are_named_in_the_interface_language(client, users, entries):
    from innozone.enterprises.models import Enterprise

    longyuan = Enterprise.objects.get(name="甘肃陇原新材料科技有限公司")  # the demo files its three years
    client.force_login(users["enterprise"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("enterprises:detail", args=[longyuan.pk])).content.decode()
    assert 'data-code="innovation_score"><strong>Innovation score not above 70</strong>' in html


@pytest.mark.parametrize("pk", [0, 2**63, 10**20])
def test_an_id_no_row_can_have_is_a_404_on_the_dossier_and_the_evidence(client, users, pk):
    client.force_login(users["office"])
    assert client.get(f"/enterprises/{pk}/").status_code == 404
    assert client.get(f"/enterprises/qualifications/{pk}/evidence/").status_code == 404
