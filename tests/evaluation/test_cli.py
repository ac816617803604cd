"""`python -m innozone evaluate`: the command-line entry to the engine."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innozone.evaluation.engine import read_coinr, run_pipeline

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
ARGS = [
    "--data",
    str(DATA / "ASEM_iData.csv"),
    "--meta",
    str(DATA / "ASEM_iMeta.csv"),
    "--denominate",
    "--impute",
    "group-mean:EurAsia_group",
    "--screen",
    "0.9",
    "--treat",
    "winsorise",
]


def test_cli_writes_one_row_per_unit_matching_the_engine(tmp_path):
    out = tmp_path / "results.csv"
    call_command(
        "evaluate", *ARGS, "--normalise", "minmax", "--range", "1,100", "--aggregate", "gmean", "--out", str(out)
    )
    frame = pd.read_csv(out)
    expected = run_pipeline(
        read_coinr(DATA / "ASEM_iData.csv", DATA / "ASEM_iMeta.csv"),
        denominate=True,
        impute="group-mean:EurAsia_group",
        screen=0.9,
        treat="winsorise",
        range_=(1, 100),
        aggregate="gmean",
    ).to_frame()
    assert list(frame.columns) == list(expected.columns)
    assert (frame["Index"] - expected["Index"]).abs().max() < 1e-9
    assert frame["Rank"].tolist() == expected["Rank"].tolist()


def test_cli_uncertainty_adds_rank_interval_columns(tmp_path):
    out = tmp_path / "ua.csv"
    call_command("evaluate", *ARGS, "--uncertainty", "100", "--out", str(out))
    frame = pd.read_csv(out)
    assert {"MedianRank", "RankQ5", "RankQ95"} <= set(frame.columns)
    assert (frame["RankQ5"] <= frame["RankQ95"]).all()


def test_cli_reports_every_problem_in_bad_input(tmp_path):
    meta = pd.read_csv(DATA / "ASEM_iMeta.csv")
    meta.loc[0, "Direction"] = 3
    meta.loc[1, "Parent"] = "Nowhere"
    meta.to_csv(tmp_path / "meta.csv", index=False)
    with pytest.raises(CommandError) as err:
        call_command("evaluate", "--data", str(DATA / "ASEM_iData.csv"), "--meta", str(tmp_path / "meta.csv"))
    assert "must be 1 or -1" in str(err.value) and "Nowhere" in str(err.value)


def test_cli_runs_as_python_dash_m(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "innozone", "evaluate", *ARGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "INNOZONE_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("uCode,Physical") and len(lines) == 52  # header + 51 units, as in COINr's example
