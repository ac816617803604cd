"""Fill msgstr entries of a .po file from a Python dict of translations (used for the English catalogue).

Usage: python scripts/fill_po.py innozone/locale/en/LC_MESSAGES/django.po TRANSLATIONS.py
TRANSLATIONS.py defines T = {msgid: msgstr} and PLURALS = {msgid: (singular, plural)}.
Entries without a translation are listed and left empty.
"""

import re
import runpy
import sys
from pathlib import Path


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block))


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
        chunk = chunk.replace("#, fuzzy\n", "").replace(", fuzzy", "")
        chunk = re.sub(r"^#\| .*\n?", "", chunk, flags=re.M)
        if "msgid_plural" in chunk:
            if msgid not in plurals:
                missing.append(msgid)
            else:
                one, many = plurals[msgid]
                chunk = re.sub(r'msgstr\[0\] (?:".*"\n?)+', f'msgstr[0] "{one}"\n', chunk)
                chunk = re.sub(r'msgstr\[1\] (?:".*"\n?)+', f'msgstr[1] "{many}"', chunk)
        elif msgid not in translations:
            missing.append(msgid)
        else:
            chunk = re.sub(r'msgstr (?:".*"\n?)+', f'msgstr "{translations[msgid]}"', chunk)
        out.append(chunk.rstrip("\n"))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    ns = runpy.run_path(sys.argv[2])
    missing = fill(sys.argv[1], ns["T"], ns.get("PLURALS", {}))
    for m in missing:
        print("missing:", m)
    sys.exit(1 if missing else 0)
