"""The English catalogue: complete, compiled, faithful to its msgids, covering the source, and used by the pages.

The .po file is read with the small parser below (polib is not a dependency), so these tests need neither polib
nor GNU gettext; the checks that need `msgfmt` or `xgettext` are skipped where those are not installed.
"""

import gettext
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2] / "innozone"
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


# --- a small .po parser -------------------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # {0: …} or {0: singular, 1: plural}
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalogue: [context EOT] msgid [NUL msgid_plural]."""
        key = self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"
        return key if self.msgid_plural is None else f"{key}\x00{self.msgid_plural}"

    @property
    def value(self) -> str:
        return "\x00".join(self.msgstr[i] for i in sorted(self.msgstr))


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str, where: str) -> str:
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', text.strip())
    assert m, f"{where}: not a quoted string: {text!r}"
    return re.sub(r"\\(.)", lambda e: _ESCAPES.get(e[1], e[0]), m[1])


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included, obsolete (#~) entries marked as such."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # the field that continuation lines extend

    def finish():
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if entry is not None and target is not None:  # a comment after msgstr starts a new entry
                finish()
            if line.startswith("#,"):
                entry = entry or Entry(line=number)
                entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*)$", line)
        if m:
            name, index, rest = m[1], m[2], m[3]
            if name in ("msgctxt", "msgid") and entry is not None and target is not None and target[0] == "msgstr":
                finish()  # entries not separated by a blank line
            entry = entry or Entry(line=number)
            entry.obsolete = entry.obsolete or obsolete
            target = (name, int(index) if index is not None else None)
            _set(entry, target, _unquote(rest, where))
        elif line.startswith('"'):
            assert entry is not None and target is not None, f"{where}: continuation line outside an entry"
            _set(entry, target, _get(entry, target) + _unquote(line, where))
        else:
            raise AssertionError(f"{where}: cannot parse {raw!r}")
    finish()
    return entries


def _get(entry: Entry, target) -> str:
    name, index = target
    if name == "msgstr":
        return entry.msgstr.get(index or 0, "")
    return getattr(entry, name) or ""


def _set(entry: Entry, target, value: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index or 0] = value
    else:
        setattr(entry, name, value)


def po_entries() -> list[Entry]:
    """The live (not obsolete) message entries, without the header."""
    return [e for e in parse_po(PO) if e.msgid and not e.obsolete]


def mo_table(path: Path) -> dict[str, str]:
    """The original → translation table of a compiled GNU .mo file, read directly (header entry included)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    assert struct.unpack(order + "I", data[:4])[0] == 0x950412DE, f"{path} is not a .mo file"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])

    def string(table: int, i: int) -> str:
        length, offset = struct.unpack(order + "2I", data[table + 8 * i : table + 8 * i + 8])
        return data[offset : offset + length].decode("utf-8")

    return {string(originals, i): string(translations, i) for i in range(count)}


# --- (a) every entry translated, none fuzzy -----------------------------------------------------------------------


def test_the_parser_reads_the_whole_catalogue():
    entries = parse_po(PO)
    header = [e for e in entries if e.msgid == "" and not e.obsolete]
    assert len(header) == 1 and "Plural-Forms: nplurals=2; plural=(n != 1);" in header[0].msgstr[0]
    messages = po_entries()
    assert len(messages) > 300
    keys = [e.key for e in messages]
    assert len(keys) == len(set(keys)), "duplicate msgids"
    # Spot checks that multi-line strings, escapes and plurals are read as msgfmt reads them.
    by_id = {e.msgid: e for e in messages}
    assert by_id["牵头单位"].msgstr == {0: "Lead units"}
    assert any(e.msgid_plural and set(e.msgstr) == {0, 1} for e in messages)
    assert any('<a href="/api/docs">' in e.msgid for e in messages)


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = [e for e in parse_po(PO) if not e.obsolete]
    fuzzy = [f"line {e.line}: {e.msgid or '(header)'}" for e in entries if "fuzzy" in e.flags]
    assert fuzzy == []
    untranslated = []
    for e in po_entries():
        wanted = {0, 1} if e.msgid_plural is not None else {0}
        if set(e.msgstr) != wanted or not all(s.strip() for s in e.msgstr.values()):
            untranslated.append(f"line {e.line}: {e.msgid}")
    assert untranslated == []


def test_english_translations_contain_no_chinese_of_their_own():
    """Chinese may survive in a msgstr only where it is quoted from the msgid (data keys such as plans:名称)."""
    offenders = []
    for e in po_entries():
        source = e.msgid + (e.msgid_plural or "")
        for s in e.msgstr.values():
            leftovers = [run for run in re.findall(r"[\u4e00-\u9fff]+", s) if run not in source]
            if leftovers:
                offenders.append((e.msgid, leftovers))
    assert offenders == []


# --- (b) the committed .mo is the compiled .po --------------------------------------------------------------------


def test_compiled_catalogue_is_exactly_the_po_file():
    """No entry missing, stale or extra in django.mo: recompile after every change to django.po."""
    expected = {e.key: e.value for e in po_entries() if "fuzzy" not in e.flags}
    compiled = mo_table(MO)
    compiled.pop("", None)  # the header
    missing = sorted(k for k in expected if k not in compiled)
    extra = sorted(k for k in compiled if k not in expected)
    stale = sorted(k for k in expected if k in compiled and compiled[k] != expected[k])
    assert (missing, extra, stale) == ([], [], [])


def test_gettext_translates_every_msgid_through_the_compiled_catalogue():
    with MO.open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    assert catalogue.info().get("plural-forms") == "nplurals=2; plural=(n != 1);"
    wrong = []
    for e in po_entries():
        if e.msgid_plural is not None:
            got = [catalogue.ngettext(e.msgid, e.msgid_plural, 1), catalogue.ngettext(e.msgid, e.msgid_plural, 2)]
            if e.msgctxt is not None:
                got = [catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) for n in (1, 2)]
            want = [e.msgstr[0], e.msgstr[1]]
        else:
            got = [catalogue.gettext(e.msgid) if e.msgctxt is None else catalogue.pgettext(e.msgctxt, e.msgid)]
            want = [e.msgstr[0]]
        if got != want:
            wrong.append((e.msgid, got, want))
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU msgfmt is not installed")
def test_msgfmt_accepts_the_po_file_and_reproduces_the_committed_mo(tmp_path):
    out = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", str(out), str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert mo_table(out) == mo_table(MO), "django.mo is out of date: run compilemessages"


# --- (c) placeholders and markup survive translation --------------------------------------------------------------


class _AnyValue(dict):
    def __missing__(self, key):
        return 1


def test_placeholders_are_the_same_in_msgid_and_msgstr():
    wrong = []
    for e in po_entries():
        wanted = set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
        for i, s in e.msgstr.items():
            got = set(PLACEHOLDER.findall(s))
            if got != wanted:
                wrong.append((e.msgid, i, sorted(wanted), sorted(got)))
    assert wrong == []


def test_python_format_translations_can_be_formatted():
    """A python-format msgstr must survive `%`: a lone % (instead of %%) or a broken %(name)s raises."""
    broken = []
    for e in po_entries():
        if "python-format" not in e.flags and not PLACEHOLDER.search(e.msgid):
            continue
        for s in [e.msgid, *e.msgstr.values()]:
            try:
                s % _AnyValue()
            except (ValueError, TypeError, KeyError) as exc:
                broken.append((e.msgid, s, repr(exc)))
    assert broken == []


def test_html_tags_are_kept():
    wrong = []
    for e in po_entries():
        wanted = sorted(TAG.findall(e.msgid))
        for s in e.msgstr.values():
            if sorted(TAG.findall(s)) != wanted:
                wrong.append((e.msgid, s))
    assert wrong == []


# --- the catalogue covers the source ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU xgettext is not installed")
def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path):
    """What `makemessages -l en` would extract (same xgettext keywords, templates templatized) is all in django.po;
    fails when a new string was marked for translation but makemessages/translation/compilemessages was not run."""
    from django.utils.translation import templatize

    inputs = []
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if not path.is_file() or rel.parts[0] == "locale" or any(p.startswith(".") for p in rel.parts):
            continue
        if path.suffix == ".py":
            inputs.append(str(path))
        elif path.suffix in (".html", ".txt"):
            work = tmp_path / (str(rel).replace("/", "__") + ".py")
            work.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(rel)), encoding="utf-8")
            inputs.append(str(work))
    assert len(inputs) > 50
    files = tmp_path / "files.txt"
    files.write_text("\n".join(inputs), encoding="utf-8")
    pot = tmp_path / "django.pot"
    keywords = ["gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3"]
    keywords += ["pgettext_lazy:1c,2", "npgettext_lazy:1c,2,3"]
    result = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--no-location", "--force-po"]
        + [f"--keyword={k}" for k in keywords]
        + ["--files-from", str(files), "-o", str(pot)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    extracted = {e.key: e for e in parse_po(pot) if e.msgid}
    assert len(extracted) > 300
    known = {e.key for e in po_entries()}
    missing = sorted(e.msgid for key, e in extracted.items() if key not in known)
    assert missing == [], "run makemessages -l en --no-location, translate, then compilemessages"


# --- (d) an English page has English chrome -----------------------------------------------------------------------


class _Chrome(HTMLParser):
    """Text of the interface around the data: navigation, table headings, section headings, labels, buttons,
    status badges, the brand and the footer; never option lists, scripts or table cells with data."""

    CHROME_TAGS = frozenset({"nav", "th", "h2", "label", "button", "summary", "footer"})
    CHROME_CLASSES = frozenset({"brand", "button", "status"})
    SKIP_TAGS = frozenset({"option", "script", "style", "textarea"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, is chrome, is skipped)
        self.texts: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in self.VOID:
            return
        classes = set((attrs.get("class") or "").split())
        self.stack.append((tag, tag in self.CHROME_TAGS or bool(classes & self.CHROME_CLASSES), tag in self.SKIP_TAGS))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and any(c for _t, c, _s in self.stack) and not any(s for _t, _c, s in self.stack):
            self.texts.append(data.strip())


def _chrome(html: str) -> tuple[str | None, str]:
    parser = _Chrome()
    parser.feed(html)
    parser.close()
    return parser.lang, " | ".join(parser.texts)


def test_english_plan_overview_has_no_chinese_chrome(client, users, plan2020):
    client.force_login(users["office"])
    url = reverse("plans:overview", args=[plan2020.pk])

    # In the default language the same extraction finds the Chinese headings, so the check below is not vacuous.
    response = client.get(url)
    assert response.status_code == 200
    lang, chrome = _chrome(response.content.decode())
    assert lang == "zh-hans" and "牵头单位" in chrome and "驾驶舱" in chrome

    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    lang, chrome = _chrome(html)
    assert lang == "en"
    assert "Lead units" in chrome and "Implementing units" in chrome and "Cooperating units" in chrome
    assert "Cockpit" in chrome and "Work plans" in chrome
    assert not CJK.search(chrome), CJK.findall(chrome)[:20]
    # The data stays Chinese: the plan's tasks and units are not translated.
    assert CJK.search(html)
    assert re.search(r"<title>[^<]*· Lanzhou–Baiyin Innovation Zone Platform</title>", html)
