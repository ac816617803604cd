"""Character normalisation that keeps offsets: every mapping is one character to one character.

The parser matches patterns on the normalised text and reports spans in the caller's text, so the
review page can highlight exactly what was read.
"""

FULL_TO_HALF = {0xFF10 + i: ord("0") + i for i in range(10)}  # ０-９
FULL_TO_HALF.update({0xFF08: ord("("), 0xFF09: ord(")"), 0xFF1A: ord(":"), 0xFF1B: ord(";"), 0xFF0C: ord(",")})
FULL_TO_HALF.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0B: ord("+"), 0x3000: ord(" "), 0xFF5E: ord("~")})
FULL_TO_HALF.update({0x3010: ord("["), 0x3011: ord("]"), 0x3014: ord("["), 0x3015: ord("]")})  # 【】〔〕
FULL_TO_HALF.update({0xFE50: ord(","), 0xFF0D: ord("-")})


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, same length as the input."""
    return text.translate(FULL_TO_HALF)


def lines_with_offsets(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of every line, without the line break."""
    out, pos = [], 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        stripped = line.rstrip("\r\n")
        out.append((number, pos, pos + len(stripped)))
        pos += len(line)
    return out
