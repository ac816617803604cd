"""A crawl of every policy page (/policies/) as one user of each demo role, on the busy demo (policies, 免申即享
lists and grants, the one-stop catalogue and cases in every state): no page fails (5xx), and every link to a
policy or one-stop page that a page shows opens for the user who sees it (a link is shown only where its page
would open: no 403 or 404 behind a link)."""

import re

from django.db.models import Model

from innozone.core.models import User
from innozone.policies import models as pm
from tests.crawling import urls_of

#: one user of every demo role (the seed documents' logins)
USERS = [
    "office",
    "enterprise",
    "kjt",
    "kjj",
    "scjg",
    "lanzhou",
    "lzgx",
    "leader",
    "auditor",
    "finance",
    "bank",
    "expert",
    "provider",
]
#: the first segment of a /policies/ route with an id → the rows whose ids fill it
POLICY_ROUTES: dict[str, type[Model]] = {
    "p": pm.Policy,
    "attachments": pm.PolicyAttachment,
    "clauses": pm.Clause,
    "grant-lists": pm.GrantList,
    "grant-entries": pm.GrantEntry,
    "grants": pm.Grant,
}
#: the query strings a page is also opened with (filters, tabs, Excel)
POLICY_VARIANTS = {
    "library": ["state=all", "q=高新技术企业", "level=province&kind=award", "page=2"],
    "matching_mine": ["show=all", "show=eligible", "show=all&format=xlsx", "uscc=91620100MA70000031&show=all"],
    "matching_clause": ["format=xlsx", "near=0", "q=陇原"],
    "grant_list": ["format=xlsx"],
    "policy": ["format=pdf"],
}
HREF = re.compile(r'href="(/(?:policies|services)/[^"#?]*)')


def crawl(client, urls: list[str]) -> list[str]:
    """GET every URL as every user, then every /policies/ or /services/ link the user was shown."""
    failures, seen = [], {}
    for username in USERS:
        client.force_login(User.objects.get(username=username))
        links: dict[str, str] = {}  # link → the first page it was seen on
        for url in urls:
            response = client.get(url)
            seen[(username, url)] = response.status_code
            if response.status_code >= 500:
                failures.append(f"{username} {url}: {response.status_code}")
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                for link in HREF.findall(response.content.decode()):
                    links.setdefault(link, url)
        for link, where in sorted(links.items()):
            status = seen.get((username, link))
            if status is None:
                status = seen[(username, link)] = client.get(link).status_code
            if status in (403, 404) or status >= 500:
                failures.append(f"{username} sees a link to {link} on {where} that gives {status}")
        client.logout()
    return failures


def test_every_policy_page_as_every_role_and_every_link_opens(client, busy_policies):
    urls, unfilled = urls_of("policies", POLICY_ROUTES, variants=POLICY_VARIANTS, rows_required=False)
    assert unfilled == [], "routes with ids the crawl cannot fill: add them to POLICY_ROUTES"
    assert len(urls) > 40, urls
    assert pm.Clause.objects.filter(status=pm.Clause.Status.PUBLISHED).count() >= 20
    failures = crawl(client, urls)
    assert failures == [], "\n".join(failures)
