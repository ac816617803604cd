"""Fill msgstr entries of a .po file from a Python dict of translations (used for the English catalogue).

Usage: python scripts/fill_po.py innozone/locale/en/LC_MESSAGES/django.po TRANSLATIONS.py
TRANSLATIONS.py defines T = {msgid: msgstr} and PLURALS = {msgid: (singular, plural)}; keys and values are written
as they appear between the quotes of the .po file (so a double quote is \\" there).

An entry is filled only from the dicts. Only then is its `fuzzy` flag (and the `#|` previous-msgid lines that
makemessages adds to fuzzy entries) removed. An entry the dicts do not translate is listed as missing; if
makemessages marked it fuzzy with a guessed msgstr, the guess is emptied (the flag stays), so that a wrong guess
never becomes a real translation.
"""

import re
import runpy
import sys
from pathlib import Path

_FLAGS = re.compile(r"^#,(.*)$", re.M)
_PREVIOUS = re.compile(r"^#\| .*\n?", re.M)
_MSGSTR = re.compile(r'^msgstr (?:".*"\n?)+', re.M)
_MSGSTR_N = {i: re.compile(rf'^msgstr\[{i}\] (?:".*"\n?)+', re.M) for i in (0, 1)}


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block))


def _is_fuzzy(chunk: str) -> bool:
    return any("fuzzy" in (f.strip() for f in m.group(1).split(",")) for m in _FLAGS.finditer(chunk))


def _unfuzzy(chunk: str) -> str:
    """Drop the fuzzy flag (and the flags line if nothing else is left) and the #| previous-msgid lines."""

    def flags(m):
        rest = [f.strip() for f in m.group(1).split(",") if f.strip() and f.strip() != "fuzzy"]
        return "#, " + ", ".join(rest) if rest else "\0"

    chunk = _FLAGS.sub(flags, chunk).replace("\0\n", "").replace("\0", "")
    return _PREVIOUS.sub("", chunk)


def _set(chunk: str, pattern: re.Pattern, prefix: str, value: str) -> str:
    # A function as replacement, so that backslashes in the value are not read as regex escapes.
    return pattern.sub(lambda _m: f'{prefix} "{value}"\n', chunk, count=1)


def fill(po_path: str, translations: dict, plurals: dict) -> list[str]:
    path = Path(po_path)
    text = path.read_text(encoding="utf-8")
    missing = []
    out = []
    for chunk in text.split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)', chunk, re.M)
        if not m or _unquote(m.group(1)) == "":
            out.append(chunk)
            continue
        msgid = _unquote(m.group(1))
        chunk = chunk.rstrip("\n") + "\n"
        if "msgid_plural" in chunk:
            if msgid in plurals:
                one, many = plurals[msgid]
                chunk = _set(chunk, _MSGSTR_N[0], "msgstr[0]", one)
                chunk = _set(chunk, _MSGSTR_N[1], "msgstr[1]", many)
                chunk = _unfuzzy(chunk)
            else:
                missing.append(msgid)
                if _is_fuzzy(chunk):
                    chunk = _set(chunk, _MSGSTR_N[0], "msgstr[0]", "")
                    chunk = _set(chunk, _MSGSTR_N[1], "msgstr[1]", "")
        elif msgid in translations:
            chunk = _unfuzzy(_set(chunk, _MSGSTR, "msgstr", translations[msgid]))
        else:
            missing.append(msgid)
            if _is_fuzzy(chunk):
                chunk = _set(chunk, _MSGSTR, "msgstr", "")
        out.append(chunk.rstrip("\n"))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    ns = runpy.run_path(sys.argv[2])
    missing = fill(sys.argv[1], ns["T"], ns.get("PLURALS", {}))
    for m in missing:
        print("missing:", m)
    sys.exit(1 if missing else 0)
