"""The numbering of Chinese official documents: 一、 > (一) > 1. > (1) > ①, full- or half-width.

A numbered line opens a block that runs to the next numbered line; a block's parent is the
nearest earlier block of a higher level (GB/T 9704 order, so a document may skip levels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_DIGITS = "一二三四五六七八九十"
LEVELS = [
    ("cn_comma", re.compile(r"^([" + CN_DIGITS + r"]{1,3})[、.](?=\S)")),
    ("cn_paren", re.compile(r"^\(([" + CN_DIGITS + r"]{1,3})\)")),
    ("decimal", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d.])")),  # 2.1 / 2.2.1: ranked by depth below
    ("arabic_dot", re.compile(r"^(\d{1,3})(?:[、.](?!\d)|\s)")),
    ("arabic_paren", re.compile(r"^\((\d{1,3})\)")),
    ("circled", re.compile(r"^([\u2460-\u2473])")),
]


@dataclass
class Block:
    level: float
    number: str  # the numeral, without brackets or punctuation
    marker: str  # the number as written, e.g. "(一)" or "（一）"
    line: int  # index into the line table
    start: int  # offset where the marker begins
    body_start: int  # offset after the marker
    end: int  # offset where the block (without children) ends
    parent: Block | None = None
    children: list[Block] = field(default_factory=list)

    def subtree_end(self) -> int:
        return self.children[-1].subtree_end() if self.children else self.end


def numbered(norm: str, start: int, end: int) -> tuple[float, str, re.Match] | None:
    """(level, numeral, match) when the line norm[start:end] opens with a number."""
    text = norm[start:end]
    for level, (name, pattern) in enumerate(LEVELS):
        m = pattern.match(text)
        if m:
            if name == "decimal":  # between 1. and (1): 2.1 under 2., 2.2.1 under 2.2
                return 3 + m.group(1).count(".") / 10, m.group(1), m
            return level, m.group(1), m
    return None


def build(norm: str, source: str, lines: list[tuple[int, int, int]]) -> list[Block]:
    """All numbered blocks in document order, linked to their parents."""
    blocks: list[Block] = []
    for index, (_, s, e) in enumerate(lines):
        lead = len(norm[s:e]) - len(norm[s:e].lstrip())
        hit = numbered(norm, s + lead, e)
        if not hit:
            continue
        level, numeral, m = hit
        marker = source[s + lead : s + lead + m.end()].rstrip()
        blocks.append(Block(level, numeral, marker, index, s + lead, s + lead + m.end(), e))
    for i, block in enumerate(blocks):
        block.end = blocks[i + 1].start if i + 1 < len(blocks) else len(norm)
        for earlier in reversed(blocks[:i]):
            if earlier.level < block.level:
                block.parent = earlier
                earlier.children.append(block)
                break
    return blocks
