"""Take the README screenshots from a running demo (`./run`) with Playwright and Debian's Chromium.

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
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

SHOTS = [
    # file, user, path, language
    ("cockpit", "office", "/cockpit/", "zh-hans"),
    ("plan-overview", "leader", "/plans/1/?as_of=2020-05-15", "zh-hans"),
    ("my-tasks", "lzxq", "/plans/mine/", "zh-hans"),
    ("report-form", "lzxq", "/plans/tasks/6/report/", "zh-hans"),
    ("review-queue", "lanzhou", "/plans/review/", "zh-hans"),
    ("audit", "auditor", "/audit/", "zh-hans"),
    ("plan-overview-en", "leader", "/plans/1/?as_of=2020-05-15", "en"),
    ("api-docs", "office", "/api/docs", "zh-hans"),
    ("evaluation-ranking", "leader", "/evaluation/runs/2/", "zh-hans"),
    ("evaluation-unit", "leader", "/evaluation/runs/2/units/CG/", "zh-hans"),
    ("evaluation-compare", "leader", "/evaluation/runs/2/compare/", "zh-hans"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, user, path, language in SHOTS:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
            page = context.new_page()
            page.goto(BASE + "/accounts/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)  # let ECharts finish its animation
            page.screenshot(path=OUT / f"{name}.png", full_page=name not in {"api-docs"})
            print("saved", OUT / f"{name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
