"""`python -m innozone experts draw --items FILE --size N [--reserves R] [--seed S] --format json` (issue 13):
the JSON shape, the panel rules, the same-organization and declared-relation conflicts, reproducibility by
seed, the record (a Draw row, an `expert.draw` ledger event, `ledger verify` still ok), a pool too small for
the draw (non-zero exit naming the field, nothing recorded) and bad input files."""

import csv
import io
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import timezone

from innozone.enterprises.models import Enterprise
from innozone.ledger.models import LedgerEntry
from innozone.ledger.verify import verify
from innozone.market.selectors import fields_all
from innozone.talent.models import Assignment, Draw, Expert, Person, Relation

HEADER = ["ref", "field", "organization_uscc", "people"]
#: fields of the market's field list that the demo expert pool covers (22–31 experts each)
FIELDS = ["新材料", "有色金属", "生物医药", "新能源"]
UNKNOWN_FIELD = "量子信息"


def write_items(tmp_path, rows, name="items.csv", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def draw(path, *args):
    """(panels, stderr) of a successful draw; CommandError (a non-zero exit) propagates."""
    out, err = io.StringIO(), io.StringIO()
    call_command("experts", "draw", "--items", str(path), "--format", "json", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def draw_fails(path, *args) -> str:
    """The message and stderr of a draw that must exit non-zero."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("experts", "draw", "--items", str(path), "--format", "json", *args, stdout=out, stderr=err)
    assert out.getvalue() == ""
    return f"{e.value}\n{err.getvalue()}"


def pool_of(field: str) -> dict[int, Expert]:
    """The experts who may review `field` today (the oracle, read independently of the service)."""
    today = timezone.localdate()
    return {
        e.pk: e
        for e in Expert.objects.filter(status=Expert.Status.ACTIVE, available=True, fields__name=field)
        .filter(Q(unavailable_until__isnull=True) | Q(unavailable_until__lt=today))
        .select_related("employer__registry_entry")
        .prefetch_related("fields")
    }


def registered_name(expert: Expert) -> str:
    if expert.employer_id is None:
        return expert.employer_name
    entry = getattr(expert.employer, "registry_entry", None)
    return entry.name if entry is not None else expert.employer.name


def applicant_employing(field: str, taken=()) -> Enterprise:
    """The registry entry employing the most experts of `field` (not one of `taken`)."""
    counts: dict[int, int] = defaultdict(int)
    for e in pool_of(field).values():
        if e.employer_id:
            counts[e.employer_id] += 1
    ranked = sorted((org for org in counts if org not in taken), key=lambda org: (-counts[org], org))
    return Enterprise.objects.filter(organization_id__in=ranked).get(organization_id=ranked[0])


def ids(experts) -> list[int]:
    return [e["id"] for e in experts]


def draw_events() -> int:
    return LedgerEntry.objects.filter(kind="expert.draw").count()


def test_panels_follow_the_rules_and_the_draw_is_recorded(innovation, tmp_path):
    assert set(FIELDS) <= set(fields_all().values_list("name", flat=True))
    rows, applicants = [], {}
    # people of the talent pool who are not experts (an expert among them would be excluded as the applicant)
    outsiders = list(
        Person.objects.exclude(name__in=Expert.objects.values("name")).order_by("pk").values_list("name", flat=True)
    )
    for n, field in enumerate(FIELDS, start=1):
        entry = applicant_employing(field, taken={a.organization_id for a in applicants.values()})
        people = outsiders[2 * n - 2 : 2 * n]
        ref = f"R2025-{n:02d}"
        applicants[ref] = entry
        rows.append([ref, field, entry.uscc, "；".join(people)])
    assert any(row[3] for row in rows)
    path = write_items(tmp_path, rows)
    draws_before, events_before, assignments_before = Draw.objects.count(), draw_events(), Assignment.objects.count()

    panels, err = draw(path, "--size", "5", "--reserves", "2", "--seed", "cli-1")

    assert [p["item"] for p in panels] == [r[0] for r in rows]
    for row, panel in zip(rows, panels, strict=True):
        ref, field = row[0], row[1]
        pool, applicant = pool_of(field), applicants[ref]
        assert set(panel) == {"item", "experts", "reserves", "excluded"}
        members, reserves = ids(panel["experts"]), ids(panel["reserves"])
        assert len(members) == 5 and len(set(members)) == 5
        assert len(reserves) <= 2 and len(set(reserves)) == len(reserves)
        assert not set(members) & set(reserves)
        for e in panel["experts"] + panel["reserves"]:
            assert set(e) == {"id", "name", "organization", "fields"}
            expert = pool[e["id"]]  # a KeyError: drawn from outside the field's available pool
            assert field in e["fields"]
            assert sorted(e["fields"]) == sorted(f.name for f in expert.fields.all())
            assert e["name"] == expert.name
            assert e["organization"] == registered_name(expert)
            assert e["organization"] != applicant.name  # same-organization conflict
        # the rules of the default preset: one expert per organization, ≥ 60 % technical, ≥ 1 financial
        kinds = [pool[i].kind for i in members]
        assert kinds.count(Expert.Kind.TECHNICAL) >= 3 and Expert.Kind.FINANCIAL in kinds
        organizations = [e["organization"] for e in panel["experts"]]
        assert len(set(organizations)) == 5
        # the applicant employs experts of this field: every one of them is excluded, with a reason
        employees = {i for i, e in pool.items() if e.employer_id == applicant.organization_id}
        assert employees
        excluded = {x["id"]: x["reason"] for x in panel["excluded"]}
        assert all(set(x) == {"id", "reason"} for x in panel["excluded"])
        assert employees <= set(excluded)
        assert all(applicant.name in excluded[i] for i in employees), [
            (i, excluded[i], applicant.name) for i in employees
        ]
        assert not set(excluded) & (set(members) | set(reserves))

    assert Draw.objects.count() == draws_before + 1
    record = Draw.objects.latest("pk")
    assert record.seed == "cli-1" and record.pool_size >= 100 and len(record.pool_digest) == 64
    assert [ids(p["experts"]) for p in record.result["panels"]] == [ids(p["experts"]) for p in panels]
    assert f"draw #{record.pk}" in err and "seed=cli-1" in err
    assert draw_events() == events_before + 1
    entry = LedgerEntry.objects.filter(kind="expert.draw").latest("index")
    assert entry.subject_id == record.pk
    assert Assignment.objects.count() == assignments_before  # no --assign: no review assignments
    assert verify().ok


def test_same_seed_same_result_other_seeds_differ(innovation, tmp_path):
    rows = [[f"S-{n}", field, applicant_employing(field).uscc, ""] for n, field in enumerate(FIELDS[:3])]
    path = write_items(tmp_path, rows)
    first, _err = draw(path, "--size", "5", "--reserves", "2", "--seed", "same")
    again, _err = draw(path, "--size", "5", "--reserves", "2", "--seed", "same")
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
    digests = list(Draw.objects.order_by("-pk").values_list("pool_digest", flat=True)[:2])
    assert digests[0] == digests[1]
    others = [draw(path, "--size", "5", "--reserves", "2", "--seed", f"other-{n}")[0] for n in range(4)]
    assert any(o != first for o in others)
    # without --seed a new one is chosen and printed: drawing again with it gives the same panels
    unseeded, err = draw(path, "--size", "5", "--reserves", "2")
    seed = err.rsplit("seed=", 1)[1].split()[0]
    assert draw(path, "--size", "5", "--reserves", "2", "--seed", seed)[0] == unseeded


def _declared_relation() -> tuple[Relation, str]:
    """A relation an available expert declared with a person, and a field of that expert's."""
    for relation in Relation.objects.exclude(person_name="").select_related("expert").order_by("pk"):
        for field in relation.expert.fields.order_by("name").values_list("name", flat=True):
            if relation.expert_id in pool_of(field):
                return relation, field
    raise AssertionError("the demo has no declared relation of an available expert with a person")


def test_conflicts_keep_experts_off_the_panel_and_reserves(innovation, tmp_path):
    relation, relation_field = _declared_relation()
    expert = relation.expert
    other = Enterprise.objects.exclude(organization_id=expert.employer_id).order_by("pk").first()
    same_field = next(f for f in FIELDS if f != relation_field)
    applicant = applicant_employing(same_field)
    employees = {i for i, e in pool_of(same_field).items() if e.employer_id == applicant.organization_id}
    assert len(employees) >= 2
    rows = [
        ["REL-1", relation_field, other.uscc, relation.person_name],
        ["ORG-1", same_field, applicant.uscc, ""],
    ]
    path = write_items(tmp_path, rows)
    # reserves far above the pool: every eligible expert of the field is in the panel or the reserves, so
    # a conflict that were not applied would show
    for seed in ("c1", "c2", "c3"):
        panels, _err = draw(path, "--size", "5", "--reserves", "200", "--seed", seed)
        by_item = {p["item"]: p for p in panels}
        for ref, field, kept_off in (("REL-1", relation_field, {expert.pk}), ("ORG-1", same_field, employees)):
            panel = by_item[ref]
            drawn = set(ids(panel["experts"])) | set(ids(panel["reserves"]))
            excluded = {x["id"]: x["reason"] for x in panel["excluded"]}
            assert not kept_off & drawn
            assert kept_off <= set(excluded) and all(excluded[i].strip() for i in kept_off)
            assert not drawn & set(excluded)
            assert drawn | set(excluded) == set(pool_of(field))
        reasons = {x["id"]: x["reason"] for x in by_item["ORG-1"]["excluded"]}
        assert all(applicant.name in reasons[i] for i in employees)  # the reason names the applicant


def test_a_pool_too_small_exits_non_zero_naming_the_field(innovation, tmp_path):
    assert not pool_of(UNKNOWN_FIELD)
    draws_before, events_before = Draw.objects.count(), draw_events()
    path = write_items(tmp_path, [["A", "新材料", "", ""], ["B", UNKNOWN_FIELD, "", ""]])
    message = draw_fails(path, "--size", "5", "--seed", "x")
    assert UNKNOWN_FIELD in message and "B" in message
    assert "“新材料”" not in message  # only the item that cannot be filled is named

    big = write_items(tmp_path, [["C", "有色金属", "", ""]], name="big.csv")
    message = draw_fails(big, "--size", "99", "--reserves", "0", "--seed", "x")
    assert "有色金属" in message and "99" in message and str(len(pool_of("有色金属"))) in message
    assert (Draw.objects.count(), draw_events()) == (draws_before, events_before)


def test_bad_input_is_refused_with_a_clear_message(innovation, tmp_path):
    draws_before = Draw.objects.count()
    no_field_column = ["ref", "organization_uscc", "people"]
    missing = write_items(tmp_path, [["A", "", "张三"]], name="missing.csv", header=no_field_column)
    assert "field" in draw_fails(missing, "--size", "5")
    misnamed_columns = ["ref", "field", "uscc", "p"]
    misnamed = write_items(tmp_path, [["A", "新材料", "", ""]], name="misnamed.csv", header=misnamed_columns)
    message = draw_fails(misnamed, "--size", "5")
    assert "organization_uscc" in message and "people" in message

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("ref,field,organization_uscc,people\nA,新材料,,张三\n".encode("gbk"))
    assert "UTF-8" in draw_fails(gbk, "--size", "5")
    assert "nope.csv" in draw_fails(tmp_path / "nope.csv", "--size", "5")

    no_field = write_items(tmp_path, [["A", "", "", ""]], name="no_field.csv")
    assert "没有技术领域" in draw_fails(no_field, "--size", "5")
    twice = write_items(tmp_path, [["A", "新材料", "", ""], ["A", "新能源", "", ""]], name="twice.csv")
    assert "重复" in draw_fails(twice, "--size", "5")
    fine = write_items(tmp_path, [["A", "新材料", "", ""]], name="fine.csv")
    assert "单数" in draw_fails(fine, "--size", "6")
    assert "--on" in draw_fails(fine, "--size", "5", "--on", "2025-13-01")
    assert Draw.objects.count() == draws_before
