"""The import-linter contracts can fail: forbidden imports planted in a copy of the package break them.

`./test` runs the contracts on the real tree; this shows they are not slack (allow_indirect_imports once let
every one of these through while reporting "kept").
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (module to write in the copy, the import it plants, the contract it must break)
PLANTED = [
    ("innozone/market/engine/planted_a.py", "from innozone.core import selectors", "pure engines import neither"),
    ("innozone/plans/parsing/planted_b.py", "from innozone.vouchers import models", "voucher models are imported"),
    ("innozone/evaluation/engine/planted_c.py", "import innozone.market.models", "market models are imported"),
    ("innozone/plans/selectors/planted_d.py", "from innozone.api import main", "only the URL configuration"),
    ("innozone/core/planted_e.py", "from innozone.plans import selectors", "core imports no app"),
    ("innozone/market/planted_f.py", "from innozone.plans import services", "apps are independent"),
]
# A model module importing a view of its own app breaks the layers; a stage of the engine importing the
# pipeline that imports it makes a cycle.
APPENDED = [
    ("innozone/vouchers/models.py", "from innozone.vouchers import views", "layers inside each app"),
    ("innozone/evaluation/engine/impute.py", "from . import pipeline", "no import cycles"),
]


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_planted_forbidden_imports_break_their_contracts(tmp_path):
    tree = tmp_path / "copy"
    shutil.copytree(ROOT / "innozone", tree / "innozone", ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    for path, line, _contract in PLANTED:
        (tree / path).write_text(line + "\n", encoding="utf-8")
    for path, line, _contract in APPENDED:
        with (tree / path).open("a", encoding="utf-8") as f:
            f.write("\n" + line + "  # noqa\n")
    result = _lint(tree)
    out = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, out
    broken = out.split("Broken contracts")[-1]
    for _path, line, contract in PLANTED + APPENDED:
        assert contract in broken, (contract, line)
    assert "innozone.market.engine.planted_a" in broken and "innozone.plans.parsing.planted_b" in broken
    assert "innozone.evaluation.engine" in broken and "innozone.plans.selectors.planted_d" in broken
