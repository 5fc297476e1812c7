"""Lay out article text the way OCR of a narrow newspaper column reads.

What the real page (fixtures/pages/000_*.txt) shows, and what this reproduces:
  * lines broken at a fixed column width (CJK = 1 unit, ASCII = 1/2), mid-word and mid-name;
  * the first line of a paragraph is two units shorter (the indent OCR drops);
  * closing punctuation never starts a line (it stays on the line before, overflowing it);
  * blank lines between paragraphs, sometimes missing;
  * a blank line at each column break, wherever the break falls (mid-sentence too);
  * stray spaces before numbers (``2月 3日``, ``召开 2022年``);
  * bylines on their own lines right after the last body line; headlines in their own block.
"""

from __future__ import annotations

import random
import re

CLOSING = set("，。、；：？！）》」』】”’…%·")
OPENING = set("（《「『【“‘")
_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff（“])(\d+)")


def width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2000 else 1.0


def ocr_spaces(text: str, rng: random.Random, p: float = 0.45) -> str:
    """Insert a stray space before some numbers that follow a CJK character."""

    def sub(m: re.Match) -> str:
        return (" " if rng.random() < p else "") + m.group(1)

    return _DIGITS.sub(sub, text)


def wrap(text: str, w: float, first_indent: float = 2.0) -> list[str]:
    lines: list[str] = []
    cur = ""
    cur_w = 0.0
    limit = w - first_indent
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        cw = width(ch)
        if cur and cur_w + cw > limit + 1e-9 and ch not in CLOSING:
            carry = ""
            if len(cur) > 1 and cur[-1] in OPENING:  # an opening mark never ends a line
                cur, carry = cur[:-1], cur[-1]
            lines.append(cur)
            cur, cur_w, limit = carry, width(carry[0]) if carry else 0.0, w
            if ch == " ":  # a space at the start of a line is swallowed
                i += 1
                continue
        cur += ch
        cur_w += cw
        i += 1
    if cur:
        lines.append(cur)
    return lines


class PageWriter:
    """Accumulates the lines of one page and inserts column-break blank lines."""

    def __init__(self, rng: random.Random, col_height: int, para_gap_p: float = 0.88):
        self.rng = rng
        self.col_height = col_height
        self.para_gap_p = para_gap_p
        self.lines: list[str] = []
        self._in_col = 0

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text_line(self, line: str) -> None:
        if self._in_col >= self.col_height:
            self.blank()
            self._in_col = 0
        self.lines.append(line)
        self._in_col += 1

    def headline(self, heads: list[str]) -> None:
        self.blank()
        for h in heads:
            self.lines.append(h)
        self.blank()

    def paragraphs(self, paras: list[str], w: float, first_article_line: bool = False) -> None:
        for k, p in enumerate(paras):
            if k > 0 and self.rng.random() < self.para_gap_p:
                self.blank()
            for j, line in enumerate(wrap(p, w)):
                if j == 0 and (first_article_line and k == 0) and self.rng.random() < 0.5:
                    line = " " + line  # OCR keeps part of the indent now and then
                self.text_line(line)

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"
