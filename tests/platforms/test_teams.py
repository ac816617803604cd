"""Innovation teams: validation, members, funding in the ledger, who sees and changes what, the pages, the
API, the count of newly recognised teams by region and the demo."""

import datetime as dt
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from innozone.core import regions
from innozone.core.errors import Forbidden, ValidationFailed
from innozone.core.models import Organization, Region, User
from innozone.enterprises.models import Enterprise
from innozone.ledger import services as ledger
from innozone.ledger.models import LedgerEntry
from innozone.ledger.verify import verify
from innozone.platforms.demo.teams import seed_part
from innozone.platforms.models import Event, Team, TeamFunding
from innozone.platforms.selectors import teams as selectors
from innozone.platforms.services import teams as services
from innozone.talent.models import Honour, Person, PersonHonour


def make_person(name, employer, *, is_demo=False, honour=None) -> Person:
    entry = Enterprise.objects.filter(organization=employer).first()
    person = Person.objects.create(
        name=name,
        gender=Person.Gender.FEMALE,
        birth_year=1980,
        education=Person.Education.DOCTOR,
        title=Person.Title.SENIOR,
        field="新材料",
        employer=employer,
        region=entry.region if entry else employer.region,
        is_demo=is_demo,
    )
    if honour:
        PersonHonour.objects.create(person=person, honour=honour, year=2019)
    return person


def _host_in(city_code: str, exclude=()) -> Organization:
    city = Region.objects.get(code=city_code)
    entry = (
        Enterprise.objects.filter(region_id__in=regions.descendants(city.pk))
        .exclude(organization_id__in=exclude)
        .order_by("id")
        .first()
    )
    return entry.organization


@pytest.fixture
def world(registry):
    users = {u.username: u for u in User.objects.filter(username__in=["office", "lanzhou", "baiyin", "enterprise"])}
    own = users["enterprise"].organization  # 甘肃陇原新材料科技有限公司, in the registry
    assert Enterprise.objects.filter(organization=own).exists()
    lz, by = _host_in("lz", exclude=[own.pk]), _host_in("by")
    honour, _ = Honour.objects.get_or_create(name="陇原青年英才（测试）", defaults={"level": "province"})
    people = {
        "a": make_person("甲", own, honour=honour),
        "b": make_person("乙", own),
        "c": make_person("丙", lz),
        "d": make_person("丁", lz),
        "e": make_person("戊", by),
    }
    return {"users": users, "own": own, "lz": lz, "by": by, "people": people}


def _team(world, host_key="lz", **data):
    p = world["people"]
    base = {
        "name": f"测试团队{host_key}",
        "host": world[host_key].pk,
        "leader": p["c"].pk if host_key == "lz" else p["e"].pk if host_key == "by" else p["a"].pk,
        "members": [],
        "field": "新材料",
        "level": "province",
    }
    return services.team_create(actor=world["users"]["office"], data={**base, **data})


def test_create_reports_every_problem_at_once(world):
    office = world["users"]["office"]
    government = Organization.objects.get(name="兰州市人民政府")
    with pytest.raises(ValidationFailed) as e:
        services.team_create(
            actor=office,
            data={"name": "", "host": government.pk, "leader": 10**9, "members": ["x", 10**9], "level": "galactic"},
        )
    fields = sorted({d["field"] for d in e.value.detail})
    assert fields == ["host", "leader", "level", "members", "name"]
    assert len([d for d in e.value.detail if d["field"] == "members"]) == 2
    with pytest.raises(ValidationFailed) as e:
        services.team_output_add(actor=office, team=_team(world), data={"year": 1800, "kind": "x", "count": 0})
    assert sorted(d["field"] for d in e.value.detail) == ["count", "kind", "title", "year"]


def test_members_leader_and_history(world):
    p, office = world["people"], world["users"]["office"]
    team = _team(world, members=[p["c"].pk, p["d"].pk, p["d"].pk])  # the leader and a repeat once only
    entry = Enterprise.objects.get(organization=world["lz"])
    assert team.region_id == (entry.park_id or entry.region_id)
    assert sorted(team.members.values_list("person_id", flat=True)) == sorted([p["c"].pk, p["d"].pk])
    services.team_member_add(actor=office, team=team, data={"person": p["e"].pk, "role": "测试"})
    with pytest.raises(ValidationFailed) as e:
        services.team_member_add(actor=office, team=team, data={"person": p["e"].pk})
    assert "已是团队成员" in e.value.detail[0]["message"]
    with pytest.raises(ValidationFailed) as e:
        services.team_member_remove(actor=office, team=team, person_id=p["c"].pk)
    assert "带头人" in e.value.detail[0]["message"]
    services.team_member_remove(actor=office, team=team, person_id=p["e"].pk)
    services.team_update(actor=office, team=team, data={"leader": p["a"].pk})  # a new leader becomes a member
    team.refresh_from_db()
    assert team.leader_id == p["a"].pk and team.members.filter(person=p["a"]).exists()
    assert list(selectors.teams_of_person(p["a"].pk)) == [team]
    with pytest.raises(ValidationFailed):
        services.team_status_change(actor=office, team=team, status="revoked", reason=" ")
    services.team_status_change(actor=office, team=team, status="revoked", reason="考核不合格")
    actions = list(Event.objects.filter(team=team).values_list("action", flat=True))
    assert actions == ["create", "member_add", "member_remove", "update", "revoke"]
    assert Event.objects.get(team=team, action="revoke").note == "考核不合格"


def test_funding_is_a_ledger_event_and_verify_sees_a_changed_amount(world):
    services.register_snapshots()
    office, team = world["users"]["office"], _team(world)
    with pytest.raises(ValidationFailed) as e:
        services.team_funding_add(actor=office, team=team, data={"year": "二〇二〇", "source": "", "amount": "1.234"})
    assert sorted(d["field"] for d in e.value.detail) == ["amount", "source", "year"]
    with pytest.raises(Forbidden):
        services.team_funding_add(
            actor=world["users"]["enterprise"], team=team, data={"year": 2020, "source": "x", "amount": "1"}
        )
    row = services.team_funding_add(
        actor=office, team=team, data={"year": 2020, "source": "省级专项", "amount": "1,234,567.5"}
    )
    assert row.amount == Decimal("1234567.50")
    entry = LedgerEntry.objects.get(subject_type="platforms.TeamFunding", subject_id=row.pk)
    assert entry.kind == "team.funding"
    assert json.loads(entry.payload)["data"]["state"]["amount"] == "1234567.50"
    ledger.head_sign_current()
    assert verify().ok, verify().problems
    TeamFunding.objects.filter(pk=row.pk).update(amount=Decimal("1234567.49"))
    report = verify()
    assert f"platforms.TeamFunding {row.pk}: record differs from its last ledger event" in report.problems


def test_who_sees_and_changes_what(world, client):
    u = world["users"]
    lz_team, by_team = _team(world, "lz"), _team(world, "by")
    own_team = services.team_create(
        actor=u["enterprise"], data={"name": "自家团队", "host": world["own"].pk, "leader": world["people"]["a"].pk}
    )
    assert set(selectors.teams_for(u["lanzhou"])) == {lz_team, own_team}
    assert set(selectors.teams_for(u["baiyin"])) == {by_team}
    assert set(selectors.teams_for(u["enterprise"])) == {own_team}
    with pytest.raises(ValidationFailed) as e:  # a host registers only its own teams
        services.team_create(
            actor=u["enterprise"], data={"name": "别家", "host": world["lz"].pk, "leader": world["people"]["a"].pk}
        )
    assert e.value.detail[0]["field"] == "host"
    with pytest.raises(Forbidden):
        services.team_update(actor=u["enterprise"], team=lz_team, data={"name": "改名"})
    client.force_login(u["enterprise"])
    assert client.get(f"/platforms/teams/{lz_team.pk}/").status_code == 403
    assert client.post(f"/platforms/teams/{lz_team.pk}/outputs/", {"year": 2020}).status_code == 403
    client.force_login(u["baiyin"])
    assert client.get(f"/platforms/teams/{lz_team.pk}/").status_code == 403
    assert client.get(f"/platforms/teams/{by_team.pk}/").status_code == 200


def test_pages(world, client):
    u, p = world["users"], world["people"]
    team = _team(world, members=[p["a"].pk])
    services.team_funding_add(
        actor=u["office"], team=team, data={"year": 2020, "source": "专项", "amount": "1234567.5"}
    )
    client.force_login(u["office"])
    page = client.get("/platforms/teams/?q=测试团队").content.decode()
    assert team.name in page and "1,234,567.50" in page
    assert "没有符合条件的创新团队" in client.get("/platforms/teams/?q=不存在的团队名").content.decode()
    book = load_workbook(io.BytesIO(client.get("/platforms/teams/?format=xlsx").content))
    rows = {row[0]: row for row in book.active.iter_rows(values_only=True)}
    assert Decimal(str(rows[team.name][-1])) == Decimal("1234567.5") and rows[team.name][-2] == 2
    detail = client.get(f"/platforms/teams/{team.pk}/").content.decode()
    assert "1,234,567.50" in detail and "陇原青年英才（测试）" in detail and 'id="funding-add"' in detail
    form = client.get(f"/platforms/teams/new/?find=1&host={world['lz'].pk}&q=戊&name=x").content.decode()
    assert "丁" in form and "戊" in form and 'value="x"' in form
    r = client.post("/platforms/teams/new/", {"name": "", "host": world["lz"].pk})
    assert (
        r.status_code == 200
        and 'data-field="name"' in r.content.decode()
        and 'data-field="leader"' in r.content.decode()
    )
    r = client.post(
        "/platforms/teams/new/",
        {
            "name": "页面团队",
            "host": world["lz"].pk,
            "leader": p["c"].pk,
            "members": [p["d"].pk],
            "level": "city",
            "introduced": "1",
        },
    )
    created = Team.objects.get(name="页面团队")
    assert r.status_code == 302 and created.introduced and created.members.count() == 2
    client.post(
        f"/platforms/teams/{created.pk}/outputs/", {"year": 2021, "kind": "patent", "title": "一种方法", "count": 2}
    )
    client.post(f"/platforms/teams/{created.pk}/status/", {"status": "revoked", "reason": "测试撤销"})
    created.refresh_from_db()
    assert created.status == "revoked" and created.outputs.get().count == 2
    client.force_login(u["enterprise"])
    own = client.get("/platforms/teams/").content.decode()
    assert team.name not in own and 'id="funding-add"' not in own


def test_api_round_trip(world, api):
    u, p = world["users"], world["people"]
    api.as_user(u["enterprise"])
    r = api.post(
        "/api/platforms/teams/",
        {
            "name": "接口团队",
            "host_id": world["own"].pk,
            "leader_id": p["a"].pk,
            "member_ids": [p["b"].pk],
            "introduced": True,
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    tid = body["id"]
    assert [m["name"] for m in body["members"]] == ["甲", "乙"] and body["members"][0]["honours"]
    client = api
    r = client.post(f"/api/platforms/teams/{tid}/outputs", {"year": 2020, "kind": "paper", "title": "论文", "count": 3})
    assert r.status_code == 201
    assert (
        client.post(f"/api/platforms/teams/{tid}/funding", {"year": 2020, "source": "x", "amount": "5"}).status_code
        == 403
    )
    assert client.post(f"/api/platforms/teams/{tid}/members", {"person_id": p["b"].pk}).status_code == 422
    api.as_user(u["office"])
    r = api.post(f"/api/platforms/teams/{tid}/funding", {"year": 2020, "source": "专项", "amount": "1000.5"})
    assert r.status_code == 201 and r.json()["amount"] == "1000.50"
    detail = api.get(f"/api/platforms/teams/{tid}").json()
    assert detail["funding_total"] == "1000.50" and detail["outputs"][0]["count"] == 3
    listed = api.get("/api/platforms/teams/?introduced=true&q=接口").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == tid
    api.as_user(u["baiyin"])
    assert api.get(f"/api/platforms/teams/{tid}").status_code == 403


def test_newly_recognised_teams_by_region(world):
    office = world["users"]["office"]
    a, b, c = _team(world, "lz", name="一"), _team(world, "lz", name="二"), _team(world, "by", name="三")
    revoked = _team(world, "lz", name="四")
    for team, on in [
        (a, dt.date(2020, 3, 1)),
        (b, dt.date(2020, 12, 31)),
        (c, dt.date(2020, 6, 1)),
        (revoked, dt.date(2020, 5, 1)),
    ]:
        services.team_recognise(actor=office, team=team, recognised_on=on, document_number=f"文{team.pk}")
    services.team_status_change(actor=office, team=revoked, status="revoked", reason="撤销")
    expected = Counter([a.region_id, b.region_id, c.region_id])
    assert selectors.teams_recognised_by_region(2020) == {r: Decimal(n) for r, n in expected.items()}
    assert selectors.teams_recognised_by_region(2019) == {}


def test_demo(world):
    for code, hosts in (("lz", 8), ("by", 3)):
        within = regions.descendants(Region.objects.get(code=code).pk)
        for i, entry in enumerate(Enterprise.objects.filter(region_id__in=within).order_by("id")[:hosts]):
            for k in range(3):
                make_person(f"演示人员{code}{i}-{k}", entry.organization, is_demo=True)
    services.register_snapshots()
    summary = seed_part(with_activity=False)
    assert "30" in summary and "12" in summary
    assert seed_part(with_activity=False) == ""  # idempotent
    teams = Team.objects.filter(is_demo=True)
    assert teams.count() == 30 and all(t.name.endswith("（演示）") for t in teams)
    assert all(3 <= t.members.count() <= 8 for t in teams)
    counts = selectors.teams_recognised_by_region(2020)
    tree = regions.RegionTree.load()
    lz, by = Region.objects.get(code="lz").pk, Region.objects.get(code="by").pk
    assert sum(v for r, v in counts.items() if tree.within(r, lz)) == 9
    assert sum(v for r, v in counts.items() if tree.within(r, by)) == 3
    ledger.head_sign_current()
    assert verify().ok
