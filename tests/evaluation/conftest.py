"""The ASEM example data (COINr): from shared/data/coinr-asem/ beside the repository when it is there,
else from the copy in tests/evaluation/data/ (so the tests never depend on shared/)."""

from pathlib import Path

import pandas as pd
import pytest

from innozone.evaluation.engine import read_coinr

LOCAL = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "coinr-asem"
ASEM_DIR = SHARED if (SHARED / "ASEM_iData.csv").exists() else LOCAL


@pytest.fixture(scope="session")
def asem():
    return read_coinr(ASEM_DIR / "ASEM_iData.csv", ASEM_DIR / "ASEM_iMeta.csv")


@pytest.fixture(scope="session")
def asem_tables():
    """(iData indexed by uCode, iMeta indexed by iCode) as plain frames, for independent recomputation."""
    data = pd.read_csv(ASEM_DIR / "ASEM_iData.csv").set_index("uCode")
    meta = pd.read_csv(ASEM_DIR / "ASEM_iMeta.csv").set_index("iCode")
    return data, meta
