"""The checks of one listing's input, shared by posting and bulk import."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from innozone.core import regions
from innozone.core.models import Region
from innozone.core.money import parse_decimal

from ..models import Field, Listing

LATEST_DEADLINE = dt.timedelta(days=3653)  # a demand open for more than ten years is a typo


class Lookups:
    """Fields and regions by the name written, each looked up once per import rather than once per row."""

    def __init__(self):
        self.fields: dict[str, Field | None] = {}
        self.regions: dict[str, Region | None] = {}

    def field(self, name: str) -> Field | None:
        if name not in self.fields:
            self.fields[name] = Field.objects.filter(name=name).first()
        return self.fields[name]

    def region(self, label: str) -> Region | None:
        if label not in self.regions:
            self.regions[label] = regions.resolve(label)
        return self.regions[label]


def validate_listing(data: dict, errors: list, row=None, lookups: Lookups | None = None) -> dict:
    """Check one listing's input; append every problem to `errors`; return the cleaned values."""
    lookups = lookups or Lookups()

    def err(field, message):
        errors.append({"row": row, "field": field, "message": message} if row else {"field": field, "message": message})

    clean: dict = {}
    kind = str(data.get("kind", "")).strip()
    if kind not in Listing.Kind.values:
        err("kind", _("类型应为 achievement、demand、service、instrument 或 expert"))
    clean["kind"] = kind
    for f in ("title", "description"):
        value = str(data.get(f) or "").strip()
        if not value:
            err(f, _("必填"))
        clean[f] = value
    if len(clean["title"]) > 200:
        err("title", _("名称不超过200字"))
    field = lookups.field(str(data.get("field") or "").strip())
    if field is None:
        err("field", _("未知的技术领域“%(f)s”") % {"f": data.get("field") or ""})
    clean["field"] = field
    region = data.get("region")
    region = region if isinstance(region, Region) else lookups.region(str(region or "").strip())
    if region is None:
        err("region", _("未知的地区“%(r)s”") % {"r": data.get("region") or ""})
    clean["region"] = region
    sub: list = []
    for f in ("price", "original_value"):
        clean[f] = parse_decimal(data.get(f), field=f, errors=sub, required=False, places=2)
    for e in sub:
        err(e["field"], e["message"])
    unit = str(data.get("price_unit") or "").strip()
    if clean["price"] is not None and unit.startswith("万元"):  # prices are stored in yuan: filters compare them
        clean["price"], data = clean["price"] * 10000, {**data, "price_unit": "元" + unit[2:]}
    trl = data.get("trl")
    if trl not in (None, ""):
        try:
            clean["trl"] = int(trl)
            if not 1 <= clean["trl"] <= 9:
                raise ValueError
        except (TypeError, ValueError):
            err("trl", _("技术成熟度应为1到9的整数"))
    mode = str(data.get("transfer_mode") or "").strip()
    modes = {"转让": "assignment", "许可": "license", "作价入股": "equity", "合作开发": "cooperation"}
    mode = modes.get(mode, mode)
    if mode and mode not in Listing.TransferMode.values:
        err("transfer_mode", _("转化方式应为转让、许可、作价入股或合作开发"))
    clean["transfer_mode"] = mode
    deadline = data.get("deadline")
    if deadline not in (None, ""):
        try:
            clean["deadline"] = deadline if isinstance(deadline, dt.date) else dt.date.fromisoformat(str(deadline))
        except ValueError:
            err("deadline", _("日期格式应为 YYYY-MM-DD"))
        else:
            today = timezone.localdate()
            if not today <= clean["deadline"] <= today + LATEST_DEADLINE:
                err("deadline", _("截止日期应在今天到十年之内"))
    for f in (
        "price_unit",
        "ip_form",
        "ip_numbers",
        "contact",
        "model_number",
        "category",
        "location",
        "booking_rules",
    ):
        clean[f] = str(data.get(f) or "").strip()
    clean["international"] = str(data.get("international") or "").strip().lower() in ("1", "true", "on", "yes", "是")
    hours = data.get("hours_offered_per_week")
    try:
        clean["hours_offered_per_week"] = int(hours or 0)
    except (TypeError, ValueError):
        err("hours_offered_per_week", _("每周开放机时应为整数"))
    return clean
