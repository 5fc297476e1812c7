"""Cut a page into article chunks (each from one 本报讯 to the next) and the headline blocks between them.

A chunk's closing byline lines and the headline-like lines printed after its body are taken off the
chunk: the bylines belong to it, the headline lines go into the *gap* after it, to be assigned (by
:mod:`headlines`) to the article before or after the gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .bylines import bare_credit, is_byline_line, is_photo_credit, known_names
from .furniture import strip_furniture
from .normalize import clean_line, column_width, ends_sentence, width

MARKER_RE = re.compile(r"^\s*[【\[［〔]?\s*本\s*报\s*讯\s*[】\]］〕]?")
# The marker, the optional opening byline in brackets, as found at the start of the first paragraph.
LEAD_RE = re.compile(r"^[【\[［〔]?本报讯[】\]］〕]?(?:[（(]([^（）()]{1,60})[）)])?")
_LEAD_BYLINE_WORDS = ("记者", "通讯员", "实习生", "文/图", "图/文", "摄影", "通讯")
_RAW_LEAD_RE = re.compile(r"^\s*[【\[［〔]?\s*本\s*报\s*讯\s*[】\]］〕]?\s*[（(]([^（）()]{1,80})[）)]")
# A byline glued to the end of the last body line: ...参会。记者 孙庆辉 / ...参会。（记者 孙庆辉） / ...记者 孙庆辉 报道
_GLUED_BYLINE_RE = re.compile(
    r"^(.*[。！？”’])\s*([（(]?\s*(?:本报)?(?:全媒体|融媒体|见习|实习)?(?:记者|通讯员|实习生)\s*[^。！？，]*)$"
)
# A bracket closing an item's last sentence, or alone on the item's last line: （孙丽）, （李强 张伟）
_BARE_TAIL_RE = re.compile(r"^(.*[。！？”’])?\s*([（(][^（）()。，]{2,26}[）)])\s*$")
# Wire copy: 新华社北京10月19日电（记者 甲、乙）, 人民日报郑州9月3日电, 中新网南阳10月1日电 ...
_AGENCY = (
    r"(?:新华社|中新社|中新网|中国新闻社|人民日报|人民网|新华网|央视网|央视新闻|光明日报|经济日报|中国日报|工人日报|"
    r"法治日报|农民日报|科技日报|中国青年报|河南日报|大河报|[\u4e00-\u9fff]{2,6}?(?:日报|晚报|晨报|都市报))"
)
WIRE_RE = re.compile(
    rf"^[【\[]?(?P<agency>{_AGENCY})(?:[\u4e00-\u9fff]{{0,4}}记者[\u4e00-\u9fff]{{2,4}})?"
    r"[\u4e00-\u9fff]{0,8}?\d{1,2}月\d{1,2}日(?:[\u4e00-\u9fff]{0,2})?电[】\]]?"
    r"(?:[（(](?P<byline>[^（）()]{1,60})[）)])?"
)
# Any CJK character may start a 某某日报; the rest of the pattern is only tried after these cheap checks.
_AGENCY_FIRST = frozenset(chr(c) for c in range(0x4E00, 0xA000)) | {"【", "["}
# An item opening with its byline in brackets: （记者 张三 通讯员 李四）9月20日，……
OPEN_BYLINE_RE = re.compile(
    r"^[（(]\s*(?P<byline>(?:本报)?(?:全媒体|融媒体|见习|特约)?(?:记者|通讯员|实习生)[^（）()。，]{1,50})[）)]\s*(?=\S)"
)
# Short items of a 简讯 column, and photo captions, start with a bullet.
_BULLETS = "■▲●◆★□▼"
BULLET_RE = re.compile(rf"^\s*[{_BULLETS}]\s*")
_CAPTION_RE = re.compile(r"^[▲■●◆△]?\s*(?:图为|上图|下图|左图|右图|图①|图\d)")
_HEADER_RE = re.compile(
    r"(第\s*[0-9一二三四五六七八九十]+\s*版|星期[一二三四五六日天]|责任编辑|责编|编辑[:：]|校对|美编|版式|"
    r"电话|邮箱|网址|第\s*\d+\s*期|总第|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|www\.|http)"
)
MAX_HEADLINE_WIDTH = 40
_ROLE_SPACING_RE = re.compile(
    r"(本报全媒体记者|本报融媒体记者|全媒体记者|融媒体记者|本报记者|特约记者|见习记者|记者|通讯员|实习生|摄影|"
    r"文\s*[/／]\s*图|图\s*[/／]\s*文)"
)


def _spaced_roles(byline: str) -> str:
    """``byline`` with one space around each role word and between names (记者张三 -> 记者 张三): split by the
    role words (captured, so they are kept) and joined with spaces."""
    return " ".join(" ".join(_ROLE_SPACING_RE.split(byline)).split())


@dataclass
class Chunk:
    """One article's raw material."""

    raw_lines: list[str]  # from the 本报讯 line to the last body line (raw, stripped)
    lines: list[str]  # the same, cleaned ("" = blank line)
    lead_byline: str = ""  # the inside of 本报讯（…） when it holds a byline
    byline_lines: list[str] = field(default_factory=list)  # closing byline lines (raw)
    has_marker: bool = True  # False: an item without 本报讯 (found by its byline, dateline, bullet ...)
    own_head: list[str] = field(default_factory=list)  # headline lines found with the item (not in a gap)
    start: str = "marker"  # what opened it: marker / wire / open_byline / bullet / feature / after_byline / caption / preamble


@dataclass
class SplitPage:
    chunks: list[Chunk]
    # gaps[i] holds the headline groups printed before chunk i (after chunk i-1); gaps[len(chunks)] the
    # ones after the last chunk. A group is a list of cleaned lines with no blank line inside.
    gaps: list[list[list[str]]]
    furniture: list[str] = field(default_factory=list)  # page furniture taken off, as printed


@lru_cache(maxsize=8192)
def _byline(line: str, known: frozenset[str]) -> bool:
    """``is_byline_line``, remembered: the splitter asks about the same lines many times."""
    return is_byline_line(line, known)


_CLAUSE_MARKS = frozenset("，、；：")
# How the first sentence of a news item opens: its date, or a word of time.
_ITEM_OPENING_RE = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月\s*\d{1,2}日|\d{1,2}日|近日|日前|近期|今年|昨日|昨天|今天|今日|当天|连日来|国庆|春节|"
    r"清晨|上午|下午|晚上|记者)"
)


def _glued_byline(line: str) -> re.Match[str] | None:
    """``_GLUED_BYLINE_RE.match(line)``, tried only on a line holding one of its role words."""
    if "记者" in line or "通讯员" in line or "实习生" in line:
        return _GLUED_BYLINE_RE.match(line)
    return None


def _closing(line: str, known: frozenset[str]) -> bool:
    """A closing byline line, or a line of prose ending on one (…取得实效。（记者 张三））."""
    return _byline(line, known) or bool((m := _glued_byline(line)) and _byline(m.group(2), known))


def is_marker_line(line: str) -> bool:
    return "讯" in line and bool(MARKER_RE.match(line))  # (the regex only where it can match)


@lru_cache(maxsize=8192)
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
        if _byline(raw[k], known) or not is_headline_like(clean[k]) or len(tail_idx) >= 6:
            break
        if bare_credit(raw[k], known):
            break  # a bracket of names alone is the item's credit (below), never a headline line after it
        if saw_blank and tail_idx:
            pass
        tail_idx.append(k)
        saw_blank = False
        k -= 1
    blank_before_tail = saw_blank
    headline_lines: list[str] = []
    if tail_idx:  # line 0 opens the item: it is never part of a headline after it
        boundary = clean[k]
        if blank_before_tail or _byline(raw[k], known) or ends_sentence(boundary):
            first = tail_idx[-1]
            headline_lines = clean[first : j + 1]
            j = k
    # 2. byline lines before that
    byline: list[str] = []
    while j >= 0:
        if not clean[j]:
            j -= 1
            continue
        if j > 0 and _byline(raw[j], known):
            byline.insert(0, raw[j])
            j -= 1
            continue
        m = _glued_byline(raw[j])
        if m and not byline and _byline(m.group(2), known):
            byline.insert(0, m.group(2))
            raw[j] = m.group(1)
            clean[j] = clean_line(m.group(1))
        elif not byline and j > 0 and clean[j - 1] and (two := _byline_over_two_lines(raw[j - 1], raw[j], known)):
            # a bracketed byline closing the item, broken over its last two lines
            head, credit = two
            byline.insert(0, credit)
            j -= 1
            if head:
                raw[j], clean[j] = head, clean_line(head)
            else:
                j -= 1
        elif not byline and (bare := _BARE_TAIL_RE.match(raw[j])) and bare_credit(bare.group(2), known):
            # a bracket of names alone closing the item (…赠送图书500余册。（孙丽）): its reporters' credit
            if bare.group(1):
                byline.insert(0, bare.group(2))
                raw[j] = bare.group(1)
                clean[j] = clean_line(bare.group(1))
            else:
                p = j - 1
                while p > 0 and not clean[p]:
                    p -= 1
                if ends_sentence(clean[p]):
                    byline.insert(0, raw[j])
                    j = p
        break
    return j + 1, byline, headline_lines


# A bracketed byline at the end of an item's text: …新增图书2000余册。（记者 姬晓燕 通讯员 麻建军）
_BRACKET_BYLINE_TAIL_RE = re.compile(
    r"^(.*[。！？”’])?\s*([（(]\s*(?:本报)?(?:全媒体|融媒体|见习|实习)?(?:记者|通讯员|实习生)[^（）()。！？]*[）)])\s*$"
)


def _byline_over_two_lines(first: str, last: str, known) -> tuple[str, str] | None:
    """(the text before it, the byline) when a bracketed byline closing an item starts on ``first`` and ends on
    ``last`` (…余册。（记者 姬晓燕 通讯员 麻 / 建军）); the lines join without a space (a name may be broken)."""
    m = _BRACKET_BYLINE_TAIL_RE.match(first + last)
    if not m or len(m.group(1) or "") >= len(first):
        return None  # the bracket opens on the last line: a one-line byline, found as such
    credit = _spaced_roles(m.group(2))
    return ((m.group(1) or "").rstrip(), credit) if _byline(credit, known) else None


def _feature_starts(raw: list[str], clean: list[str], a: int, b: int, known) -> list[tuple[int, int]]:
    """Inside lines ``a..b``: features printed without 本报讯 — a headline, then a byline line
    (本报记者 X 通讯员 Y), then body text. Returns (byline line index, first headline line index)."""
    out: list[tuple[int, int]] = []
    for k in range(a + 1, b):
        if not clean[k] or not _byline(raw[k], known):
            continue
        # after it: body text (two or more lines, one of them not headline-like, a sentence end)
        after = [line for line in clean[k + 1 : b] if line]
        if len(after) < 2 or all(is_headline_like(line) for line in after[:3]):
            continue
        if not any(ends_sentence(line) or "。" in line for line in after):
            continue
        if _byline(raw[k + 1], known) if k + 1 < b else False:
            continue
        # before it: headline lines, and before those the end of the previous article
        j = k - 1
        heads = 0
        while j > a and (not clean[j] or (is_headline_like(clean[j]) and not _byline(raw[j], known))):
            heads += bool(clean[j])
            j -= 1
        if heads == 0 or heads > 4:
            continue
        if not (_byline(raw[j], known) or ends_sentence(clean[j])):
            continue
        out.append((k, j + 1))
    return out


def start_kind(raw: list[str], clean: list[str], i: int) -> str:
    """What kind of item starts at line ``i`` ("" when none): 本报讯, a wire dateline, a bracketed opening byline
    followed by text, a bullet of a 简讯 column."""
    line = raw[i]
    if not clean[i]:
        return ""
    if is_marker_line(line):
        return "marker"
    first = clean[i][0]
    if first in _BULLETS and len(clean[i]) > 2:  # (BULLET_RE.match on a stripped line)
        return "bullet"
    if first not in "（(" and first not in _AGENCY_FIRST:
        return ""
    # a dateline or bracket may be broken over lines: read this line and the next two
    joined = "".join(clean[i : i + 3])
    if first not in "（(":
        return "wire" if "电" in joined and WIRE_RE.match(joined) else ""
    m = OPEN_BYLINE_RE.match(joined)
    if m and _byline(m.group(0), frozenset()):
        # the text goes on after the bracket on the line where it closes (else it is a closing byline)
        end, edge = m.end(), 0
        for line in clean[i : i + 3]:
            edge += len(line)
            if end < edge:
                return "open_byline"
            if end == edge:
                return ""
    return ""


def _has_body(clean: list[str]) -> bool:
    """Does the text hold prose (a line that cannot be a headline)?"""
    return any(line and not is_headline_like(line) for line in clean)


def _heading_end(raw: list[str], clean: list[str], a: int, b: int, known) -> int:
    """In lines ``a..b`` (an item without a marker), where its headline lines end: the blank-separated groups
    at the start that are all headline-like, when prose follows them; else ``a`` (no headline)."""
    k = a
    while k < b and not clean[k]:
        k += 1
    heads_end = a
    groups = 0
    while k < b and groups < 3:
        j = k
        while j < b and clean[j]:
            j += 1
        group = clean[k:j]
        if len(group) > 4 or not all(is_headline_like(x) and not _byline(raw[k + n], known)
                                      for n, x in enumerate(group)):
            break
        if not _has_body(clean[j:b]):
            break
        heads_end = j
        groups += 1
        k = j
        while k < b and not clean[k]:
            k += 1
    return heads_end


def _closing_splits(raw: list[str], clean: list[str], a: int, b: int, known) -> list[tuple[int, str, int]]:
    """Inside one item's lines ``a..b``: where another item starts without a marker — after a closing byline
    (``记者 张三``, ``（记者 张三）``, ``记者 张三 报道``, ``张三/摄``) with prose after it, or at a photo
    caption (``图为…``) that ends on a photo credit. Returns (first line, why, its headline's first line) of each
    new item."""
    out: list[tuple[int, str, int]] = []
    k = a + 1
    while k < b:
        if not clean[k]:
            k += 1
            continue
        if _closing(raw[k], known) and not _inside_bracket(clean, a, k):
            j = k + 1
            while j < b and (not clean[j] or _byline(raw[j], known)):
                j += 1
            if j < b and _has_body(clean[j:b]):
                out.append((k + 1, "after_byline", k + 1))
            k = j
            continue
        if "图" in clean[k] and _CAPTION_RE.match(clean[k]):  # (every caption opening holds 图)
            # its headline line goes with it: a headline-like line right before, after the end of a sentence
            h = k
            if k - 1 > a and clean[k - 1] and is_headline_like(clean[k - 1]) and not _byline(raw[k - 1], known):
                h = k - 1
            before = clean[h - 1]
            credited = any(is_photo_credit(raw[j], known) for j in range(k, min(b, k + 10)) if clean[j])
            if (not before or ends_sentence(before) or _byline(raw[h - 1], known)) and (
                credited or BULLET_RE.match(clean[k])
            ) and (not out or out[-1][0] < h):
                out.append((k, "caption", h))
        k += 1
    return out


def _inside_bracket(clean: list[str], a: int, k: int) -> bool:
    """Is line ``k`` inside a bracket opened on the lines before it (本报讯（记者 甲\n通讯员 乙）…)? Only the
    item's first lines are looked at: an opening byline is all a bracket spans there."""
    if k - a > 3:
        return False
    before = "".join(clean[a:k])
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _headline_splits(raw: list[str], clean: list[str], a: int, b: int, known) -> list[tuple[int, int]]:
    """Inside lines ``a..b``: an item with no marker printed under its own headline and closed by its own byline
    (``记者 张三``, ``（记者 张三 通讯员 李四）``). The headline: one to three headline-like lines after the end
    of a sentence, none of them as wide as the column's prose lines; prose after them, then a closing byline.
    Returns (first prose line, first headline line) of each."""
    out: list[tuple[int, int]] = []
    next_closing = {b: b}
    for j in range(b - 1, a - 1, -1):
        next_closing[j] = j if clean[j] and _closing(raw[j], known) else next_closing[j + 1]
    if next_closing[a] >= b:
        return out
    first_closing = next_closing[a]
    col = column_width(clean[a:b])
    if not col:
        return out
    for k in range(a + 1, first_closing):
        if not clean[k] or not is_headline_like(clean[k]) or _byline(raw[k], known):
            continue
        p = k - 1
        while p > a and not clean[p]:
            p -= 1
        if not (ends_sentence(clean[p]) or _byline(raw[p], known)) or (p == k - 1 and not ends_sentence(clean[p])):
            continue
        m = k
        while m < b and m - k < 3 and clean[m] and is_headline_like(clean[m]) and not _byline(raw[m], known):
            m += 1
        q = m
        while q < b and not clean[q]:
            q += 1
        if q >= b or is_headline_like(clean[q]) and width(clean[q]) < col - 3:
            continue
        # blank lines around it and an item's opening under it (8月25日，…): a headline, whatever its width
        set_apart = p < k - 1 and q > m and bool(_ITEM_OPENING_RE.match(clean[q]))
        if any(_CLAUSE_MARKS & set(line) or not set_apart and (
                abs(width(line) - col) <= 0.5 or abs(width(line) - col + 2) <= 0.5) for line in clean[k:m]):
            continue  # a clause, or as wide as a line of prose (indented or not): a line of the column
        # the prose under it opens as a news item does (its date), or the headline stands apart (a blank line
        # after it) over a full line of prose (not the rest of a sentence broken by a column: 相关工作情况。)
        if not (_ITEM_OPENING_RE.match(clean[q]) or (q > m and width(clean[q]) >= col - 2.5)):
            continue
        # the prose after it ends on its own byline
        if next_closing[q] < b:
            out.append((q, k))
    return out


def split_page(text: str, known: Iterable[str] = ()) -> SplitPage:
    """Split page text into article chunks and the headline groups around them; page furniture is taken off
    first, wherever it stands."""
    known = known_names(known)  # one set (the key of the splitter's memos)
    furniture: list[str] = []
    raw_lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        rest, removed = strip_furniture(line)
        if removed:
            furniture.extend(removed)
            if not rest.strip():
                continue  # the whole line was furniture: drop it, so the lines around it join again
        raw_lines.append(" ".join(rest.split()))
    clean = [clean_line(line) for line in raw_lines]
    n = len(raw_lines)
    starts = [(i, kind) for i in range(n) if (kind := start_kind(raw_lines, clean, i))]
    if not starts and not any(clean[i] and (_byline(raw_lines[i], known) or is_photo_credit(raw_lines[i], known))
                              for i in range(n)):
        return SplitPage(chunks=[], gaps=[], furniture=furniture)

    first = starts[0][0] if starts else n
    # (start, end, kind, headline lines before it in the gap, its own headline lines)
    pieces: list[tuple[int, int, str, list[str], list[str]]] = []
    gaps: list[list[list[str]]] = [[]]
    # text before the first item: headline lines for it, or an item of its own when it holds prose
    if _has_body(clean[:first]):
        h = _heading_end(raw_lines, clean, 0, first, known)
        f = h
        while f < first and not clean[f]:
            f += 1
        # a feature at the top of the page: its headline, its byline line (全媒体记者：甲 乙), then its text
        opens_feature = f < first and _byline(raw_lines[f], known) and _has_body(clean[f + 1 : first])
        heads = [line for line in clean[:h] if line]
        segments = [(f, first, "feature", heads)] if opens_feature else [(h, first, "preamble", heads)]
    else:
        gaps[0] = _groups(clean[:first])
        segments = []
    bounds = [*(i for i, _ in starts), n]
    segments += [(a, b, kind, []) for (a, kind), b in zip(starts, bounds[1:], strict=True)]
    for a, b, kind, own in segments:
        start, before = a, []
        features = _feature_starts(raw_lines, clean, a, b, known)
        subs = [(k, head_start, "feature") for k, head_start in features]
        # an item ends on its own byline: one printed under a headline inside this item is another item's only
        # when this one has its byline already, at its start (本报讯（记者 …）, a wire dateline, （记者 …）)
        opened_with_byline = kind in ("wire", "open_byline", "feature") or (
            kind == "marker" and bool(_RAW_LEAD_RE.match("".join(x for x in raw_lines[a : a + 3] if x)))
        )
        # (a feature opens with its byline line: inside it too)
        ranges = [(a + (kind == "feature"), b)] if opened_with_byline else []  # (after a feature's byline line)
        ranges += [(f + 1, b) for f, _ in features]
        for lo, hi in ranges:
            for k, head_start in _headline_splits(raw_lines, clean, lo, hi, known):
                if not any(h <= k <= f for f, h in features):
                    features.append((k, head_start))
                    subs.append((k, head_start, "headline"))
        for k, why, head_start in _closing_splits(raw_lines, clean, a, b, known):
            # not where a feature (headline, then its byline line) starts anyway, nor at its own byline line
            if not any(h - 1 <= k <= f + 1 or (k <= h and not _has_body(clean[k:h])) for f, h in features):
                subs.append((k, head_start, why))
        subs.sort()
        for k, head_start, why in subs:
            if head_start <= start:
                continue
            pieces.append((start, head_start, kind, before, own))
            if why == "after_byline":
                h = _heading_end(raw_lines, clean, k, b, known)
                start, kind, before, own = h, why, [], [line for line in clean[k:h] if line]
            elif why == "feature":
                start, kind, before, own = k, why, clean[head_start:k], []
            else:  # its headline, found with it, is its own
                start, kind, before, own = k, why, [], [line for line in clean[head_start:k] if line]
        pieces.append((start, b, kind, before, own))

    chunks: list[Chunk] = []
    for a, b, kind, before, own in pieces:
        if before:
            gaps[-1].extend(_groups(before))
        raw, cl = raw_lines[a:b], clean[a:b]
        if kind == "feature":
            # a feature: its byline line first, then the body, whose tail is peeled like any chunk's
            end, byline, headline_lines = _peel_tail(["", *raw[1:]], ["", *cl[1:]], known)
            chunks.append(
                Chunk(raw_lines=raw[1:end], lines=cl[1:end], lead_byline=raw[0], byline_lines=byline,
                      has_marker=False, start=kind, own_head=own)
            )
            gaps.append(_groups(headline_lines))
            continue
        end, byline, headline_lines = _peel_tail(raw, cl, known)
        lead = ""
        if kind == "marker":
            # the bracket may be broken over lines, even inside a word (通讯\n员): join without a space,
            # then put spaces back around the role words
            m = _RAW_LEAD_RE.match("".join(x for x in raw[:3] if x))
            if m and any(w in m.group(1).replace("／", "/").replace(" ", "") for w in _LEAD_BYLINE_WORDS):
                lead = _spaced_roles(m.group(1))
        elif kind in ("wire", "open_byline"):
            m = (WIRE_RE if kind == "wire" else OPEN_BYLINE_RE).match("".join(x for x in cl[:3] if x))
            if m and m.group("byline") and _byline(m.group("byline"), known):
                lead = _spaced_roles(m.group("byline"))
        if end == 0 and not byline and not any(cl):
            # nothing in it: its lines stay in the gap before the next item
            gaps[-1].extend([own] if own else [])
            gaps[-1].extend(_groups(headline_lines))
            continue
        chunks.append(Chunk(raw_lines=raw[:end], lines=cl[:end], lead_byline=lead, byline_lines=byline,
                            has_marker=kind == "marker", start=kind, own_head=own))
        gaps.append(_groups(headline_lines))
    if not chunks:
        return SplitPage(chunks=[], gaps=[], furniture=furniture)
    return SplitPage(chunks=chunks, gaps=gaps, furniture=furniture)


def split_lead(paragraph: str, start: str = "marker") -> tuple[str, str]:
    """``(the item's opening as printed, the rest)``: 本报讯 with its bracketed byline, a wire dateline
    (``新华社北京10月19日电（记者 甲）``), an opening ``（记者 张三）`` or a bullet, whatever opened the item."""
    if start == "wire":
        m = WIRE_RE.match(paragraph)
        if m:
            return paragraph[: m.end()], paragraph[m.end() :]
    elif start == "open_byline":
        m = OPEN_BYLINE_RE.match(paragraph)
        if m:
            return paragraph[: m.end()], paragraph[m.end() :]
    elif start in ("bullet", "caption"):
        m = BULLET_RE.match(paragraph)
        bullet = m.group(0) if m else ""
        rest = paragraph[len(bullet) :]
        if MARKER_RE.match(rest):
            head, rest = split_lead(rest)
            return bullet + head, rest
        return bullet, rest
    rest = strip_lead(paragraph)
    return paragraph[: len(paragraph) - len(rest)], rest


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
