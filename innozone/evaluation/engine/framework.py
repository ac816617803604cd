"""The index framework and the data, read from COINr-shaped iData / iMeta tables (CSV, Excel or frames)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

TYPES = {"Indicator", "Aggregate", "Group", "Denominator"}


class FrameworkError(ValueError):
    """Invalid framework or data. `problems` lists every one: {"table", "row", "column", "message"}."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__("; ".join(_describe(p) for p in problems))


def _describe(p: dict) -> str:
    where = p["table"]
    if p.get("row") is not None:
        where += f" row {p['row']}"
    if p.get("column"):
        where += f" column {p['column']}"
    return f"{where}: {p['message']}"


@dataclass(frozen=True)
class Framework:
    """Index → pillars → sub-pillars → indicators. Levels count up from 1 (indicators) to the index."""

    codes: tuple[str, ...]  # every indicator and aggregate, level by level
    level: dict[str, int]
    parent: dict[str, str | None]
    direction: dict[str, int]
    weight: dict[str, float]
    name: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    denominator: dict[str, str | None] = field(default_factory=dict)
    target: dict[str, float | None] = field(default_factory=dict)

    @property
    def indicators(self) -> list[str]:
        return [c for c in self.codes if self.level[c] == 1]

    @property
    def top_level(self) -> int:
        return max(self.level.values())

    def aggregates(self, level: int | None = None) -> list[str]:
        return [c for c in self.codes if self.level[c] > 1 and (level is None or self.level[c] == level)]

    @property
    def index_code(self) -> str:
        return self.aggregates(self.top_level)[0]

    def children(self, code: str) -> list[str]:
        return [c for c in self.codes if self.parent.get(c) == code]

    def with_weights(self, weights: dict[str, float]) -> Framework:
        new = dict(self.weight)
        new.update(weights)
        return Framework(
            self.codes,
            self.level,
            self.parent,
            self.direction,
            new,
            self.name,
            self.unit,
            self.denominator,
            self.target,
        )


@dataclass(frozen=True)
class Dataset:
    """Units × indicators (floats, NaN for missing), with unit names, group columns and denominators."""

    framework: Framework
    data: pd.DataFrame  # index uCode, columns = indicator codes
    names: pd.Series
    groups: pd.DataFrame
    denominators: pd.DataFrame
    time: pd.Series | None = None

    def for_year(self, year) -> Dataset:
        if self.time is None:
            return self
        mask = self.time == year
        return Dataset(
            self.framework,
            self.data[mask.values],
            self.names[mask.values],
            self.groups[mask.values],
            self.denominators[mask.values],
            None,
        )


def _read_table(source, table: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.copy()
    path = Path(source)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        return pd.read_excel(path)
    return pd.read_csv(path)


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    return float(value)


def read_coinr(data, meta) -> Dataset:
    """Read COINr's iData and iMeta (paths to CSV/Excel, or data frames). Every problem is reported at once."""
    idata, imeta = _read_table(data, "iData"), _read_table(meta, "iMeta")
    problems: list[dict] = []
    for col in ("iCode", "Level", "Parent", "Direction", "Weight", "Type"):
        if col not in imeta.columns:
            problems.append({"table": "iMeta", "row": None, "column": col, "message": "required column missing"})
    for col in ("uCode",):
        if col not in idata.columns:
            problems.append({"table": "iData", "row": None, "column": col, "message": "required column missing"})
    if problems:
        raise FrameworkError(problems)

    level, parent, direction, weight, name, unit, denom, target = {}, {}, {}, {}, {}, {}, {}, {}
    codes, groups, denominators = [], [], []
    seen = set()
    for i, row in imeta.iterrows():
        rowno = int(i) + 2  # header is row 1
        code = str(row["iCode"]).strip()
        kind = str(row["Type"]).strip()
        if not code or code == "nan":
            problems.append({"table": "iMeta", "row": rowno, "column": "iCode", "message": "empty code"})
            continue
        if code in seen:
            problems.append({"table": "iMeta", "row": rowno, "column": "iCode", "message": f"duplicate code {code}"})
        seen.add(code)
        if kind not in TYPES:
            problems.append(
                {
                    "table": "iMeta",
                    "row": rowno,
                    "column": "Type",
                    "message": f"must be one of {sorted(TYPES)}, not {kind!r}",
                }
            )
            continue
        if kind == "Group":
            groups.append(code)
            continue
        if kind == "Denominator":
            denominators.append(code)
            continue
        try:
            lv = int(row["Level"])
            assert lv >= 1
        except (TypeError, ValueError, AssertionError):
            problems.append(
                {"table": "iMeta", "row": rowno, "column": "Level", "message": "must be a whole number ≥ 1"}
            )
            continue
        if (kind == "Indicator") != (lv == 1):
            problems.append(
                {
                    "table": "iMeta",
                    "row": rowno,
                    "column": "Level",
                    "message": "indicators are level 1 and aggregates above it",
                }
            )
        d = _number(row["Direction"]) if kind == "Indicator" else 1.0
        if d not in (1.0, -1.0):
            problems.append({"table": "iMeta", "row": rowno, "column": "Direction", "message": "must be 1 or -1"})
        w = _number(row["Weight"])
        if w is None and lv < max(int(x) for x in imeta["Level"].dropna()):
            problems.append({"table": "iMeta", "row": rowno, "column": "Weight", "message": "missing weight"})
        elif w is not None and w < 0:
            problems.append({"table": "iMeta", "row": rowno, "column": "Weight", "message": "must not be negative"})
        codes.append(code)
        level[code], direction[code], weight[code] = lv, int(d or 1), float(w if w is not None else 1.0)
        p = row["Parent"]
        parent[code] = (
            None if p is None or (isinstance(p, float) and np.isnan(p)) or str(p).strip() == "" else str(p).strip()
        )
        name[code] = str(row.get("iName", code))
        unit[code] = "" if pd.isna(row.get("Unit")) else str(row.get("Unit"))
        dn = row.get("Denominator")
        denom[code] = None if dn is None or pd.isna(dn) or str(dn).strip() == "" else str(dn).strip()
        target[code] = _number(row.get("Target")) if "Target" in imeta.columns else None

    top = max(level.values()) if level else 0
    for code in codes:
        p = parent[code]
        if level[code] < top and p is None:
            problems.append({"table": "iMeta", "row": None, "column": "Parent", "message": f"{code} has no parent"})
        elif p is not None and (p not in level or level[p] != level[code] + 1):
            problems.append(
                {
                    "table": "iMeta",
                    "row": None,
                    "column": "Parent",
                    "message": f"parent {p} of {code} is not an aggregate one level up",
                }
            )
        if denom.get(code) and denom[code] not in denominators:
            problems.append(
                {
                    "table": "iMeta",
                    "row": None,
                    "column": "Denominator",
                    "message": f"{denom[code]} (for {code}) is not a Denominator row",
                }
            )
    if top and len([c for c in codes if level[c] == top]) != 1:
        problems.append(
            {
                "table": "iMeta",
                "row": None,
                "column": "Level",
                "message": "exactly one top-level index needed",
            }
        )
    for code in codes:
        if level[code] > 1 and not [c for c in codes if parent[c] == code]:
            problems.append(
                {
                    "table": "iMeta",
                    "row": None,
                    "column": "Parent",
                    "message": f"aggregate {code} has no children",
                }
            )

    indicators = [c for c in codes if level[c] == 1]
    for col in [*indicators, *groups, *denominators]:
        if col not in idata.columns:
            problems.append(
                {"table": "iData", "row": None, "column": col, "message": "column named in iMeta is missing"}
            )
    if "uCode" in idata.columns and idata["uCode"].duplicated().any() and "Time" not in idata.columns:
        for i in idata.index[idata["uCode"].duplicated()]:
            problems.append({"table": "iData", "row": int(i) + 2, "column": "uCode", "message": "duplicate unit code"})
    numeric = {}
    for col in [*indicators, *denominators]:
        if col not in idata.columns:
            continue
        values = pd.to_numeric(idata[col], errors="coerce")
        bad = values.isna() & idata[col].notna() & (idata[col].astype(str).str.strip() != "")
        for i in idata.index[bad]:
            problems.append(
                {
                    "table": "iData",
                    "row": int(i) + 2,
                    "column": col,
                    "message": f"not a number: {idata.at[i, col]!r}",
                }
            )
        numeric[col] = values.astype(float)
    if problems:
        raise FrameworkError(problems)

    ordered = sorted(codes, key=lambda c: (level[c], codes.index(c)))
    framework = Framework(tuple(ordered), level, parent, direction, weight, name, unit, denom, target)
    index = pd.Index(idata["uCode"].astype(str), name="uCode")
    frame = pd.DataFrame({c: numeric[c].to_numpy() for c in indicators}, index=index)
    dens = pd.DataFrame({c: numeric[c].to_numpy() for c in denominators}, index=index)
    names = pd.Series(idata["uName"].astype(str).to_numpy() if "uName" in idata.columns else index, index=index)
    grp = pd.DataFrame({g: idata[g].to_numpy() for g in groups}, index=index)
    time = pd.Series(idata["Time"].to_numpy(), index=index) if "Time" in idata.columns else None
    return Dataset(framework, frame, names, grp, dens, time)
