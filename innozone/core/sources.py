"""Live indicator sources: figures the platform itself holds (accepted plan quantities, registered
technology contracts…) that an evaluation framework may use instead of typed-in values.

An app registers its source from `AppConfig.ready()`; evaluation reads them through here and imports no
other app. In a framework's iMeta the column `Source` names one as `<kind>:<key>`, e.g. `plans:高新技术企业`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    kind: str
    keys: Callable[[int], Iterable[str]]  # year → the keys that exist that year
    totals: Callable[[str, int], dict[int, Decimal]]  # (key, year) → {region id: total}
    missing: Callable[[str, int], str] | None = None  # (key, year) → why the key is not there


_SOURCES: dict[str, Source] = {}


def register_source(kind: str, *, keys, totals, missing=None) -> None:
    _SOURCES[kind] = Source(kind, keys, totals, missing)


def source(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def _named(text: str) -> tuple[Source | None, str]:
    kind, _sep, key = text.partition(":")
    return _SOURCES.get(kind), key


def named_exists(text: str, year: int, *, keys_seen: dict[str, set[str]] | None = None) -> bool:
    """Whether a source named "<kind>:<key>" (a plan indicator's or an iMeta row's `Source`) has that key for
    `year`; `keys_seen` keeps each kind's keys across several lookups."""
    found, key = _named(text)
    if found is None:
        return False
    keys_seen = {} if keys_seen is None else keys_seen
    if found.kind not in keys_seen:
        keys_seen[found.kind] = set(found.keys(year))
    return key in keys_seen[found.kind]


def named_totals(text: str, year: int, *, keys_seen: dict[str, set[str]] | None = None) -> dict[int, Decimal] | None:
    """{region id: total} of the source named "<kind>:<key>" for `year`; None when it does not exist."""
    if not named_exists(text, year, keys_seen=keys_seen):
        return None
    found, key = _named(text)
    return found.totals(key, year)


def named_missing(text: str, year: int) -> str | None:
    """The source's own explanation of why that key is not there, if it gives one."""
    found, key = _named(text)
    return found.missing(key, year) if found is not None and found.missing else None


def total_within(totals: dict[int, Decimal], region_id: int | None, tree) -> Decimal:
    """A source's totals summed over a region and every region under it (`tree`: a core.regions.RegionTree)."""
    return sum((v for rid, v in totals.items() if tree.within(rid, region_id)), Decimal(0))
