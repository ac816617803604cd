"""Reading COINr-shaped tables: iData (units × columns) and iMeta (one row per column of iData).

iData: `uCode`, optional `uName`, optional group columns, optional `Time`, then one column per indicator and
per denominator. iMeta: `iCode`, `iName`, `Level`, `Parent`, `Direction`, `Weight`, `Type` (Indicator,
Aggregate, Group or Denominator), optionally `Unit`, `Target` and `Denominator`. Either table may be a CSV
or Excel file or a data frame. Every problem is collected and raised at once as a `FrameworkError`.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd

from .framework import Dataset, Framework, FrameworkError

TYPES = ("Indicator", "Aggregate", "Group", "Denominator")
META_REQUIRED = ("iCode", "Level", "Parent", "Direction", "Weight", "Type")
DATA_RESERVED = ("uCode", "uName", "Time")


EXCEL = {".xlsx", ".xlsm"}


def read_table(source, name: str | None = None) -> pd.DataFrame:
    """A data frame from a frame, a file path, or an uploaded file object: Excel (first sheet) by the
    suffix of `name` (else the path's or the object's name), otherwise CSV (UTF-8, with or without BOM)."""
    if isinstance(source, pd.DataFrame):
        return source.copy()
    if isinstance(source, str | Path):
        name, raw = name or str(source), Path(source).read_bytes()
    else:
        name, raw = name or getattr(source, "name", ""), source.read()
    if Path(name).suffix.lower() in EXCEL:
        return pd.read_excel(BytesIO(raw), engine="openpyxl")
    return pd.read_csv(BytesIO(raw), encoding="utf-8-sig")


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def _text(value) -> str | None:
    return None if _blank(value) else str(value).strip()


def _number(value) -> float | None:
    if _blank(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


class _Problems(list):
    def add(self, table: str, row, column: str | None, message: str) -> None:
        self.append({"table": table, "row": row, "column": column, "message": message})


def _read_meta(imeta: pd.DataFrame, problems: _Problems) -> dict:
    """Parse iMeta row by row; returns the per-code attributes of the valid rows."""
    nodes: dict[str, dict] = {}
    groups, denominators, seen = [], [], set()
    for i, row in enumerate(imeta.to_dict("records")):
        rowno = i + 2
        code, kind = _text(row["iCode"]), _text(row["Type"])
        if code is None:
            problems.add("iMeta", rowno, "iCode", "empty code")
            continue
        if code in seen:
            problems.add("iMeta", rowno, "iCode", f"duplicate code {code}")
            continue
        seen.add(code)
        if kind not in TYPES:
            problems.add("iMeta", rowno, "Type", f"must be one of {', '.join(TYPES)}, not {kind!r}")
            continue
        if kind == "Group":
            groups.append(code)
            continue
        if kind == "Denominator":
            denominators.append(code)
            continue
        level = _number(row["Level"])
        if level is None or np.isnan(level) or level != int(level) or level < 1:
            problems.add("iMeta", rowno, "Level", "must be a whole number ≥ 1")
            continue
        level = int(level)
        if (kind == "Indicator") != (level == 1):
            problems.add("iMeta", rowno, "Level", "indicators are level 1 and aggregates above it")
        direction = _number(row["Direction"]) if kind == "Indicator" else 1.0
        if direction not in (1.0, -1.0):
            problems.add("iMeta", rowno, "Direction", "must be 1 or -1")
        weight = _number(row["Weight"])
        if weight is not None and not weight >= 0:
            problems.add("iMeta", rowno, "Weight", "must be a number ≥ 0")
        target = _number(row.get("Target"))
        if target is not None and np.isnan(target):
            problems.add("iMeta", rowno, "Target", "must be a number")
        nodes[code] = {
            "row": rowno,
            "level": level,
            "parent": _text(row["Parent"]),
            "direction": int(direction) if direction in (1.0, -1.0) else 1,
            "weight": weight,
            "name": _text(row.get("iName")) or code,
            "unit": _text(row.get("Unit")) or "",
            "denominator": _text(row.get("Denominator")),
            "target": target if target is not None and not np.isnan(target) else None,
        }
    return {"nodes": nodes, "groups": groups, "denominators": denominators}


def _check_tree(parsed: dict, problems: _Problems) -> None:
    nodes, denominators = parsed["nodes"], parsed["denominators"]
    if not nodes:
        problems.add("iMeta", None, "Type", "no indicators or aggregates")
        return
    top = max(n["level"] for n in nodes.values())
    tops = [c for c, n in nodes.items() if n["level"] == top]
    if len(tops) != 1:
        problems.add("iMeta", None, "Level", f"exactly one top-level index is needed, found {', '.join(tops)}")
    has_children = {n["parent"] for n in nodes.values()}
    for code, n in nodes.items():
        parent = n["parent"]
        if n["level"] < top and parent is None:
            problems.add("iMeta", n["row"], "Parent", f"{code} has no parent")
        elif parent is not None and (parent not in nodes or nodes[parent]["level"] != n["level"] + 1):
            problems.add("iMeta", n["row"], "Parent", f"parent {parent} of {code} is not an aggregate one level up")
        if n["level"] < top and n["weight"] is None:
            problems.add("iMeta", n["row"], "Weight", "missing weight")
        if n["level"] > 1 and code not in has_children:
            problems.add("iMeta", n["row"], "Parent", f"aggregate {code} has no children")
        if n["denominator"] and n["denominator"] not in denominators:
            problems.add("iMeta", n["row"], "Denominator", f"{n['denominator']} is not a Denominator row of iMeta")


def _check_data(idata: pd.DataFrame, parsed: dict, problems: _Problems) -> dict[str, pd.Series]:
    """Columns present, unit codes unique (per year), numbers numeric. Returns the numeric columns."""
    indicators = [c for c, n in parsed["nodes"].items() if n["level"] == 1]
    for col in [*indicators, *parsed["groups"], *parsed["denominators"]]:
        if col not in idata.columns:
            problems.add("iData", None, col, "column named in iMeta is missing")
    codes = idata["uCode"].map(_text)
    for i in np.flatnonzero(codes.isna().to_numpy()):
        problems.add("iData", int(i) + 2, "uCode", "empty unit code")
    key = [codes, idata["Time"]] if "Time" in idata.columns else [codes]
    duplicated = pd.concat(key, axis=1).duplicated().to_numpy() & codes.notna().to_numpy()
    for i in np.flatnonzero(duplicated):
        what = "unit code and Time" if "Time" in idata.columns else "unit code"
        problems.add("iData", int(i) + 2, "uCode", f"duplicate {what} {codes.iloc[i]}")
    numeric = {}
    for col in [*indicators, *parsed["denominators"]]:
        if col not in idata.columns:
            continue
        values = pd.to_numeric(idata[col], errors="coerce").astype(float)
        bad = values.isna().to_numpy() & ~idata[col].map(_blank).to_numpy(dtype=bool)
        for i in np.flatnonzero(bad):
            problems.add("iData", int(i) + 2, col, f"not a number: {idata[col].iloc[i]!r}")
        numeric[col] = values
    return numeric


def read_coinr(data, meta) -> Dataset:
    """Read iData and iMeta (paths to CSV/Excel files, or data frames) into a `Dataset`.

    Raises `FrameworkError` listing every problem (table, row, column, message) found in either table.
    """
    idata, imeta = read_table(data), read_table(meta)
    problems = _Problems()
    for col in META_REQUIRED:
        if col not in imeta.columns:
            problems.add("iMeta", None, col, "required column missing")
    if "uCode" not in idata.columns:
        problems.add("iData", None, "uCode", "required column missing")
    if problems:
        raise FrameworkError(problems)
    parsed = _read_meta(imeta, problems)
    _check_tree(parsed, problems)
    numeric = _check_data(idata, parsed, problems)
    if problems:
        raise FrameworkError(problems)

    nodes = parsed["nodes"]
    order = list(nodes)
    codes = tuple(sorted(order, key=lambda c: (nodes[c]["level"], order.index(c))))
    framework = Framework(
        codes=codes,
        level={c: nodes[c]["level"] for c in codes},
        parent={c: nodes[c]["parent"] for c in codes},
        direction={c: nodes[c]["direction"] for c in codes},
        weight={c: 1.0 if nodes[c]["weight"] is None else nodes[c]["weight"] for c in codes},
        name={c: nodes[c]["name"] for c in codes},
        unit={c: nodes[c]["unit"] for c in codes},
        denominator={c: nodes[c]["denominator"] for c in codes},
        target={c: nodes[c]["target"] for c in codes},
    )
    index = pd.Index(idata["uCode"].map(_text), name="uCode")
    frame = pd.DataFrame({c: numeric[c].to_numpy() for c in framework.indicators}, index=index)
    dens = pd.DataFrame({c: numeric[c].to_numpy() for c in parsed["denominators"]}, index=index)
    names = idata["uName"].astype(str).to_numpy() if "uName" in idata.columns else index.to_numpy()
    groups = pd.DataFrame({g: idata[g].to_numpy() for g in parsed["groups"]}, index=index)
    time = pd.Series(idata["Time"].to_numpy(), index=index, name="Time") if "Time" in idata.columns else None
    return Dataset(framework, frame, pd.Series(names, index=index, name="uName"), groups, dens, time)
