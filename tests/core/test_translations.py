"""Every user-facing string is translatable, and the English catalogue is complete and compiled."""

import gettext
import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2] / "innozone"
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _entries():
    """(msgid, msgid_plural, [msgstr…], flags) for every entry of the .po file."""
    text = PO.read_text(encoding="utf-8")
    for chunk in text.split("\n\n"):

        def field(name, chunk=chunk):
            m = re.search(rf"^{re.escape(name)} ((?:\".*\"\n?)+)", chunk, re.M)
            return "".join(re.findall(r'"(.*)"', m.group(1))) if m else None

        msgid = field("msgid")
        if not msgid:
            continue
        plural = field("msgid_plural")
        strs = [field("msgstr[0]"), field("msgstr[1]")] if plural else [field("msgstr")]
        yield msgid, plural, strs, "fuzzy" in chunk.split("msgid")[0]


def test_every_entry_is_translated_and_not_fuzzy():
    entries = list(_entries())
    assert len(entries) > 250
    bad = [m for m, _p, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert bad == []


def test_placeholders_survive_translation():
    for msgid, plural, strs, _f in _entries():
        wanted = set(re.findall(r"%\(\w+\)s", msgid + (plural or "")))
        for s in strs:
            assert set(re.findall(r"%\(\w+\)s", s)) <= wanted and (
                plural or set(re.findall(r"%\(\w+\)s", s)) == wanted
            ), msgid


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    for msgid, plural, strs, _f in _entries():
        msgid = msgid.replace('\\"', '"')
        if plural:
            assert catalogue.ngettext(msgid, plural, 2) == strs[1].replace('\\"', '"'), msgid
        else:
            assert catalogue.gettext(msgid) == strs[0].replace('\\"', '"'), msgid


def test_templates_have_no_chinese_outside_translation_tags():
    offenders = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", text, flags=re.S)
        text = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", text, flags=re.S)
        for line in text.splitlines():
            if CJK.search(line):
                offenders.append(f"{template.relative_to(ROOT)}: {line.strip()}")
    assert offenders == []


def test_english_pages_have_no_chinese_chrome(client, users, plan2020, task6):
    from innozone.evaluation.demo import seed_evaluation, seed_evaluation_run

    run = seed_evaluation_run(seed_evaluation())
    client.force_login(users["office"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in [
        reverse("plans:overview", args=[plan2020.pk]),
        reverse("plans:task", args=[task6.pk]),
        reverse("cockpit:dashboard"),
        reverse("plans:mine"),
        reverse("audit"),
        reverse("notices"),
        reverse("evaluation:home"),
        reverse("evaluation:run", args=[run.pk]),
        reverse("evaluation:unit", args=[run.pk, "CG"]),
        reverse("evaluation:run_new", args=[run.dataset_id]),
        reverse("evaluation:compare", args=[run.pk]),
        reverse("evaluation:what_if", args=[run.pk]) + "?Mgmt=2",
    ]:
        html = client.get(url).content.decode()
        chrome = re.findall(
            r"<th(?![^>]*\bdata\b)[^>]*>(.*?)</th>|<nav[^>]*>(.*?)</nav>|<h2[^>]*>([^<]*)</h2>|<label(?![^>]*\bdata\b)[^>]*>([^<]*)<",
            html,
            re.S,
        )
        text = " ".join(" ".join(groups) for groups in chrome)
        assert not CJK.search(text), (url, CJK.findall(text)[:10])
