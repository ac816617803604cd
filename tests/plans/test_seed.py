"""The default data must be exactly what the seed documents say."""

import json
import re
from pathlib import Path

from innozone.plans.exports import plan_structure
from innozone.plans.models import Indicator, Plan, Responsibility
from innozone.plans.seed_data import __file__ as seed_init

SEED_DIR = Path(seed_init).parent
CORPUS = Path(__file__).parent / "corpus"  # verbatim copies of the seed documents (see SOURCES.md)
ROLE_WORDS = {"lead": "牵头单位", "implementing": "实施单位", "cooperating": "配合单位"}


def _document_units(text: str) -> dict[str, dict[str, str]]:
    """Read the unit annotations straight from the document, independently of the seed module."""
    result = {}
    for m in re.finditer(r"^(\d+)\..*[(（](牵头单位.*?)[)）]$", text, re.M):
        roles = {}
        for seg in re.split("[;；]", m.group(2)):
            word, names = re.split("[:：]", seg, maxsplit=1)
            roles[word] = names
        result[m.group(1)] = roles
    return result


def test_packaged_source_is_the_seed_document():
    packaged = (SEED_DIR / "lanbai_2020.txt").read_text(encoding="utf-8")
    original = (CORPUS / "seed001.txt").read_text(encoding="utf-8")
    assert packaged.strip() in original
    pilot_city = (SEED_DIR / "pilot_city.txt").read_text(encoding="utf-8")
    assert pilot_city.strip() in (CORPUS / "seed000.txt").read_text(encoding="utf-8")


def test_2020_plan_has_all_ten_tasks_with_every_unit_in_its_role(plan2020):
    doc = _document_units((SEED_DIR / "lanbai_2020.txt").read_text(encoding="utf-8"))
    exported = plan_structure(plan2020)
    assert [t["number"] for t in exported["tasks"]] == [str(n) for n in range(1, 11)]
    for task in exported["tasks"]:
        annotations = doc[task["number"]]
        for role, word in ROLE_WORDS.items():
            written = annotations.get(word, "")
            # every unit we hold is in the document's list for that role, and together they cover it
            rebuilt = written
            for name in task[role]:
                assert name in written, (task["number"], role, name)
                rebuilt = rebuilt.replace(name, "", 1)
            assert re.sub("[、，,\\s]", "", rebuilt) == "", (task["number"], role, rebuilt)
        assert task["text"] in (SEED_DIR / "lanbai_2020.txt").read_text(encoding="utf-8")


def test_task_6_has_the_six_hundreds_with_city_splits(plan2020):
    inds = {i["name"]: i for i in plan_structure(plan2020)["indicators"]}
    assert set(inds) == {"新产品", "重大科技成果", "高新技术企业", "创新平台", "创新团队", "科技创新投入"}
    for name in ["新产品", "重大科技成果", "高新技术企业", "创新平台", "创新团队"]:
        assert inds[name]["target"] == 100 and inds[name]["comparator"] == ">="
        assert inds[name]["split"] == {"兰州": 80, "白银": 20}
        assert inds[name]["task"] == "6"
    assert inds["科技创新投入"]["unit"] == "亿元" and inds["科技创新投入"]["target"] == 100
    assert Indicator.objects.get(plan=plan2020, name="新产品").splits.get(label="兰州").region.name == "兰州市"


def test_aliases_resolve_to_full_organization_names(plan2020):
    r = Responsibility.objects.get(task__plan=plan2020, task__number="5", name_as_written="省科技厅")
    assert r.organization.name == "甘肃省科学技术厅" and r.role == "cooperating"
    r = Responsibility.objects.get(task__plan=plan2020, task__number="6", name_as_written="兰州新区")
    assert r.organization.name == "兰州新区管委会" and r.role == "implementing"
    group = Responsibility.objects.get(task__plan=plan2020, task__number="3", role="lead").organization
    assert group.is_group and group.members.filter(name="甘肃省科学技术厅").exists()


def test_pilot_city_plan_from_seed_000(demo):
    plan = Plan.objects.get(year=2015)
    numbers = list(plan.tasks.values_list("number", flat=True))
    assert numbers[:3] == ["2.1(1)", "2.1(2)", "2.2.1"] and len(numbers) == 15
    assert {s.number for s in plan.sections.all()} == {"2.1", "2.2", "2.3", "2.4", "2.5"}
    assert plan.tasks.get(number="2.5(3)").text.startswith("推进创新型县区建设")


def test_seed_demo_twice_changes_nothing(demo):
    from innozone.plans.demo import seed_demo

    before = json.dumps(plan_structure(Plan.objects.get(year=2020)), ensure_ascii=False)
    counts = (Plan.objects.count(), Responsibility.objects.count())
    seed_demo(with_reports=True)
    seed_demo(with_reports=True)
    assert (Plan.objects.count(), Responsibility.objects.count()) == counts
    assert json.dumps(plan_structure(Plan.objects.get(year=2020)), ensure_ascii=False) == before
