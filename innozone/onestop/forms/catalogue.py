"""Reading the catalogue editors' POSTs into the services' data (steps posted as parallel lists, parallel
departments as a multiple select), and the values the editors show."""

from __future__ import annotations

BLANK_STEPS = 2
ITEM_TEXT = (
    "code",
    "name",
    "type",
    "department",
    "implementer",
    "region",
    "legal_basis",
    "conditions",
    "clock",
    "statutory_days",
    "promised_days",
    "extension_days",
    "acceptance_days",
    "warn_days",
    "fees",
    "channel",
    "flow_url",
    "flow_note",
    "branch_days",
    "result_name",
    "contact",
)


def item_data(post) -> dict:
    data = {k: post.get(k, "") for k in ITEM_TEXT}
    data["allows_deferral"] = post.get("allows_deferral") == "1"
    data["pauses_allowed"] = post.getlist("pauses_allowed")
    data["branch_departments"] = [v for v in post.getlist("branch_departments") if v]
    names, texts = post.getlist("step_name"), post.getlist("step_text")
    data["steps"] = [
        {"name": (names[i] if i < len(names) else "").strip(), "text": (texts[i] if i < len(texts) else "").strip()}
        for i in range(max(len(names), len(texts)))
    ]
    return data


def item_initial(item=None, data: dict | None = None) -> dict:
    """The editor's values: what was posted (after a refusal), else the item's, else the defaults."""
    if data is not None:
        values = dict(data)
        values["branch_ids"] = [str(v) for v in data.get("branch_departments", [])]
        values["pauses"] = list(data.get("pauses_allowed", []))
    elif item is not None:
        values = {k: getattr(item, k) for k in ITEM_TEXT if k not in ("department", "region")}
        values["department"] = str(item.department_id)
        values["region"] = item.region.code if item.region_id else ""
        values["allows_deferral"] = item.allows_deferral
        values["steps"] = list(item.steps or [])
        values["branch_ids"] = [str(pk) for pk in item.branch_departments.values_list("pk", flat=True)]
        values["pauses"] = list(item.pauses_allowed or [])
    else:
        values = {
            "clock": "own",
            "statutory_days": 20,
            "promised_days": 10,
            "extension_days": 0,
            "acceptance_days": 5,
            "warn_days": 3,
            "fees": "不收费",
            "channel": "online",
            "branch_days": 10,
            "allows_deferral": True,
            "steps": [],
            "branch_ids": [],
            "pauses": ["correction"],
        }
    values["step_rows"] = list(values.get("steps") or []) + [{"name": "", "text": ""}] * BLANK_STEPS
    return values


def material_data(post, files) -> dict:
    return {
        "name": post.get("name", ""),
        "required": post.get("required") == "1",
        "may_defer": post.get("may_defer") == "1",
        "copies": post.get("copies", ""),
        "note": post.get("note", ""),
        "order": post.get("order", ""),
        "template": files.get("template"),
        "remove_template": post.get("remove_template") == "1",
    }


def power_data(post) -> dict:
    keys = ("department", "name", "type", "basis", "responsibility", "accountability", "item", "order")
    return {k: post.get(k, "") for k in keys}


def negative_data(post) -> dict:
    return {k: post.get(k, "") for k in ("category", "text", "basis", "order")}
