"""The one-stop service items a clause names (where an application is needed), read through the catalogue's
selectors: a code or id to the item's id, and the items' code, name and department for display."""

from __future__ import annotations


def _catalogue():
    try:
        from innozone.onestop.selectors import catalogue
    except ImportError:  # the catalogue part not installed yet
        return None
    return catalogue


def item_id(ref) -> int | bool | None:
    """The published item named by `ref` (its code, or its id): its id; None for empty; False when none."""
    ref = str(ref or "").strip()
    if not ref:
        return None
    catalogue = _catalogue()
    if catalogue is None:
        return False
    if ref.isdigit() and len(ref) < 10:
        return int(ref) if int(ref) in catalogue.items_brief([int(ref)]) else False
    return catalogue.item_ids_by_code([ref]).get(ref, False)


def items_brief(ids) -> dict[int, dict]:
    """{id: {"code", "name", "department"}} of the published items among `ids`."""
    ids = [i for i in ids if i]
    catalogue = _catalogue()
    if not ids or catalogue is None:
        return {}
    return catalogue.items_brief(ids)


def item_ids_by_code(codes) -> dict[str, int]:
    catalogue = _catalogue()
    return catalogue.item_ids_by_code(list(codes)) if catalogue is not None else {}
