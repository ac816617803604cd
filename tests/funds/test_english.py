"""The special-funds and technology-finance pages in English: no Chinese in the chrome (table headers,
navigation, section titles, labels) — data (names, titles) may stay Chinese."""

import re

from django.urls import reverse

from innozone.core.models import User
from innozone.finance.models import Loan, Pool
from innozone.funds.models import Application, Call, Project

CJK = re.compile(r"[\u4e00-\u9fff]")
CHROME = re.compile(
    r"<th(?![^>]*\bdata\b)[^>]*>(.*?)</th>|<nav[^>]*>(.*?)</nav>|<h2[^>]*>([^<]*)</h2>"
    r"|<label(?![^>]*\bdata\b)[^>]*>([^<]*)<",
    re.S,
)


def _chrome(html: str) -> str:
    text = " ".join(" ".join(g) for g in CHROME.findall(html))
    return re.sub(r"<[^>]+>", " ", text)


def test_funds_and_finance_pages_in_english(client, busy_funds):
    reviewed = Call.objects.filter(stage="decision").first()
    pages = {
        "office": [
            reverse("funds:index"),
            reverse("funds:call", args=[reviewed.pk]),
            reverse("funds:application", args=[Application.objects.filter(call=reviewed).first().pk]),
            reverse("funds:checks"),
            reverse("funds:ranking", args=[reviewed.pk]),
            reverse("funds:pack", args=[reviewed.pk]),
            reverse("funds:decisions", args=[reviewed.pk]),
            reverse("funds:projects"),
            reverse("funds:project", args=[Project.objects.first().pk]),
            reverse("funds:tranches"),
            reverse("funds:burn"),
            reverse("finance:overview"),
            reverse("finance:loans"),
            reverse("finance:pool", args=[Pool.objects.first().pk]),
            reverse("finance:claims"),
        ],
        "bank": [reverse("finance:loans"), reverse("finance:loan", args=[Loan.objects.first().pk])],
    }
    failures = []
    for username, urls in pages.items():
        client.force_login(User.objects.get(username=username))
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            found = CJK.findall(_chrome(response.content.decode()))
            if found:
                failures.append((url, "".join(found[:20])))
    assert failures == []
