"""The registry's facts about organizations for the clause engine (engine/rules.py VARIABLES): one
organization's facts (`facts_for`) and the same facts for every registered enterprise as numpy columns
(`bulk`), built in a few queries for the office's "who is eligible" and the benchmark. Both give the same
values (tests/policies/test_matching_facts.py compares them).

Where the facts come from (the enterprise registry, read through enterprises.selectors):
- region: the codes of the entry's region and park and of every region above them; park: the park's code;
- kind, size, field (技术领域), industry_code, listed: the entry; years_registered: whole years from the
  registration date to the day (the anniversary counts);
- qualifications: the kinds held with status 有效 and issued_on ≤ day ≤ valid_until;
- figures: the latest year filed, the most authoritative source for it (tax, statistics, self-reported):
  revenue, rd_total, employees, sci_staff, total_assets, invention_patents, export_value, and the ratios in
  percent rounded half up to 2 places: rd_ratio = R&D expenses / sales revenue, sci_ratio = science staff /
  employees, hitech_income_ratio = high-tech product income / total income (no ratio when the base is 0);
- sanctioned: a restriction on applying in force (限制申报, funds.selectors.sanctions).
A closed entry (注销/吊销) is not in the bulk columns; `facts_for` still answers for it (marked closed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.utils import timezone

from innozone.core import regions
from innozone.core.models import Organization, Region
from innozone.enterprises import selectors as registry
from innozone.enterprises.selectors import bulk as registry_bulk
from innozone.funds.selectors.sanctions import sanctioned_organization_ids

from ..engine import rules

FIGURE_COLUMNS = (
    "revenue",
    "rd_total",
    "employees",
    "sci_staff",
    "total_assets",
    "invention_patents",
    "export_value",
    "hitech_income",
    "total_income",
)
#: the engine's figure variables (from the yearly figures)
NUMERIC_FACTS = (
    "revenue",
    "rd_total",
    "employees",
    "sci_staff",
    "total_assets",
    "invention_patents",
    "export_value",
    "rd_ratio",
    "sci_ratio",
    "hitech_income_ratio",
)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def whole_years(start: dt.date | None, on: dt.date) -> int | None:
    """Whole years from `start` to `on`; the anniversary counts (29 February → 28 February in other years)."""
    if start is None:
        return None
    years = on.year - start.year
    anniversary = (start.month, min(start.day, 28 if start.month == 2 and start.day == 29 else start.day))
    if (on.month, on.day) < anniversary:
        years -= 1
    return max(years, 0)


def _percent(part, whole) -> Decimal | None:
    if part is None or whole is None or Decimal(whole) <= 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, ROUND_HALF_UP)


def figure_facts(row: dict | None) -> dict:
    """The engine's figure variables from one year's figures (a dict with FIGURE_COLUMNS), or all None."""
    if not row:
        return dict.fromkeys(NUMERIC_FACTS)
    return {
        "revenue": Decimal(row["revenue"]),
        "rd_total": Decimal(row["rd_total"]),
        "employees": int(row["employees"]),
        "sci_staff": int(row["sci_staff"]),
        "total_assets": Decimal(row["total_assets"]),
        "invention_patents": int(row["invention_patents"]),
        "export_value": Decimal(row["export_value"]),
        "rd_ratio": _percent(row["rd_total"], row["revenue"]),
        "sci_ratio": _percent(row["sci_staff"], row["employees"]),
        "hitech_income_ratio": _percent(row["hitech_income"], row["total_income"]),
    }


def place_codes(region_id: int | None, park_id: int | None) -> tuple[list[str], str | None]:
    """(sorted codes of the region, the park and every region above them; the park's code)."""
    ids = set(regions.ancestors(region_id)) if region_id else set()
    if park_id:
        ids |= set(regions.ancestors(park_id))
    codes = dict(Region.objects.filter(pk__in=ids | ({park_id} if park_id else set())).values_list("pk", "code"))
    return sorted(codes[i] for i in ids if i in codes), codes.get(park_id) if park_id else None


def sanctioned_ids(organization_ids=None, on: dt.date | None = None) -> set[int]:
    """Organizations under a restriction on applying in force on `on` (funds' sanctions)."""
    return sanctioned_organization_ids(on or timezone.localdate(), organization_ids)


def _latest_figures(entry) -> dict | None:
    by_year = registry.figures_by_year(entry)
    if not by_year:
        return None
    row = next(iter(by_year.values()))
    return {c: getattr(row, c) for c in FIGURE_COLUMNS} | {"year": row.year, "source": row.source}


@dataclass(frozen=True)
class OrganizationFacts:
    facts: dict  # variable → value (Decimal for money), what the engine reads
    year: int | None  # the figures' year
    source: str  # the figures' source
    entry_id: int | None  # the registry entry (None: not registered)
    closed: bool = False


def facts_of(organization: Organization, on: dt.date | None = None) -> OrganizationFacts:
    """The facts about one organization on `on` (default today) with where its figures come from."""
    on = on or timezone.localdate()
    entry = registry.enterprise_of(organization.pk)
    if entry is None:
        facts = dict.fromkeys(rules.VARIABLES)
        facts.update(kind=organization.kind, qualifications=[], listed=False)
        facts["sanctioned"] = organization.pk in sanctioned_ids([organization.pk], on)
        return OrganizationFacts(facts, None, "", None)
    codes, park = place_codes(entry.region_id, entry.park_id)
    figures = _latest_figures(entry)
    facts = {
        "region": codes,
        "park": park,
        "kind": entry.kind,
        "size": entry.size or None,
        "field": entry.field or None,
        "industry_code": entry.industry_code or None,
        "qualifications": sorted({q.kind for q in registry.valid_qualifications(entry, on)}),
        "years_registered": whole_years(entry.registered_on, on),
        "listed": bool(entry.listed),
        "sanctioned": organization.pk in sanctioned_ids([organization.pk], on),
        **figure_facts(figures),
    }
    return OrganizationFacts(
        facts,
        figures["year"] if figures else None,
        figures["source"] if figures else "",
        entry.pk,
        closed=not registry_bulk.is_active(entry),
    )


def facts_for(organization: Organization, on: dt.date | None = None) -> dict:
    return facts_of(organization, on).facts


# ---------------------------------------------------------------- bulk


@dataclass
class Bulk:
    """Every active registry entry's facts as columns, row i = organization_ids[i]."""

    on: dt.date
    columns: rules.Columns
    organization_ids: np.ndarray
    usccs: list[str]
    names: list[str]
    index: dict[int, int]  # organization id → row

    def figure(self, name: str, row: int):
        """A money/number figure of a row as Decimal (None: unknown), for amounts."""
        value = self.columns.numbers[name][row]
        return None if np.isnan(value) else Decimal(repr(float(value)))


def bulk(on: dt.date | None = None, organization_ids=None, progress=None) -> Bulk:
    """The facts of every active registry entry (or of `organization_ids`) on `on`, in five queries."""
    on = on or timezone.localdate()
    rows = registry_bulk.entry_rows(
        (
            "pk",
            "organization_id",
            "uscc",
            "name",
            "kind",
            "size",
            "field",
            "industry_code",
            "registered_on",
            "region_id",
            "park_id",
            "listed",
        ),
        organization_ids,
    )
    n = len(rows)
    if progress:
        progress(f"entries: {n}")
    cols = rules.Columns(n)
    org_ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    entry_row = {r[0]: i for i, r in enumerate(rows)}
    # text / choice columns as codes into a vocabulary
    for name, pos in (("kind", 4), ("size", 5), ("field", 6), ("industry_code", 7)):
        vocab: dict[str, int] = {}
        codes = np.fromiter(
            (-1 if not r[pos] else vocab.setdefault(r[pos], len(vocab)) for r in rows), dtype=np.int32, count=n
        )
        cols.set_text(name, codes, list(vocab))
    cols.numbers["years_registered"] = np.array(
        [np.nan if r[8] is None else float(whole_years(r[8], on)) for r in rows], dtype=np.float64
    )
    cols.bools["listed"] = np.fromiter((1 if r[11] else 0 for r in rows), dtype=np.int8, count=n)
    # places: one code set per distinct (region, park)
    combos: dict[tuple, int] = {}
    combo_of = np.fromiter((combos.setdefault((r[9], r[10]), len(combos)) for r in rows), dtype=np.int32, count=n)
    members: dict[str, list[int]] = {}
    park_vocab: dict[str, int] = {}
    park_of_combo = np.full(len(combos) + 1, -1, dtype=np.int32)
    for (region_id, park_id), k in combos.items():
        codes, park = place_codes(region_id, park_id)
        for code in codes:
            members.setdefault(code, []).append(k)
        if park:
            park_of_combo[k] = park_vocab.setdefault(park, len(park_vocab))
    cols.lists["region"] = (
        np.ones(n, dtype=bool),
        {code: np.isin(combo_of, np.array(ks, dtype=np.int32)) for code, ks in members.items()},
    )
    cols.set_text("park", park_of_combo[combo_of] if n else np.zeros(0, dtype=np.int32), list(park_vocab))
    # qualifications valid on the day
    held: dict[str, np.ndarray] = {}
    for entry_id, kind in registry_bulk.valid_qualification_pairs(on, organization_ids):
        i = entry_row.get(entry_id)
        if i is not None:
            held.setdefault(kind, np.zeros(n, dtype=bool))[i] = True
    cols.lists["qualifications"] = (np.ones(n, dtype=bool), held)
    if progress:
        progress("qualifications read")
    # the latest year's figures, the most authoritative source
    figs = registry_bulk.latest_figure_rows(FIGURE_COLUMNS, organization_ids)
    chosen = registry.most_authoritative(figs, key=lambda r: r[0], source=lambda r: r[1])
    numeric = NUMERIC_FACTS
    arrays = {k: np.full(n, np.nan, dtype=np.float64) for k in numeric}
    for entry_id, fig in chosen.items():
        i = entry_row.get(entry_id)
        if i is None:
            continue
        values = figure_facts(dict(zip(FIGURE_COLUMNS, fig[2:], strict=True)))
        for k in numeric:
            v = values[k]
            if v is not None:
                arrays[k][i] = float(v)
    cols.numbers.update(arrays)
    if progress:
        progress("figures read")
    bad = sanctioned_ids(None, on)
    cols.bools["sanctioned"] = np.isin(org_ids, np.fromiter(bad, dtype=np.int64, count=len(bad))).astype(np.int8)
    return Bulk(
        on=on,
        columns=cols,
        organization_ids=org_ids,
        usccs=[r[2] for r in rows],
        names=[r[3] for r in rows],
        index={int(o): i for i, o in enumerate(org_ids)},
    )


def region_labels(codes=None) -> dict[str, str]:
    """{region code: name} for the words of conditions over `region` / `park`."""
    qs = Region.objects.all()
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return dict(qs.values_list("code", "name"))
