"""Reading COINr-shaped iData/iMeta tables: every problem listed at once; CSV, Excel and years."""

import numpy as np
import pandas as pd
import pytest

from innozone.evaluation.engine import FrameworkError, read_coinr, run_pipeline
from innozone.evaluation.engine.pipeline import Settings, year_over_year

from .conftest import ASEM_DIR

META = pd.DataFrame(
    {
        "iCode": ["a", "b", "P", "Index", "Grp", "Pop"],
        "Level": [1, 1, 2, 3, None, None],
        "Parent": ["P", "P", "Index", None, None, None],
        "Direction": [1, -1, 1, 1, None, None],
        "Weight": [1, 1, 1, None, None, None],
        "Type": ["Indicator", "Indicator", "Aggregate", "Aggregate", "Group", "Denominator"],
        "Denominator": ["Pop", None, None, None, None, None],
    }
)


def test_the_asem_example_reads_as_coinr_describes_it(asem):
    fw = asem.framework
    assert asem.data.shape == (51, 49) and len(fw.indicators) == 49
    assert fw.index_code == "Index" and fw.top_level == 4 and len(fw.aggregates(2)) == 8
    assert fw.children("Index") == ["Conn", "Sust"] and fw.direction["CO2"] == -1
    assert fw.denominator["Flights"] == "Population" and fw.unit["LPI"] == "Score 1-5"
    assert list(asem.groups.columns) == ["GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"]
    assert list(asem.denominators.columns) == ["Area", "Energy", "GDP", "Population"]


def test_bad_tables_list_every_problem_with_row_and_column():
    meta = pd.DataFrame(
        {
            "iCode": ["a", "a", "P", "Index", "Q"],
            "Level": [1, 1, 2, 3, 2],
            "Parent": ["P", "X", "Index", None, "Index"],
            "Direction": [1, 2, 1, 1, 1],
            "Weight": [1, 1, -1, 1, 1],
            "Type": ["Indicator", "Indicator", "Aggregate", "Aggregate", "Aggregate"],
        }
    )
    data = pd.DataFrame({"uCode": ["u1", "u1"], "uName": ["A", "B"], "a": [1, "n/a"]})
    with pytest.raises(FrameworkError) as err:
        read_coinr(data, meta)
    problems = {(p["table"], p["row"], p["column"]) for p in err.value.problems}
    assert ("iMeta", 3, "iCode") in problems  # duplicate code a
    assert ("iMeta", 4, "Weight") in problems  # negative weight
    assert ("iMeta", 6, "Parent") in problems  # aggregate Q has no children
    assert ("iData", 3, "uCode") in problems and ("iData", 3, "a") in problems
    text = str(err.value)
    assert "duplicate code a" in text and "not a number: 'n/a'" in text and "iData row 3 column a" in text


def test_missing_columns_and_unknown_types_are_reported():
    with pytest.raises(FrameworkError, match="iMeta column Type: required column missing"):
        read_coinr(pd.DataFrame({"uCode": ["u"]}), META.drop(columns="Type"))
    meta = META.copy()
    meta.loc[1, "Type"] = "Indikator"
    with pytest.raises(FrameworkError) as err:
        read_coinr(pd.DataFrame({"uCode": ["u"], "a": [1.0]}), meta)
    messages = [p["message"] for p in err.value.problems]
    assert any("must be one of" in m for m in messages) and any("missing" in m for m in messages)


def test_csv_and_excel_read_the_same(tmp_path):
    data = pd.DataFrame({"uCode": ["u1", "u2"], "Grp": ["x", "y"], "Pop": [2.0, 4.0], "a": [1.0, 2], "b": [3, 4]})
    data.to_excel(tmp_path / "iData.xlsx", index=False)
    META.to_excel(tmp_path / "iMeta.xlsx", index=False)
    data.to_csv(tmp_path / "iData.csv", index=False)
    META.to_csv(tmp_path / "iMeta.csv", index=False)
    from_excel = read_coinr(tmp_path / "iData.xlsx", tmp_path / "iMeta.xlsx")
    from_csv = read_coinr(tmp_path / "iData.csv", tmp_path / "iMeta.csv")
    assert from_excel.data.equals(from_csv.data) and from_excel.framework == from_csv.framework
    assert from_csv.framework.denominator["a"] == "Pop" and from_csv.framework.direction["b"] == -1


def test_years_are_split_and_compared():
    rows = [("u1", 2022, 1.0, 2.0), ("u2", 2022, 2.0, 1.0), ("u1", 2023, 1.0, 1.0), ("u2", 2023, 2.0, 2.0)]
    data = pd.DataFrame(rows, columns=["uCode", "Time", "a", "b"])
    data["Grp"], data["Pop"] = "x", 1.0
    ds = read_coinr(data, META)
    assert ds.years == [2022, 2023] and list(ds.for_year(2023).data.index) == ["u1", "u2"]
    yoy = year_over_year(ds, Settings()).set_index(["uCode", "Time"])
    # 2022: u1 (a 0, b reversed 0) → 0, u2 → 100; 2023: u1 (0, 100) → 50, u2 (100, 0) → 50
    assert yoy.loc[("u1", 2023), "score_change"] == 50 and yoy.loc[("u1", 2023), "rank_change"] == 1
    assert np.isnan(yoy.loc[("u1", 2022), "score_change"])
    with pytest.raises(FrameworkError, match="duplicate unit code and Time u1"):
        read_coinr(pd.concat([data, data.iloc[:1]]), META)


def test_run_pipeline_takes_the_tables_directly():
    frame = run_pipeline(ASEM_DIR / "ASEM_iData.csv", ASEM_DIR / "ASEM_iMeta.csv").to_frame()
    assert frame.shape == (51, 13) and frame.columns[0] == "uCode" and frame.columns[-1] == "Rank"
    with pytest.raises(TypeError):
        run_pipeline(ASEM_DIR / "ASEM_iData.csv")
