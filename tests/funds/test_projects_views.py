"""The projects pages per role: the list and its Excel, the project page (actions only for whom they are),
the tranche queue for the office and finance, a tranche approved staff → finance and paid through the pages,
the burn-down and matching pages, the dossier download, and the cockpit's funds card for a leader."""

import datetime as dt

from innozone.funds.models import Tranche
from innozone.funds.services import tranches

from .test_projects_factory import running, users


def _login(client, user):
    client.force_login(user)
    return client


def test_pages_per_role(demo, client):
    u = users()
    project = running()
    t = tranches.tranche_request(actor=u["enterprise"], project=project, amount="600000", note="首笔")
    # the enterprise sees its project with the tranche form, not the office's forms
    page = _login(client, u["enterprise"]).get(f"/funds/projects/{project.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="tranche-form"' in html and 'id="sign-form"' not in html and "funds/projects/tranches/" not in html
    assert client.get("/funds/projects/").status_code == 200
    assert client.get("/funds/projects/tranches/").status_code == 403
    assert client.get(f"/funds/projects/{project.pk}/dossier.zip").status_code == 200
    # another enterprise does not see it
    assert _login(client, u["provider"]).get(f"/funds/projects/{project.pk}/").status_code == 404
    assert client.get(f"/funds/projects/{project.pk}/dossier.zip").status_code == 404
    # the office decides stage 1 from the queue; finance stage 2; finance pays
    office = _login(client, u["office"])
    queue = office.get("/funds/projects/tranches/")
    assert queue.status_code == 200 and project.number in queue.content.decode()
    office.post(f"/funds/projects/tranches/{t.pk}/decide/", {"decision": "approve", "note": "同意", "next": "queue"})
    assert Tranche.objects.get(pk=t.pk).approval.stage == 2
    fin = _login(client, u["finance"])
    assert fin.get("/funds/projects/tranches/").status_code == 200
    fin.post(f"/funds/projects/tranches/{t.pk}/decide/", {"decision": "approve", "note": ""})
    assert Tranche.objects.get(pk=t.pk).status == "approved"
    fin.post(f"/funds/projects/tranches/{t.pk}/pay/", {"paid_on": dt.date.today().isoformat(), "payment_ref": "ZF-V1"})
    assert Tranche.objects.get(pk=t.pk).status == "paid"
    # leaders and auditors read everything, change nothing
    leader = _login(client, u["leader"])
    assert leader.get(f"/funds/projects/{project.pk}/").status_code == 200
    for path in ("/funds/projects/burn-down/", "/funds/projects/matching/", "/funds/projects/tranches/"):
        assert leader.get(path).status_code == 200, path
    assert leader.get("/funds/projects/burn-down/?format=xlsx")["Content-Type"].startswith("application/vnd.openxml")
    assert leader.get("/funds/projects/?format=xlsx").status_code == 200
    leader.post(f"/funds/projects/{project.pk}/tranches/", {"amount": "100000"})
    assert Tranche.objects.filter(project=project).count() == 1
    cockpit = leader.get("/cockpit/")
    assert cockpit.status_code == 200 and 'id="funds-card"' in cockpit.content.decode()
    assert "兰州" in cockpit.content.decode()
    # the enterprise gets no funds card (and the cockpit is not for it)
    assert _login(client, u["auditor"]).get(f"/funds/projects/{project.pk}/dossier.zip").status_code == 200
