"""Character normalisation that keeps offsets: every mapping is one character to one character.

The parser matches patterns on the normalised text and reports spans in the caller's text, so the
review page can highlight exactly what was read.
"""

import re

FULL_TO_HALF = {0xFF10 + i: ord("0") + i for i in range(10)}  # ０-９
FULL_TO_HALF.update({0xFF08: ord("("), 0xFF09: ord(")"), 0xFF1A: ord(":"), 0xFF1B: ord(";"), 0xFF0C: ord(",")})
FULL_TO_HALF.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0B: ord("+"), 0x3000: ord(" "), 0xFF5E: ord("~")})
FULL_TO_HALF.update({0x3010: ord("["), 0x3011: ord("]"), 0x3014: ord("["), 0x3015: ord("]")})  # 【】〔〕
FULL_TO_HALF.update({0xFE50: ord(","), 0xFF0D: ord("-")})


_LONE_CR = re.compile(r"\r(?!\n)")


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, and every line break to one "\n" (a "\r\n" becomes
    " \n", a lone "\r" becomes "\n"), same length as the input."""
    return _LONE_CR.sub("\n", text).replace("\r", " ").translate(FULL_TO_HALF)


def lines_with_offsets(norm: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of every line of a normalised text, without the line break."""
    out, pos = [], 0
    for number, line in enumerate(norm.split("\n"), start=1):
        out.append((number, pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out
