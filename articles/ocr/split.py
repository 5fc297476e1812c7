"""Cut a page into article chunks (each from one 本报讯 to the next) and the headline blocks between them.

A chunk's closing byline lines and the headline-like lines printed after its body are taken off the
chunk: the bylines belong to it, the headline lines go into the *gap* after it, to be assigned (by
:mod:`headlines`) to the article before or after the gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .bylines import is_byline_line
from .normalize import clean_line, ends_sentence, width

MARKER_RE = re.compile(r"^\s*[【\[［〔]?\s*本\s*报\s*讯\s*[】\]］〕]?")
# The marker, the optional opening byline in brackets, as found at the start of the first paragraph.
LEAD_RE = re.compile(r"^[【\[［〔]?本报讯[】\]］〕]?(?:[（(]([^（）()]{1,60})[）)])?")
_LEAD_BYLINE_WORDS = ("记者", "通讯员", "实习生", "文/图", "图/文", "摄影", "通讯")
_RAW_LEAD_RE = re.compile(r"^\s*[【\[［〔]?\s*本\s*报\s*讯\s*[】\]］〕]?\s*[（(]([^（）()]{1,80})[）)]")
# A byline glued to the end of the last body line: ...参会。记者 孙庆辉
_GLUED_BYLINE_RE = re.compile(r"^(.*[。！？”’])\s*((?:本报)?(?:记者|通讯员)\s*\S.*)$")
_HEADER_RE = re.compile(
    r"(第\s*[0-9一二三四五六七八九十]+\s*版|星期[一二三四五六日天]|责任编辑|责编|编辑[:：]|校对|美编|版式|"
    r"电话|邮箱|网址|第\s*\d+\s*期|总第|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|www\.|http)"
)
MAX_HEADLINE_WIDTH = 40
_ROLE_SPACING_RE = re.compile(r"(本报记者|特约记者|记者|通讯员|实习生|摄影|文\s*[/／]\s*图|图\s*[/／]\s*文)")


@dataclass
class Chunk:
    """One article's raw material."""

    raw_lines: list[str]  # from the 本报讯 line to the last body line (raw, stripped)
    lines: list[str]  # the same, cleaned ("" = blank line)
    lead_byline: str = ""  # the inside of 本报讯（…） when it holds a byline
    byline_lines: list[str] = field(default_factory=list)  # closing byline lines (raw)
    has_marker: bool = True  # False: a feature that opens with its byline line instead of 本报讯


@dataclass
class SplitPage:
    chunks: list[Chunk]
    # gaps[i] holds the headline groups printed before chunk i (after chunk i-1); gaps[len(chunks)] the
    # ones after the last chunk. A group is a list of cleaned lines with no blank line inside.
    gaps: list[list[list[str]]]


def is_marker_line(line: str) -> bool:
    return bool(MARKER_RE.match(line))


def is_headline_like(line: str) -> bool:
    """A printed headline line: short, no full stop inside, not ending on a comma-like mark."""
    if not line or width(line) > MAX_HEADLINE_WIDTH:
        return False
    if "。" in line.rstrip("。") or line[-1] in "，、；：,;:。":
        return False
    return not is_marker_line(line)


def is_page_header(line: str) -> bool:
    return bool(_HEADER_RE.search(line))


def _groups(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _peel_tail(raw: list[str], clean: list[str], known: Iterable[str]) -> tuple[int, list[str], list[str]]:
    """From a chunk's lines, find (end of body, byline lines, headline lines after the body)."""
    j = len(clean) - 1
    while j > 0 and not clean[j]:
        j -= 1
    # 1. headline-like lines at the very end
    tail_idx: list[int] = []
    k = j
    saw_blank = False
    blank_before_tail = False
    while k > 0:
        if not clean[k]:
            saw_blank = True
            k -= 1
            continue
        if is_byline_line(raw[k], known) or not is_headline_like(clean[k]) or len(tail_idx) >= 6:
            break
        if saw_blank and tail_idx:
            pass
        tail_idx.append(k)
        saw_blank = False
        k -= 1
    blank_before_tail = saw_blank
    headline_lines: list[str] = []
    if tail_idx and k > 0:
        boundary = clean[k]
        if blank_before_tail or is_byline_line(raw[k], known) or ends_sentence(boundary):
            first = tail_idx[-1]
            headline_lines = clean[first : j + 1]
            j = k
    # 2. byline lines before that
    byline: list[str] = []
    while j >= 0:
        if not clean[j]:
            j -= 1
            continue
        if j > 0 and is_byline_line(raw[j], known):
            byline.insert(0, raw[j])
            j -= 1
            continue
        m = _GLUED_BYLINE_RE.match(raw[j])
        if m and not byline and is_byline_line(m.group(2), known):
            byline.insert(0, m.group(2))
            raw[j] = m.group(1)
            clean[j] = clean_line(m.group(1))
        break
    return j + 1, byline, headline_lines


def _feature_starts(raw: list[str], clean: list[str], a: int, b: int, known) -> list[tuple[int, int]]:
    """Inside lines ``a..b``: features printed without 本报讯 — a headline, then a byline line
    (本报记者 X 通讯员 Y), then body text. Returns (byline line index, first headline line index)."""
    out: list[tuple[int, int]] = []
    for k in range(a + 1, b):
        if not clean[k] or not is_byline_line(raw[k], known):
            continue
        # after it: body text (two or more lines, one of them not headline-like, a sentence end)
        after = [line for line in clean[k + 1 : b] if line]
        if len(after) < 2 or all(is_headline_like(line) for line in after[:3]):
            continue
        if not any(ends_sentence(line) or "。" in line for line in after):
            continue
        if is_byline_line(raw[k + 1], known) if k + 1 < b else False:
            continue
        # before it: headline lines, and before those the end of the previous article
        j = k - 1
        heads = 0
        while j > a and (not clean[j] or (is_headline_like(clean[j]) and not is_byline_line(raw[j], known))):
            heads += bool(clean[j])
            j -= 1
        if heads == 0 or heads > 4:
            continue
        if not (is_byline_line(raw[j], known) or ends_sentence(clean[j])):
            continue
        out.append((k, j + 1))
    return out


def split_page(text: str, known: Iterable[str] = ()) -> SplitPage:
    """Split page text into article chunks and the headline groups around them."""
    known = tuple(known)
    raw_lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    clean = [clean_line(line) for line in raw_lines]
    starts = [i for i, line in enumerate(raw_lines) if is_marker_line(line)]
    if not starts:
        return SplitPage(chunks=[], gaps=[])

    preamble = [line if (is_headline_like(line) and not is_page_header(line)) else "" for line in clean[: starts[0]]]
    gaps: list[list[list[str]]] = [_groups(preamble)]
    chunks: list[Chunk] = []
    bounds = [*starts, len(raw_lines)]
    pieces: list[tuple[int, int, bool, list[str]]] = []  # (start, end, has_marker, headline lines before)
    for a, b in zip(bounds, bounds[1:], strict=False):
        start, marker, before = a, True, []
        for k, head_start in _feature_starts(raw_lines, clean, a, b, known):
            pieces.append((start, head_start, marker, before))
            start, marker, before = k, False, clean[head_start:k]
        pieces.append((start, b, marker, before))
    for a, b, marker, before in pieces:
        if before:
            gaps[-1].extend(_groups(before))
        raw, cl = raw_lines[a:b], clean[a:b]
        if not marker:
            # a feature: its byline line first, then the body, whose tail is peeled like any chunk's
            end, byline, headline_lines = _peel_tail(["", *raw[1:]], ["", *cl[1:]], known)
            chunks.append(
                Chunk(
                    raw_lines=raw[1:end],
                    lines=cl[1:end],
                    lead_byline=raw[0],
                    byline_lines=byline,
                    has_marker=False,
                )
            )
            gaps.append(_groups(headline_lines))
            continue
        end, byline, headline_lines = _peel_tail(raw, cl, known)
        lead = ""
        # the bracket may be broken over lines, even inside a word (通讯\n员): join without a space,
        # then put spaces back around the role words
        m = _RAW_LEAD_RE.match("".join(x for x in raw[:3] if x))
        if m and any(w in m.group(1).replace("／", "/").replace(" ", "") for w in _LEAD_BYLINE_WORDS):
            lead = " ".join(_ROLE_SPACING_RE.sub(r" \1 ", m.group(1)).split())
        chunks.append(Chunk(raw_lines=raw[:end], lines=cl[:end], lead_byline=lead, byline_lines=byline))
        gaps.append(_groups(headline_lines))
    return SplitPage(chunks=chunks, gaps=gaps)


def strip_lead(paragraph: str) -> str:
    """Take 本报讯 (and a bracketed opening byline) off the first paragraph.

    ``"【本报讯】（记者李明）2月12日，郑州…"`` -> ``"2月12日，郑州…"``; a bracket that is not a byline stays.
    """
    m = LEAD_RE.match(paragraph)
    if not m:
        return paragraph
    inside = m.group(1) or ""
    if inside and not any(w in inside.replace("／", "/") for w in _LEAD_BYLINE_WORDS):
        end = m.start(1) - 1
    else:
        end = m.end()
    return paragraph[end:].lstrip(" ，,：:")
