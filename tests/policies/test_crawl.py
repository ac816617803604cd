"""A crawl of every policy page (/policies/) as one user of each demo role, on the busy demo (policies, 免申即享
lists and grants, the one-stop catalogue and cases in every state): no page fails (5xx), and every link to a
policy or one-stop page that a page shows opens for the user who sees it (a link is shown only where its page
would open: no 403 or 404 behind a link)."""

import re

from django.db.models import Model
from django.urls import URLPattern, get_resolver, reverse

from innozone.core.models import User
from innozone.policies import models as pm

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


def patterns(namespace: str) -> list[URLPattern]:
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
    return []


def sample_ids(model: type[Model]) -> list[int]:
    """A few rows of the model: one of every status when it has one, and the first two and the last."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True)[:2])
    ids += list(model.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    if any(f.name == "status" for f in model._meta.get_fields()):
        seen: dict[str, int] = {}
        for pk, status in model.objects.order_by("pk").values_list("pk", "status"):
            seen.setdefault(status, pk)
        ids += list(seen.values())
    return list(dict.fromkeys(ids))


def urls_of(
    namespace: str, routes: dict[str, type[Model]], special=None, variants: dict[str, list[str]] | None = None
) -> tuple[list[str], list[str]]:
    """Every page of the namespace with its ids filled in — a page without ids also as Excel (?format=xlsx)
    and with the query strings `variants` names for it — and the routes this crawl could not fill (a route
    with an id whose first segment is not in `routes` and that `special(name, params)` does not fill)."""
    urls, unfilled = [], []
    for p in patterns(namespace):
        params = list(p.pattern.regex.groupindex)
        name = f"{namespace}:{p.name}"
        queries = (variants or {}).get(p.name, [])
        if not params:
            url = reverse(name)
            urls += [url, *(f"{url}?{q}" for q in ["format=xlsx", *queries])]
            continue
        filled = special(p.name, params) if special else None
        if filled is not None:
            found = [reverse(name, args=args) for args in filled]
        elif len(params) != 1 or (model := routes.get(str(p.pattern).split("/", 1)[0])) is None:
            unfilled.append(f"{name} {p.pattern}")
            continue
        else:
            found = [reverse(name, args=[i]) for i in sample_ids(model)]
        urls += [*found, *(f"{url}?{q}" for url in found[:1] for q in queries)]
    return urls, unfilled


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
    urls, unfilled = urls_of("policies", POLICY_ROUTES, variants=POLICY_VARIANTS)
    assert unfilled == [], "routes with ids the crawl cannot fill: add them to POLICY_ROUTES"
    assert len(urls) > 40, urls
    assert pm.Clause.objects.filter(status=pm.Clause.Status.PUBLISHED).count() >= 20
    failures = crawl(client, urls)
    assert failures == [], "\n".join(failures)
