"""Every projects page as every demo login on the busy demo: it opens (200) or is refused (403/404), never
fails; the project page shows each user only the actions the same permission allows."""

from innozone.core.models import User
from innozone.funds.models import Project, Tranche
from innozone.funds.permissions import projects as permissions

LOGINS = [
    "office",
    "finance",
    "enterprise",
    "leader",
    "auditor",
    "lanzhou",
    "baiyin",
    "lzgx",
    "expert",
    "bank",
    "provider",
]


def test_every_page_as_every_login(busy_funds, client):
    projects = list(Project.objects.all()[:4])
    paths = [
        "/funds/projects/",
        "/funds/projects/?format=xlsx",
        "/funds/projects/tranches/",
        "/funds/projects/burn-down/",
        "/funds/projects/matching/",
        "/cockpit/",
    ]
    paths += [f"/funds/projects/{p.pk}/" for p in projects]
    for t in Tranche.objects.exclude(evidence="")[:2]:
        paths.append(f"/funds/projects/tranches/{t.pk}/evidence/")
    for username in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client.force_login(user)
        for path in paths:
            status = client.get(path).status_code
            assert status in (200, 302, 403, 404), (username, path, status)
        for project in projects:
            page = client.get(f"/funds/projects/{project.pk}/")
            if page.status_code != 200:
                continue
            html = page.content.decode()
            assert ('id="tranche-form"' in html) == (
                permissions.can_act_for_project(user, project)[0] and project.status == "running"
            ), (username, project.pk)
