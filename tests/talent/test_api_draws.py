"""/api/talent/draws and /api/talent/assignments: the office draws (recorded), others may not; the drawn expert
sees their assignment, submits a review, declares a conflict and is replaced by a reserve."""

import json

from innozone.core.models import User
from innozone.core.roles import Role
from innozone.ledger.models import LedgerEntry
from innozone.talent.models import Assignment, Draw, Expert


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _expert_login(expert_id: int, username: str) -> User:
    user = User.objects.create(username=username, role=Role.EXPERT)
    Expert.objects.filter(pk=expert_id).update(user=user)
    return user


def test_draw_and_review_through_the_api(innovation, client):
    body = {
        "purpose": "接口抽取",
        "items": [{"ref": "API-1", "field": "新材料", "organization_uscc": "", "people": []}],
        "size": 5,
        "reserves": 3,
        "seed": "api-1",
    }
    client.force_login(User.objects.get(username="enterprise"))
    assert _post(client, "/api/talent/draws", body).status_code == 403
    assert client.get("/api/talent/assignments").status_code == 403

    client.force_login(User.objects.get(username="office"))
    assert _post(client, "/api/talent/draws", {**body, "size": 4}).status_code == 422  # not odd
    unknown = _post(client, "/api/talent/draws", {**body, "items": [{**body["items"][0], "field": "量子信息"}]})
    assert unknown.status_code == 422 and "量子信息" in json.dumps(unknown.json(), ensure_ascii=False)
    before = Draw.objects.count()
    response = _post(client, "/api/talent/draws", body)
    assert response.status_code == 201, response.content
    draw = response.json()
    assert Draw.objects.count() == before + 1
    assert draw["seed"] == "api-1" and len(draw["pool_digest"]) == 64 and draw["drawn_by"] == "office"
    (panel,) = draw["panels"]
    members = [e["id"] for e in panel["experts"]]
    assert panel["item"] == "API-1" and len(set(members)) == 5 and len(panel["reserves"]) == 3
    assert all("新材料" in e["fields"] for e in panel["experts"] + panel["reserves"])
    assert LedgerEntry.objects.filter(kind="expert.draw", subject_id=draw["id"]).exists()
    assert client.get(f"/api/talent/draws/{draw['id']}").json() == draw
    assert sorted(Assignment.objects.filter(draw_id=draw["id"]).values_list("expert_id", flat=True)) == sorted(members)

    # the first member reviews, the second declares a conflict and the first fitting reserve takes the place
    first, second = _expert_login(members[0], "api_expert_1"), _expert_login(members[1], "api_expert_2")
    client.force_login(first)
    (mine,) = client.get("/api/talent/assignments").json()
    assert (mine["draw_id"], mine["item_ref"], mine["status"]) == (draw["id"], "API-1", "assigned")
    url = f"/api/talent/assignments/{mine['id']}"
    short = _post(client, f"{url}/submit", {"score": 85, "recommend": True, "opinion": "太短"})
    assert short.status_code == 422
    review = {"score": "85.5", "recommend": True, "opinion": "技术路线清晰，成果转化前景较好，建议通过。"}
    done = _post(client, f"{url}/submit", review).json()
    assert (done["status"], done["score"], done["recommend"]) == ("submitted", "85.5", True)
    assert _post(client, f"{url}/submit", review).status_code == 409
    assert _post(client, f"{url}/decline", {"reason": "曾合作"}).status_code == 409

    client.force_login(second)
    (theirs,) = client.get("/api/talent/assignments").json()
    assert _post(client, f"/api/talent/assignments/{mine['id']}/submit", review).status_code == 403  # not theirs
    declined = _post(client, f"/api/talent/assignments/{theirs['id']}/decline", {"reason": "与申报单位负责人为师生"})
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "declined"

    client.force_login(User.objects.get(username="office"))
    after = client.get(f"/api/talent/draws/{draw['id']}").json()["panels"][0]
    now = [e["id"] for e in after["experts"]]
    assert members[1] not in now and len(set(now)) == 5
    assert set(now) - set(members) <= {e["id"] for e in panel["reserves"]}
    assert any(x["id"] == members[1] and x["code"] == "declared" for x in after["excluded"])
