"""Recognition of a platform through the approval component: the city recommends, the office checks, draws
the panel (a sealed ledger event), the panel reviews, 公示 runs with an objection that must be answered, and the
office recognises with a document number; the 六个一百 indicator 创新平台 counts it."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from innozone.core import publicity
from innozone.core.errors import Conflict, Forbidden, ValidationFailed
from innozone.core.models import Publicity, User
from innozone.core.sources import named_totals
from innozone.ledger.verify import verify
from innozone.platforms.models import Platform, Recognition
from innozone.platforms.services import recognition, records
from innozone.talent.selectors import draws as draw_selectors
from innozone.talent.services import reviews


def _city_user(r):
    task = r.approval.tasks.get(stage=1)
    return User.objects.filter(organization_id=task.approver_id, is_active=True).first()


def _platform(office):
    cultivating = Platform.objects.filter(status="cultivating", recognitions__isnull=True).exclude(field="").first()
    assert cultivating is not None
    return cultivating


def test_recognition_end_to_end(innovation):
    office = User.objects.get(username="office")
    platform = _platform(office)
    year = timezone.localdate().year
    before = named_totals("platforms:创新平台", year) or {}

    r = recognition.recognition_apply(
        actor=office, platform=platform, level="province", statement="申请认定为省级平台，条件均已具备。"
    )
    with pytest.raises(ValidationFailed):  # a second application while one is under way
        recognition.recognition_apply(
            actor=office, platform=platform, level="province", statement="再次申请认定为省级平台。"
        )
    with pytest.raises(Forbidden):  # the office cannot act for the city
        recognition.recognition_decide(actor=office, recognition=r, approve=True)
    recognition.recognition_decide(actor=_city_user(r), recognition=r, approve=True, comment="同意推荐")
    recognition.recognition_decide(actor=office, recognition=r, approve=True, comment="材料齐全")
    with pytest.raises(ValidationFailed, match="尚未抽取"):  # no review without a panel
        recognition.recognition_decide(actor=office, recognition=r, approve=True)

    draw = recognition.recognition_draw(actor=office, recognition=r, seed="e2e")
    with pytest.raises(Conflict):  # a draw is not redone
        recognition.recognition_draw(actor=office, recognition=r, seed="again")
    assignments = draw_selectors.assignments_for_subject(r)
    assert len(assignments) == draw.rules["size"] >= 5
    members = {a.expert.employer_id for a in assignments}
    assert platform.host_id not in members  # nobody from the applicant
    assert verify().ok

    reviews.assignment_submit(
        actor=office, assignment=assignments[0], score="88", recommend=True, opinion="条件具备，建议通过认定。"
    )
    with pytest.raises(ValidationFailed, match="1 / "):
        recognition.recognition_decide(actor=office, recognition=r, approve=True)
    for a in assignments[1:]:
        reviews.assignment_submit(
            actor=office, assignment=a, score="80", recommend=True, opinion="同意，建议通过认定。"
        )
    recognition.recognition_decide(actor=office, recognition=r, approve=True, comment="评审通过")

    notice = publicity.publicity_of(r.approval)
    assert notice is not None and (notice.ends_at - notice.starts_at).days == 7
    assert platform.name in notice.title
    objection = publicity.objection_file(
        actor=None, publicity=notice, name="李某", contact="13800000000", text="场地面积与申报不符，请核实。"
    )
    kwargs = {"document_number": "甘科创〔2026〕99号", "recognised_on": timezone.localdate()}
    with pytest.raises(ValidationFailed, match="公示期未满"):
        recognition.recognition_decide(actor=office, recognition=r, approve=True, **kwargs)
    week = dt.timedelta(days=7, minutes=1)  # the notice ran its days
    Publicity.objects.filter(pk=notice.pk).update(starts_at=notice.starts_at - week, ends_at=notice.ends_at - week)
    with pytest.raises(ValidationFailed, match="异议未答复"):
        recognition.recognition_decide(actor=office, recognition=r, approve=True, **kwargs)
    with pytest.raises(Conflict):  # the notice has ended: no more objections
        publicity.objection_file(actor=None, publicity=notice, name="王某", contact="1", text="逾期提出的异议内容")
    publicity.objection_answer(actor=office, objection=objection, answer="经现场核实，场地面积属实。", upheld=False)
    with pytest.raises(ValidationFailed) as refused:
        recognition.recognition_decide(actor=office, recognition=r, approve=True, recognised_on=timezone.localdate())
    assert [d["field"] for d in refused.value.detail] == ["document_number"]
    recognition.recognition_decide(actor=office, recognition=r, approve=True, **kwargs)

    r.refresh_from_db()
    platform.refresh_from_db()
    assert r.status == Recognition.Status.RECOGNISED
    assert platform.status == "recognised" and platform.document_number == "甘科创〔2026〕99号"
    after = named_totals("platforms:创新平台", year)
    assert after.get(platform.region_id, 0) == before.get(platform.region_id, 0) + 1
    assert [e.action for e in platform.history.all()][-1] == "recognise"
    assert verify().ok


def test_declared_conflict_replaced_by_reserve_and_status_rules(innovation):
    office = User.objects.get(username="office")
    platform = _platform(office)
    r = recognition.recognition_apply(
        actor=office, platform=platform, level="city", statement="申请认定为市级平台，条件具备。"
    )
    recognition.recognition_decide(actor=_city_user(r), recognition=r, approve=True)
    recognition.recognition_decide(actor=office, recognition=r, approve=True)
    draw = recognition.recognition_draw(actor=office, recognition=r, seed="conflict")
    reserve_ids = [e["id"] for e in draw.result["panels"][0]["reserves"]]
    assert reserve_ids
    replaced = None
    for member in draw_selectors.assignments_for_subject(r):  # the first member a reserve can replace
        if member.expert.user is None:
            member.expert.user = User.objects.create_user(
                username=f"conflicted{member.pk}", password="x", role="expert"
            )
            member.expert.save(update_fields=["user"])
        try:
            with transaction.atomic():
                replaced = (
                    member,
                    reviews.assignment_decline(actor=member.expert.user, assignment=member, reason="曾在申请单位任职"),
                )
        except ValidationFailed as e:
            assert "备选专家" in str(e.message)  # no reserve keeps the shares or the one-per-organization rule
            continue
        break
    assert replaced is not None
    first, replacement = replaced
    assert replacement.expert_id in reserve_ids
    draw.refresh_from_db()
    assert first.expert_id in {x["id"] for x in draw.result["panels"][0]["excluded"]}
    assert first.expert_id not in {e["id"] for e in draw.result["panels"][0]["experts"]}
    assert replacement.expert_id in {e["id"] for e in draw.result["panels"][0]["experts"]}
    assert verify().ok

    with pytest.raises(ValidationFailed):  # a cultivating platform cannot be put in 整改
        records.platform_status(actor=office, platform=platform, status="rectifying", note="")


def test_office_links_a_carrier_to_an_incubator(innovation, client):
    from django.urls import reverse

    from innozone.carriers.models import Carrier

    office = User.objects.get(username="office")
    platform = Platform.objects.filter(kind__carrier=True).exclude(status="cultivating").first()
    carrier = Carrier.objects.filter(platform__isnull=True).first()
    url = reverse("platforms:carrier", args=[platform.pk])
    client.force_login(User.objects.get(username="lanzhou"))
    assert client.post(url, {"carrier": carrier.pk}).status_code in (403, 404)
    client.force_login(office)
    client.post(url, {"carrier": carrier.pk})
    carrier.refresh_from_db()
    assert carrier.platform_id == platform.pk
    page = client.get(reverse("platforms:detail", args=[platform.pk])).content.decode()
    assert carrier.name in page and 'id="platform-carriers"' in page
    client.post(url, {"carrier": carrier.pk, "unlink": "1"})
    carrier.refresh_from_db()
    assert carrier.platform_id is None


def test_a_team_is_recognised_by_the_same_flow_and_counts_as_a_team(innovation):
    from innozone.platforms.models import Team

    office = User.objects.get(username="office")
    team = Team.objects.filter(status="cultivating", recognitions__isnull=True).exclude(field="").first()
    if team is None:  # the demo's cultivating teams: give one a field the experts have
        team = Team.objects.filter(status="cultivating").first()
    team.field = "新材料"
    team.save(update_fields=["field"])
    year = timezone.localdate().year
    before = (named_totals("platforms:创新团队", year) or {}).get(team.region_id, 0)
    r = recognition.recognition_apply(
        actor=office, team=team, level="province", statement="团队申请认定为省级创新团队。"
    )
    assert r.approval.flow.code == "team-recognition"
    recognition.recognition_decide(actor=_city_user(r), recognition=r, approve=True)
    recognition.recognition_decide(actor=office, recognition=r, approve=True)
    recognition.recognition_draw(actor=office, recognition=r, seed="team")
    members = {m.person.name for m in team.members.select_related("person")} | {team.leader.name}
    for a in draw_selectors.assignments_for_subject(r):
        assert a.expert.name not in members  # nobody reviews their own team
        reviews.assignment_submit(
            actor=office, assignment=a, score="90", recommend=True, opinion="团队结构合理，成果突出。"
        )
    recognition.recognition_decide(actor=office, recognition=r, approve=True)
    notice = publicity.publicity_of(r.approval)
    assert team.name in notice.title
    week = dt.timedelta(days=8)
    Publicity.objects.filter(pk=notice.pk).update(starts_at=notice.starts_at - week, ends_at=notice.ends_at - week)
    recognition.recognition_decide(
        actor=office,
        recognition=r,
        approve=True,
        document_number="甘科团〔2026〕3号",
        recognised_on=timezone.localdate(),
    )
    team.refresh_from_db()
    assert team.status == "recognised" and team.document_number == "甘科团〔2026〕3号"
    assert named_totals("platforms:创新团队", year).get(team.region_id, 0) == before + 1


def test_materials_of_a_type_not_allowed_are_refused_with_every_other_problem(innovation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = User.objects.get(username="office")
    platform = _platform(office)
    script = SimpleUploadedFile("materials.html", b"<script>alert(1)</script>", content_type="text/html")
    with pytest.raises(ValidationFailed) as refused:
        recognition.recognition_apply(
            actor=office, platform=platform, level="province", statement="短", materials=script
        )
    assert {d["field"] for d in refused.value.detail} == {"materials", "statement"}
    assert not Recognition.objects.filter(platform=platform).exists()


def test_materials_are_downloaded_only_by_who_sees_the_application(innovation, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    office = User.objects.get(username="office")
    platform = _platform(office)
    pdf = SimpleUploadedFile("申报书.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    r = recognition.recognition_apply(
        actor=office, platform=platform, level="province", statement="申请认定为省级平台，材料见附件。", materials=pdf
    )
    url = reverse("platforms:recognition_materials", args=[r.pk])
    client.force_login(office)
    assert url in client.get(reverse("platforms:recognition", args=[r.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    stranger = User.objects.filter(role="enterprise").exclude(organization_id=platform.host_id).first()
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_register_and_edit_a_platform_in_the_browser_forms(innovation, client):
    from django.urls import reverse

    from innozone.platforms.models import Kind

    user = User.objects.get(username="enterprise")
    client.force_login(user)
    assert client.get(reverse("platforms:new")).status_code == 200
    kind = Kind.objects.get(code="enterprise_tech_center")
    data = {"name": "陇原新材料企业技术中心（测试）", "kind": kind.pk, "level": "city", "field": "新材料"}
    response = client.post(reverse("platforms:new"), data)
    platform = Platform.objects.get(name=data["name"])
    assert response.status_code == 302 and platform.host_id == user.organization_id  # its own organization only
    edit = client.get(reverse("platforms:edit", args=[platform.pk])).content.decode()
    assert data["name"] in edit and 'value="city" selected' in edit.replace("\n", "")
    history = client.get(reverse("platforms:detail", args=[platform.pk])).content.decode()
    assert "<td>登记</td>" in history and "<td>create</td>" not in history  # labels, not codes
    refused = client.post(reverse("platforms:new"), {**data, "level": "galactic"})
    assert refused.status_code == 400 and Platform.objects.filter(name=data["name"]).count() == 1
