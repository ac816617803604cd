"""Shared steps of the registry page tests: entries made through the services (the registry demo may or may
not have registered the demo's organizations already), logins, workbooks."""

from __future__ import annotations

import io

from innozone.core.models import Organization, Region, User
from innozone.enterprises import selectors, services
from innozone.enterprises.engine.identity import complete_uscc

LONGYUAN = "甘肃陇原新材料科技有限公司"


def code(n: int) -> str:
    """A valid USCC no demo uses (the 71… organization-code block)."""
    return complete_uscc(f"9162010071{n:07d}")


def people() -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("organization")}


def region(code_: str) -> Region:
    return Region.objects.get(code=code_)


def entry(office, *, name: str, n: int, region_code: str, park_code: str | None = None, organization=None, **data):
    """A registry entry (registered by the office), or the one the organization already has — moved to the
    region and park the test needs."""
    held = selectors.enterprise_of(organization.pk) if organization else None
    where = {"region": region(region_code), "park": region(park_code) if park_code else None}
    if held is not None:
        return services.enterprise_update(actor=office, enterprise=held, data={**where, **data})
    payload = {"uscc": code(n), "name": name, **where, **data}
    return services.enterprise_register(actor=office, data=payload, organization=organization)


def world(users) -> dict:
    """Three entries: 陇原 (兰州高新区, its own login), one in 白银高新区, one in 兰州新区."""
    office = users["office"]
    longyuan = Organization.objects.get(name=LONGYUAN)
    return {
        "longyuan": entry(
            office, name=LONGYUAN, n=1, region_code="lz-an", park_code="lzgx", organization=longyuan, field="新材料"
        ),
        "baiyin": entry(
            office, name="测试科创白银材料有限公司", n=2, region_code="by-by", park_code="bygx", field="新能源"
        ),
        "xinqu": entry(office, name="测试科创新区制造有限公司", n=3, region_code="lz-yd", park_code="lzxq"),
    }


FIGURES = {
    "source": "self",
    "employees": "120",
    "sci_staff": "30",
    "revenue": "80000000",
    "total_income": "82000000",
    "hitech_income": "60000000",
    "total_assets": "90000000",
    "rd_total": "5000000",
    "rd_domestic": "5000000",
    "invention_patents": "2",
}


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
