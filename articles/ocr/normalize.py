"""Bytes -> text, OCR line clean-up, and joining print lines back into paragraphs."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .types import PageError

MAX_BYTES = 5 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or 0x7F <= ord(ch) < 0xA0)
    return bad / len(text)


def _mostly_utf8(raw: bytes) -> bool:
    """UTF-8 with a few broken bytes (not GBK): most non-ASCII bytes form valid UTF-8 characters."""
    sample = raw[:200_000]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    wide = sum(1 for ch in decoded if ord(ch) > 0x7F) - bad
    return wide >= 8 and bad <= max(1, 0.05 * wide)


def decode_page(raw: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Decode an OCR text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK.

    Returns ``(text, encoding)``. Raises :class:`PageError` (one line, Chinese + English) for a file
    that is too large (checked before anything is decoded), empty, binary or undecodable.
    """
    if raw is None:
        raise PageError("页面文件为空（empty page file）")
    size = len(raw)
    if size > max_bytes:
        raise PageError(f"文件过大：{size} 字节，上限 {max_bytes} 字节（file too large）")
    if not raw.strip():
        raise PageError("页面文件为空（empty page file）")

    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"}[name]
            try:
                text = raw[len(bom) :].decode(codec, errors="strict")
            except UnicodeDecodeError as exc:
                raise PageError(f"无法按 {name} 解码（undecodable text: {exc.reason}）") from None
            encoding = name
            break

    if text is None:
        if b"\x00" in raw:
            raise PageError("疑似二进制文件，不是文本（binary file, not text）")
        try:
            text, encoding = raw.decode("utf-8", errors="strict"), "utf-8"
        except UnicodeDecodeError as exc:
            if _mostly_utf8(raw):
                raise PageError(
                    f"UTF-8 文本在第 {exc.start} 字节处损坏，无法解码（undecodable text: corrupt UTF-8）"
                ) from None
            try:
                text, encoding = raw.decode("gb18030", errors="strict"), "gb18030"
            except UnicodeDecodeError:
                raise PageError(
                    "无法识别编码：既不是 UTF-8 也不是 GB18030（undecodable text）"
                ) from None

    if "\x00" in text or _control_share(text) > 0.01:
        raise PageError("疑似二进制文件，不是文本（binary file, not text）")
    if not text.strip():
        raise PageError("页面文件为空（empty page file）")
    return text, encoding


# ---------------------------------------------------------------------------------------------------
# Lines

_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# "wide" = a CJK character or full-width punctuation: ASCII punctuation next to one is a web copy's.
_WIDE = _CJK + "\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_ASCII_PUNCT_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT_RE = re.compile(
    rf"(?<=[{_WIDE}])\s*([,;:?!()])\s*|\s*([,;:?!()])\s*(?=[{_WIDE}])"
)
_HAS_ASCII_PUNCT_RE = re.compile(r"[,;:?!()]")
# Spaces, and the control characters OCR leaves behind (vertical tab, form feed, stray C0/DEL; XML 1.0 forbids
# most of them, so a feed carrying one would be rejected): all handled as a space.
_SPACE_RE = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.%+-&")


def _space_sub(m: re.Match[str]) -> str:
    s, start, end = m.string, m.start(), m.end()
    if start == 0 or end == len(s):
        return ""
    before, after = s[start - 1], s[end]
    if before in _ASCII_ALNUM and after in _ASCII_ALNUM:
        return " "
    return ""


def clean_line(line: str) -> str:
    """One OCR line: strip, drop spaces OCR put between CJK characters and digits, keep them between
    Latin words, and turn a web copy's ASCII ``,;:?!()`` next to Chinese text into full-width forms."""
    line = line.replace("\ufeff", "").strip()
    if not line:
        return ""
    # (every character _SPACE_RE takes but the plain space is unprintable: most lines hold none)
    if " " in line or not line.isprintable():
        line = _SPACE_RE.sub(_space_sub, line)
    if _HAS_ASCII_PUNCT_RE.search(line):
        line = _ASCII_PUNCT_RE.sub(lambda m: _ASCII_PUNCT_MAP[m.group(1) or m.group(2)], line)
    # stripped again: a control character dropped above may have stood before other whitespace (\x1b\r0)
    return line.strip()


def clean_lines(text: str) -> list[str]:
    """The page as cleaned lines; blank lines are kept as ``""`` (they mark column breaks)."""
    return [clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def clean_text(text: str) -> str:
    """Clean a single run of text (no line structure): spaces and ASCII punctuation as in clean_line."""
    return clean_line(text.replace("\n", " "))


_NARROW_RE = re.compile("[\u0000-\u1fff]")


@lru_cache(maxsize=8192)
def width(line: str) -> float:
    """Printed width in em: a CJK character or full-width mark is 1, an ASCII character 1/2. Remembered: a
    page's lines are measured by the splitter and again when they are joined into paragraphs."""
    return len(line) - 0.5 * len(_NARROW_RE.findall(line))


TERMINALS = "。！？!?"
_CLOSERS = "”’」』）)》"
_CLOSERS_AND_SPACE = _CLOSERS + " "
SOFT_TERMINALS = "；：;:"


def ends_sentence(line: str, *, soft: bool = False) -> bool:
    """Does the line end a sentence (。！？, possibly followed by a closing quote or bracket)?"""
    return _is_end(_last_mark(line), soft=soft)


def _last_mark(line: str) -> str:
    """The line's last character before closing quotes and brackets ('' when it has none)."""
    return line.rstrip(_CLOSERS_AND_SPACE)[-1:]


def _is_end(last: str, *, soft: bool = False) -> bool:
    # a closing quote or bracket right after 。！？ still ends the sentence; a bare closing quote does not
    return bool(last) and (last in TERMINALS or (soft and last in SOFT_TERMINALS))


def column_width(lines: list[str]) -> float:
    """The article's column width: the most common line width (ties: the wider)."""
    return _column_width([width(line) for line in lines if line])


def _column_width(widths: list[float]) -> float:
    """``column_width`` from the widths of the (non-blank) lines."""
    if not widths:
        return 0.0
    counts = Counter(map(int, widths))
    return float(max(zip(counts.values(), counts.keys(), strict=True))[1])  # the most lines, then the wider


def join(left: str, right: str) -> str:
    """Join two pieces of a broken line: no space, except between two Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right


def join_paragraphs(lines: list[str]) -> list[str]:
    """Join cleaned print lines (``""`` = blank line) into paragraphs.

    A paragraph ends on a line that ends a sentence (。！？, or ；： on a short line) and is clearly
    shorter than the column width, or that is followed by a blank line or is the last line. A blank
    line after any other line is a column break inside a sentence, and a full-width line ending in 。
    continues the paragraph.
    """
    widths = [width(line) for line in lines]
    col = _column_width([w for line, w in zip(lines, widths, strict=True) if line])
    short_limit = col - 2 if col else 0
    # what ends_sentence looks at in each line, found once
    ends = [_last_mark(line) for line in lines]
    paragraphs: list[str] = []
    current = ""
    n = len(lines)
    last = n - 1
    while last >= 0 and not lines[last]:
        last -= 1
    for i, line in enumerate(lines):
        if not line:
            continue
        current = join(current, line)
        if i == last:
            ends_here = True
        elif _is_end(ends[i]):
            # short, or before a blank line, or the next line lost its two-character paragraph indent
            ends_here = widths[i] < short_limit or not lines[i + 1] or (
                col and widths[i + 1] <= col - 1.5 and not _is_end(ends[i + 1], soft=True) and i + 1 != last
            )
        else:
            ends_here = widths[i] < short_limit and _is_end(ends[i], soft=True)
        if ends_here:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
