"""Production headers: every page carries a Content-Security-Policy its templates can keep (no inline
script, handler or style), and the demo serves without DEBUG's technical 404 page (which lists every URL)."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "innozone" / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/market/"])
def test_pages_send_a_content_security_policy_without_unsafe_inline(client, users, path):
    client.force_login(users["office"])
    response = client.get(path, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_no_template_has_an_inline_script_handler_or_style():
    """What the policy would block: a script without src (JSON data blocks are not run), an on…= handler, a
    style attribute or element."""
    problems = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{template.name}: {tag}")
        problems += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=|\sstyle\s*=|<style\b", text)]
    assert problems == []


@override_settings(DEBUG=False)
def test_an_unknown_url_answers_a_plain_404_without_the_url_list(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "URLconf" not in page and "api/" not in page and "admin/" not in page


def test_the_demo_runs_without_debug_and_still_serves_static_files(client, db):
    """`./run` starts runserver with DJANGO_DEBUG=0; WhiteNoise serves the app's static files from their
    folders (WHITENOISE_USE_FINDERS outside production), so the stylesheet still loads."""
    serve = [line for line in (ROOT / "run").read_text().splitlines() if "runserver" in line and "exec" in line]
    assert len(serve) == 1 and "DJANGO_DEBUG=0" in serve[0]
    with override_settings(DEBUG=False):
        response = client.get("/static/css/innozone.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
