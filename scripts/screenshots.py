"""Take the README screenshots from a running demo (`./run`) with Playwright and Debian's Chromium.

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

The server must hold the demo data (`./run` seeds it; password of every demo user: Innozone-2020).
PNGs (1366x900 viewport, full page) go to docs/screenshots/. Every page is checked before it is saved:
an HTTP error, a Django error page, a JavaScript error or a chart that did not draw stops the script with
exit status 1, so a broken page never ends up in the README. Chromium needs a Chinese font (Debian's
fonts-noto-cjk, the family style.css asks for); without one the script refuses to start.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google and the closed network refuses it.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "Innozone-2020"
PLAN_TITLE = "2020年双区建设工作要点"
# The demo plan is for 2020; seen from today every task would be overdue, so show it as of mid-May 2020.
AS_OF = "2020-05-15"
# django-ninja's Swagger page loads swagger-ui from jsDelivr unless "ninja" is in INSTALLED_APPS; on a
# closed network that leaves a blank page, so answer those requests with the copies ninja ships.
SWAGGER_CDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
NINJA_STATIC = Path(importlib.util.find_spec("ninja").origin).parent / "static" / "ninja"  # no import: needs settings
CHART_SELECTOR = ".chart, .chart-sm, [data-pie], [data-bars], #rank-chart"
# A real plan document (the 2020 work points as published by the press) for the plan-import review page.
PLAN_DOCUMENT = Path("/work/shared/seeds/001_5036d1d0b8a0fa72.txt")
MARKET_QUERY = "稀土永磁 检测"


class PageBroken(Exception):
    pass


def _plan_overview(page) -> str:
    page.goto(BASE + "/plans/")
    href = page.get_by_role("link", name=PLAN_TITLE).first.get_attribute("href")
    return f"{href}?as_of={AS_OF}"


def _report_form(page) -> str:
    page.goto(BASE + "/plans/mine/")
    row = page.locator("tr[data-task='6']").filter(has=page.locator("td:first-child", has_text=re.compile("^2020$")))
    return row.locator("a[href$='/report/']").get_attribute("href")


def _english(page, path: str) -> str:
    """Switch the language with the header's select, as a user would; Django keeps the choice in a cookie."""
    page.goto(BASE + path)
    with page.expect_navigation():
        page.select_option("header select[name=language]", "en")
    if page.get_attribute("html", "lang") != "en":
        raise PageBroken("the language switch did not turn the page to English")
    return path


def _plan_import(page):
    """Paste the document into the import form and submit it; the review page is the answer to the POST."""
    page.goto(BASE + "/plans/import/")
    page.fill("textarea[name=text]", PLAN_DOCUMENT.read_text(encoding="utf-8"))
    with page.expect_navigation() as nav:
        page.click("form.card button[type=submit]")
    # The source pane scrolls on its own and opens on the preamble; start it at the first section heading,
    # where the tasks and their highlighted units begin.
    page.eval_on_selector(
        ".import-source .source-text",
        """el => { const m = el.querySelector('mark.hl-section, mark.hl-number');
                   if (m) el.scrollTop += m.getBoundingClientRect().top - el.getBoundingClientRect().top - 8; }""",
    )
    return nav.value


def _active_voucher(page) -> str:
    page.goto(BASE + "/vouchers/")
    row = page.locator("#my-vouchers tr").filter(has_text="可使用").first  # Voucher.Status.ACTIVE in zh-CN
    return row.locator("a").first.get_attribute("href")


def _first_demand(page) -> str:
    page.goto(BASE + "/market/?kind=demand")
    return page.locator(".result a[href*='/market/listings/']").first.get_attribute("href")


SHOTS = [
    # file, user, path or function(page) -> path
    ("cockpit", "office", "/cockpit/"),
    ("plan-overview", "leader", _plan_overview),
    ("my-tasks", "lzxq", "/plans/mine/"),
    ("report-form", "lzxq", _report_form),
    ("review-queue", "lanzhou", "/plans/review/"),
    ("audit", "auditor", "/audit/"),
    ("plan-overview-en", "leader", lambda page: _english(page, _plan_overview(page))),
    ("api-docs", "office", "/api/docs"),
    ("evaluation-ranking", "leader", "/evaluation/runs/2/"),
    ("evaluation-unit", "leader", "/evaluation/runs/2/units/CG/"),
    ("evaluation-compare", "leader", "/evaluation/runs/2/compare/"),
    ("plan-import", "office", _plan_import),
    ("voucher", "enterprise", _active_voucher),
    ("voucher-office", "office", "/vouchers/office/"),
    ("ledger", "office", "/ledger/"),
    ("market-search", "enterprise", "/market/?" + urllib.parse.urlencode({"q": MARKET_QUERY})),
    ("market-matches", "enterprise", _first_demand),
    ("market-contracts", "office", "/market/contracts/"),
    ("enterprises", "office", "/enterprises/"),
    ("enterprise-dossier", "enterprise", "/enterprises/mine/"),  # redirects to its own dossier
    ("enterprise-pipeline", "lzgx", "/enterprises/pipeline/"),
    ("platform-recognition", "office", lambda page: _in_publicity(page)),
    ("publicity", "office", lambda page: _in_publicity(page, notice=True)),
    ("expert-draw", "office", lambda page: _first_link(page, "/talent/draws/", "#draw-list a")),
    ("carriers-board", "office", "/carriers/board/"),
]


def _first_link(page, url: str, selector: str) -> str:
    page.goto(BASE + url)
    return page.locator(selector).first.get_attribute("href")


def _in_publicity(page, notice: bool = False) -> str:
    """The demo's recognition in 公示 (it has an objection); or its notice page."""
    page.goto(BASE + "/platforms/recognitions/")
    for href in page.locator("#recognition-list a[href*='/recognitions/']").evaluate_all("els => els.map(e => e.href)"):
        page.goto(href)
        link = page.locator("a[href*='/notices/']").first
        if link.count() and page.get_by_text("公示中").count():
            return link.get_attribute("href") if notice else href
    raise PageBroken("no recognition in 公示 in the demo")


# What each shot must show besides passing _check: a selector that has to be on the page (an empty result
# list or a review page without highlights is no error page, but it is no screenshot for the README either).
EXPECT = {
    "api-docs": ".swagger-ui .info .title",
    "plan-import": ".import-grid .source-text mark",
    "voucher": "#voucher-summary",
    "voucher-office": "#budget-cards",
    "ledger": "#signed-head",
    "market-search": ".result mark",
    "market-matches": "#matches td.num",
    "market-contracts": "#contract-totals",
    "enterprises": "table.registry tr[data-uscc]",
    "enterprise-dossier": "#qualifications tr[data-qualification]",
    "enterprise-pipeline": "#pipeline-board tr[data-region]",
    "platform-recognition": "#review-table",
    "publicity": "#objection-form",
    "expert-draw": "#panel-1",
}


def _swagger_from_ninja(route):
    name = route.request.url.removeprefix(SWAGGER_CDN).split("?")[0]
    local = NINJA_STATIC / name
    if local.is_file():
        route.fulfill(path=local)
    else:
        route.abort()


def _login(page, username: str):
    page.goto(BASE + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/login/" in page.url:
        raise PageBroken(f"{username} could not log in (is the demo data loaded?)")


def _check(page, response, errors: list[str]):
    if response is None or response.status >= 400:
        raise PageBroken(f"HTTP {response.status if response else '?'} for {page.url}")
    body = page.inner_text("body")
    if re.search(r"Traceback|Server Error \(500\)|OperationalError|TemplateSyntaxError", body):
        raise PageBroken(f"error page at {page.url}:\n{body[:3000]}")
    if errors:
        raise PageBroken(f"JavaScript errors at {page.url}: {errors}")


def shoot(browser, name: str, user: str, target) -> Path:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.route(SWAGGER_CDN + "**", _swagger_from_ninja)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _login(page, user)
        # A target is a path, or a function that returns a path or, if it has already navigated (a form
        # POST), the response of that navigation.
        got = target if isinstance(target, str) else target(page)
        response = page.goto(BASE + got if got.startswith("/") else got) if isinstance(got, str) else got
        page.wait_for_load_state("networkidle")
        _check(page, response, errors)
        if name in EXPECT:
            page.wait_for_selector(EXPECT[name])
        if name == "api-docs":
            page.wait_for_selector(".opblock")
        if page.locator(CHART_SELECTOR).count():
            page.wait_for_function(
                f"[...document.querySelectorAll({CHART_SELECTOR!r})].every(el => el.querySelector('canvas'))"
            )
            page.wait_for_timeout(1200)  # let ECharts finish its animation
        _check(page, response, errors)
        out = OUT / f"{name}.png"
        page.screenshot(path=out, full_page=True)
        return out
    finally:
        context.close()


def _has_chinese_font() -> bool:
    """Without a CJK font Chromium draws every Chinese character as an empty box, and no page check sees it."""
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def main() -> int:
    try:
        urllib.request.urlopen(BASE + "/accounts/login/", timeout=10)
    except (urllib.error.URLError, OSError) as exc:
        print(f"no InnoZone at {BASE} ({exc}); start it with ./run", file=sys.stderr)
        return 2
    if not _has_chinese_font():
        print("no Chinese font for Chromium; install one with: apt-get install fonts-noto-cjk", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    failed = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for name, user, target in SHOTS:
            try:
                print("saved", shoot(browser, name, user, target).relative_to(OUT.parents[1]))
            except (PageBroken, PlaywrightError) as exc:
                failed += 1
                print(f"FAILED {name} (as {user}): {exc}", file=sys.stderr)
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
