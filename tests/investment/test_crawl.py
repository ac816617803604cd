"""A crawl of every investment page (/investment/: chain maps, links, targets, the pipeline board, projects,
fairs) as one user of each demo role, on the busy demo (chains with gaps, projects in every stage and dropped,
funds in place, fairs): no page fails (5xx), and every link a page shows opens for the user who sees it (a link
is shown only where its page would open: no 403 or 404 behind a link).

The crawl itself (`crawl`, `sample_ids`) is shared with the IP and cooperation crawls (tests/ip/test_crawl.py,
tests/cooperation/test_crawl.py). Unlike the policies crawl it follows every link into the site a page shows
(the registry's dossier of a placed enterprise, a pledge's loan, a partner's market listing, the nav), not only
links inside its own app: a link to another app's page the user may not open is the same mistake."""

import re

from django.db.models import Model

from innozone.core.models import User
from innozone.investment import models as im
from tests.crawling import urls_of

#: one user of every demo role (the seed documents' logins), the park, city and county staff included
USERS = [
    "office",
    "enterprise",
    "kjt",
    "kjj",
    "scjg",
    "lanzhou",
    "baiyin",
    "lzgx",
    "lzxq",
    "leader",
    "auditor",
    "finance",
    "bank",
    "expert",
    "provider",
]
#: links a crawl does not follow: signing out, downloads of uploaded files, the admin site, API documents
NOT_FOLLOWED = re.compile(r"^/(?:accounts/logout|admin/|api/|static/|media/|i18n/)|/(?:download|evidence)/")
HREF = re.compile(r'href="(/[^"#?]*)"?')

#: the first segment of an /investment/ route with an id → the rows whose ids fill it
INVESTMENT_ROUTES: dict[str, type[Model]] = {
    "chains": im.Chain,
    "links": im.Link,
    "placements": im.Placement,
    "targets": im.Target,
    "projects": im.Project,
    "fairs": im.Fair,
}
#: the query strings a page is also opened with (filters, pages, years, Excel)
INVESTMENT_VARIANTS = {
    "board": ["status=dropped", "status=all", "source=lanqia", "stalled=1", "q=项目", "p_lead=2", "park=x"],
    "targets": ["status=open", "q=集团", "page=2"],
    "chains": ["year=2025"],
    "chain": ["year=2025", "year=x", "format=xlsx"],
    "link": ["year=2025", "q=兰州"],
    "fairs": ["kind=lanqia", "year=2025", "page=2"],
    "fair": ["page=2"],
    "project_new": ["source=lanqia&link=1"],
}


def crawl(client, urls: list[str], users: list[str] = USERS) -> tuple[list[str], dict[str, set[int]]]:
    """GET every URL as every user, then every link into the site the user was shown on those pages.
    Returns the failures and, per URL, the statuses it gave (to check that some user could open it)."""
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    for username in users:
        client.force_login(User.objects.get(username=username))
        seen: dict[str, int] = {}
        links: dict[str, str] = {}  # link → the first page it was seen on
        for url in urls:
            response = client.get(url)
            seen[url] = response.status_code
            statuses.setdefault(url, set()).add(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{username} {url}: {response.status_code}")
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                for link in HREF.findall(response.content.decode()):
                    if not NOT_FOLLOWED.search(link):
                        links.setdefault(link, url)
        for link, where in sorted(links.items()):
            status = seen.get(link)
            if status is None:
                status = seen[link] = client.get(link).status_code
            if status in (403, 404) or status >= 500:
                failures.append(f"{username} sees a link to {link} on {where} that gives {status}")
        client.logout()
    return failures, statuses


def never_opened(statuses: dict[str, set[int]], namespace_prefix: str) -> list[str]:
    """Pages (GET, no query string, not a POST-only action) that no demo user could open: a crawl that only
    meets 403s proves nothing about the page."""
    return sorted(
        url
        for url, got in statuses.items()
        if url.startswith(namespace_prefix) and "?" not in url and 200 not in got and 405 not in got
    )


def test_every_investment_page_as_every_role_and_every_link_opens(client, busy_investment):
    urls, unfilled = urls_of("investment", INVESTMENT_ROUTES, variants=INVESTMENT_VARIANTS)
    assert unfilled == [], f"routes with ids the crawl cannot fill: {unfilled}"
    assert len(urls) > 60, urls
    # the busy demo has what the pages show: a gap on a chain, projects in every stage, a dropped one
    assert set(im.Project.objects.values_list("stage", flat=True)) == set(im.Project.Stage.values)
    assert im.Project.objects.filter(status="dropped").exists()
    assert im.FundsInPlace.objects.exists() and im.Target.objects.exists() and im.Placement.objects.exists()
    failures, statuses = crawl(client, urls)
    assert failures == [], "\n".join(failures)
    assert never_opened(statuses, "/investment/") == []
