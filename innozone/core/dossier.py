"""Sections of the enterprise dossier that other apps own (vouchers, orders, listings, contracts…).

The registry's dossier page shows one organization with everything the platform holds about it, but the
registry imports no other app. So, as with live indicator sources (`sources.py`), an app registers its
sections from `AppConfig.ready()`:

    register_section("vouchers", _("创新券"), selectors.dossier_vouchers)

`render(organization_id, user)` returns, for that viewer, either
- `None`: the viewer may not see this app's records of the organization (the section is left out), or
- a list of rows, each a dict `{column label: value}` (one small table; the key `_url` links the row's
  first cell, and keys starting with `_` are not shown), or
- a dict `{"template": name, "context": {...}}` for a section that needs its own markup.
Each app applies its own visibility rules (what the viewer could see on that app's pages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # a (lazy) translatable string
    render: Callable[[int, Any], list[dict] | dict | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    columns: list[str]
    rows: list[dict]
    template: str = ""
    context: dict | None = None

    @property
    def lines(self) -> list[tuple[str, list]]:
        """(link of the first cell or "", the cells in column order) per row, for the template."""
        return [(row.get("_url", ""), [row.get(c, "") for c in self.columns]) for row in self.rows]


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, title, render, *, order: int = 100) -> None:
    """Register (or replace) a dossier section; `order` sorts the sections on the page."""
    _SECTIONS[key] = Section(key, title, render, order)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def sections_for(organization_id: int, user) -> list[RenderedSection]:
    """The sections this user may see for one organization, rendered, in page order."""
    out = []
    for section in sections():
        result = section.render(organization_id, user)
        if result is None:
            continue
        if isinstance(result, dict):
            out.append(
                RenderedSection(
                    section.key, str(section.title), [], [], result.get("template", ""), result.get("context") or {}
                )
            )
            continue
        rows = list(result)
        columns = [k for k in rows[0] if not str(k).startswith("_")] if rows else []
        out.append(RenderedSection(section.key, str(section.title), columns, rows))
    return out
