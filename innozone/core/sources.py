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
