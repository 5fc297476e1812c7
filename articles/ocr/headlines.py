"""Headlines: which article a headline block belongs to, its kicker/title/subtitle, and a title made
from the lead when none is printed.

A block printed between two articles may belong to either (a headline printed after its article, as
on the seed page, or before it). It goes to the article whose body shares more of its words (jieba
keywords, counted in each body), not by position alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..search.tokenizer import Tokenizer
from .lexicon import keywords, keywords_of
from .normalize import width
from .types import ParsedPerson

_DASH_RE = re.compile(r"^\s*(?:——|—|－－|－|--|-|─+)\s*")
_BRACKETED_RE = re.compile(r"^[（(【\[].*[）)】\]]$")
_MIN_SCORE = 0.5


def line_score(line: str, body: str, words: Tokenizer | None = None, found: list[str] | None = None) -> float:
    """How much a headline line is about a body: its keywords (cut by ``words``, the page's tokenizer; or
    ``found``, when the caller has them already) found in the body, each counted once, plus a little for repeats
    (capped)."""
    score = 0.0
    for word in keywords(line, words) if found is None else found:
        hits = body.count(word)
        if hits:
            score += 1.0 + 0.2 * min(hits, 5) + 0.1 * (len(word) - 2)
    return score


def _keywords(line: str, words: Tokenizer | None, cache: dict[str, list[str]] | None) -> list[str]:
    """``keywords(line, words)``, kept in ``cache`` when given (a page's lines, cut by its tokenizer, are cut once
    for :func:`assign` and :func:`parts` both)."""
    if cache is None:
        return keywords(line, words)
    found = cache.get(line)
    if found is None:
        found = cache[line] = keywords(line, words)
    return found


def _split_score(lines: list[str], boundaries: set[int], s: int, prev_scores, next_scores) -> float:
    total = sum(prev_scores[:s]) + sum(next_scores[s:])
    if s in boundaries:
        total += 0.75
    for count in (s, len(lines) - s):
        if count > 3:
            total -= 2.0 * (count - 3)
    return total


def assign(
    gaps: Sequence[Sequence[Sequence[str]]],
    bodies: Sequence[str],
    *,
    after_byline: Sequence[bool] = (),
    words: Tokenizer | None = None,
    keyword_cache: dict[str, list[str]] | None = None,
) -> tuple[list[list[str]], list[list[str]]]:
    """Give each article its headline lines.

    ``gaps[i]`` holds the blank-separated groups printed before article ``i`` (``gaps[len(bodies)]``
    after the last one). Returns ``(headlines, notes)``, one list of lines and one list of review notes
    per article.
    """
    n = len(bodies)
    offers: list[list[tuple[float, list[str]]]] = [[] for _ in range(n)]
    notes: list[list[str]] = [[] for _ in range(n)]
    if n == 0:
        return [], []
    # the page's headline lines cut in one call, each line once
    if keyword_cache is None:
        keyword_cache = {}
    new = [line for line in dict.fromkeys(line for groups in gaps for group in groups for line in group)
           if line not in keyword_cache]
    keyword_cache.update(zip(new, keywords_of(new, words), strict=True))
    for gi, groups in enumerate(gaps):
        lines = [line for group in groups for line in group]
        if not lines:
            continue
        boundaries = {0, len(lines)}
        pos = 0
        for group in groups:
            pos += len(group)
            boundaries.add(pos)
        prev_i = gi - 1 if gi >= 1 else None
        next_i = gi if gi < n else None
        # each line cut once, scored against both bodies
        found = [_keywords(line, words, keyword_cache) for line in lines]
        prev_scores = [line_score(line, bodies[prev_i], found=kw) for line, kw in zip(lines, found, strict=True)] \
            if prev_i is not None else None
        next_scores = [line_score(line, bodies[next_i], found=kw) for line, kw in zip(lines, found, strict=True)] \
            if next_i is not None else None
        if prev_scores is None or next_scores is None:
            target = prev_i if prev_i is not None else next_i
            scores = prev_scores if prev_scores is not None else next_scores
            if sum(scores) >= _MIN_SCORE or (target == next_i and gi == 0 and len(lines) <= 3):
                offers[target].append((sum(scores), lines))
            else:
                notes[target].append("有标题行未能归属，已留在版面残留文字中（unplaced headline lines: see the page's residue）")
            continue
        # a block after a byline is the previous article's (printed after it), unless that one has its
        # headline already (printed before it): then a block nobody's words claim is the next one's
        prefer_prev = (bool(after_byline[prev_i]) if prev_i < len(after_byline) else False) and not offers[prev_i]
        best_s, best = None, None
        order = range(len(lines), -1, -1) if prefer_prev else range(0, len(lines) + 1)
        for s in order:
            value = _split_score(lines, boundaries, s, prev_scores, next_scores)
            if best is None or value > best + 1e-9:
                best_s, best = s, value
        assert best_s is not None
        if best_s > 0:
            offers[prev_i].append((sum(prev_scores[:best_s]), lines[:best_s]))
        if best_s < len(lines):
            offers[next_i].append((sum(next_scores[best_s:]), lines[best_s:]))
    headlines: list[list[str]] = []
    for i in range(n):
        if not offers[i]:
            headlines.append([])
            continue
        offers[i].sort(key=lambda o: -o[0])
        headlines.append(list(offers[i][0][1]))
        for _, extra in offers[i][1:]:
            notes[i].append("多余的标题行已留在版面残留文字中：" + " / ".join(extra))
    return headlines, notes


def _strip_dash(line: str) -> str:
    return _DASH_RE.sub("", line).strip()


def _is_subtitle_form(line: str) -> bool:
    return bool(_DASH_RE.match(line)) or bool(_BRACKETED_RE.match(line))


def parts(
    lines: Sequence[str], body: str = "", words: Tokenizer | None = None,
    keyword_cache: dict[str, list[str]] | None = None,
) -> tuple[str, str, str, list[str]]:
    """(kicker, title, subtitle, notes) of an article's headline lines.

    One line: the title. Two lines: a line starting with a dash (——) or in brackets is the subtitle;
    otherwise the more topical line (keywords shared with the body per keyword; shorter on a tie) is
    the title, and the other is the kicker (above it) or the subtitle (below it). Three lines: kicker,
    title, subtitle.
    """
    lines = [line.strip() for line in lines if line.strip()]
    notes: list[str] = []
    # a very short line after a long one continues it (a title wrapped over two lines)
    merged: list[str] = []
    for line in lines:
        if merged and width(line) <= 4 and width(merged[-1]) >= 12 and not _is_subtitle_form(line):
            merged[-1] += line
        else:
            merged.append(line)
    lines = merged
    if not lines:
        return "", "", "", notes
    if len(lines) == 1:
        return "", _strip_dash(lines[0]), "", notes
    if len(lines) == 2:
        a, b = lines
        if _is_subtitle_form(b):
            return "", a, _strip_dash(b).strip("（）()【】[]"), notes
        if _is_subtitle_form(a):
            return "", b, _strip_dash(a).strip("（）()【】[]"), notes
        if a.endswith(("：", ":")):
            return a.rstrip("：:"), b, "", notes
        density_a = _density(a, body, words, keyword_cache)
        density_b = _density(b, body, words, keyword_cache)
        if density_a > density_b * 1.25 or (abs(density_a - density_b) <= density_b * 0.25 and len(a) < len(b)):
            return "", a, b, notes
        return a, b, "", notes
    if len(lines) > 3:
        notes.append("标题行多于三行，请核对（more than three headline lines）")
    kicker, title = lines[0], lines[1]
    subtitle = " ".join(_strip_dash(line) for line in lines[2:])
    return kicker, title, subtitle, notes


def _density(line: str, body: str, words: Tokenizer | None, cache: dict[str, list[str]] | None = None) -> float:
    found = _keywords(line, words, cache)
    if not found:
        return 0.0
    return line_score(line, body, found=found) / len(found)


# ---------------------------------------------------------------------------------------------------
# Generated titles

_DATE_PREFIX_RE = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{1,2}日|日前|近日|近期|昨日|昨天|昨晚|今天|今日|当天)"
    r"(?:至\d{1,2}(?:月\d{1,2})?日)?(?:上午|中午|下午|晚上|晚|傍晚|凌晨|早上)?[，,]?"
)


def generate_title(lead: str, people: Sequence[ParsedPerson] = (), max_len: int = 32) -> str:
    """A title made from the lead's first clause, titles of people taken out:
    ``高新区党工委书记张红军会见…主委吴志强`` -> ``张红军会见吴志强一行``."""
    text = _DATE_PREFIX_RE.sub("", lead.strip(), count=1)
    clauses = [c for c in re.split(r"[，。；！？,;!?]", text) if c.strip()]
    # "记者从…了解到" / "记者…获悉" says where the news came from, not what it is
    while len(clauses) > 1 and re.search(r"记者|了解到|获悉|据悉|据了解", clauses[0]):
        clauses.pop(0)
    clause = clauses[0] if clauses else ""
    for person in sorted(people, key=lambda p: -len(p.title)):
        if person.title:
            clause = clause.replace(person.title + person.name, person.name)
    clause = clause.strip()
    names = [p.name for p in people]
    m = re.search(r"(会见|会晤|接见)(.+)$", clause)
    if m and any(m.group(2).endswith(n) for n in names):
        clause += "一行"
    if len(clause) > max_len:
        clause = clause[:max_len]
    return clause
