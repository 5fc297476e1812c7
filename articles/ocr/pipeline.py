"""parse_page: OCR page text -> ParsedPage. Pure: no Django, no I/O, deterministic."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from . import headlines as hl
from .bylines import merge_credits, parse_credits
from .dates import find_date
from .entities import KnownPeople, PeopleFinder, find_meetings, find_organizations
from .lexicon import tokenizer
from .normalize import join_paragraphs
from .split import split_lead, split_page
from .topics import suggest_topics
from .types import (
    KIND_BRIEF,
    KIND_NEWS,
    KIND_PHOTO,
    ROLE_PHOTOGRAPHER,
    ROLE_WRITER_PHOTOGRAPHER,
    KnownPerson,
    KnownTopic,
    PageError,
    ParsedArticle,
    ParsedCredit,
    ParsedPage,
)

# The longest article a printed page can hold is a few thousand characters (a whole broadsheet page, some
# fifteen thousand). Text far beyond that under one 本报讯 is not a page's OCR (a file joined into one line, a
# dump): it is refused with a clear error rather than analysed for minutes.
MAX_ARTICLE_CHARS = 60_000
# A printed page holds a few dozen items at most (a 简讯 column, a page of photo news); hundreds are a dump.
MAX_ITEMS = 300
# A photo news item is its caption: short, or saying 图为.
PHOTO_MAX_CHARS = 160

_UNMARKED_NOTES = {
    "feature": "没有“本报讯”：按署名行识别的稿件（feature without 本报讯, found by its byline）",
    "after_byline": "没有“本报讯”：在上一篇的署名之后识别为另一篇稿件，请核对（item found after the previous byline）",
    "preamble": "没有“本报讯”：版面开头的文字，识别为一篇稿件，请核对（text above the first item）",
    "headline": "没有“本报讯”：按标题和文末署名识别为另一篇稿件，请核对（item found by its headline and closing byline）",
    "caption": "图片说明识别为图片新闻，请核对（photo caption found as its own item）",
}


def parse_page(
    text: str,
    *,
    issue_date: dt.date | None = None,
    year: int | None = None,
    known_people: Iterable[KnownPerson] = (),
    known_organizations: Iterable[str] = (),
    known_topics: Iterable[KnownTopic] = (),
) -> ParsedPage:
    """Turn the OCR text of one printed page into its articles."""
    if not isinstance(text, str):
        raise PageError("页面中没有“本报讯”，找不到文章（no 本报讯 marker: not a news page）")
    known_people = KnownPeople.of(known_people)  # an import run hands every page the same
    known_organizations = tuple(known_organizations)
    known_topics = tuple(known_topics)
    if year is None and issue_date is not None:
        year = issue_date.year
    names = known_people.names
    words = tokenizer(names)  # the page is cut with its known people's names as words

    split = split_page(text, names)
    if not split.chunks:
        raise PageError("页面中没有“本报讯”、电头或署名，找不到文章（no 本报讯, dateline or byline: not a news page）")
    if len(split.chunks) > MAX_ITEMS:
        raise PageError(
            f"一个版面拆出 {len(split.chunks)} 篇稿件（上限 {MAX_ITEMS} 篇），不像报纸版面（too many items for one page）"
        )

    drafts = []
    for chunk in split.chunks:
        size = sum(map(len, chunk.lines))
        if size > MAX_ARTICLE_CHARS:
            raise PageError(
                f"一篇稿件长达 {size} 字（上限 {MAX_ARTICLE_CHARS} 字），不像报纸版面的文字"
                "（article text too long: not a printed page）"
            )
        paragraphs = join_paragraphs(chunk.lines)
        opening = ""
        if paragraphs:
            opening, paragraphs[0] = split_lead(paragraphs[0], chunk.start)
            if not paragraphs[0]:
                paragraphs.pop(0)
        credits = merge_credits(
            parse_credits(chunk.lead_byline, names) if chunk.lead_byline else [],
            *(parse_credits(line, names) for line in chunk.byline_lines),
        )
        drafts.append((chunk, paragraphs, credits, opening))

    bodies = ["\n".join(p) for _, p, _, _ in drafts]
    # a block after a byline is that item's headline printed after it, except after a 简讯 item's credit (■…。
    # （孙丽）): the column prints no headlines, so the block is the next item's
    keyword_cache: dict[str, list[str]] = {}  # each headline line of the page is cut once
    heads, head_notes = hl.assign(
        split.gaps, bodies, after_byline=[bool(c.byline_lines) and c.start != "bullet" for c, _, _, _ in drafts],
        words=words, keyword_cache=keyword_cache,
    )
    # an item found with its own headline (under it, or right after the previous item's byline) keeps it; what
    # the gaps would have given it stays unclaimed
    for i, (chunk, _, _, _) in enumerate(drafts):
        if chunk.own_head:
            heads[i] = list(chunk.own_head)
    # every headline line printed in a gap is some article's, or the page's residue
    unclaimed = Counter(line for gap in split.gaps for group in gap for line in group)
    unclaimed.subtract(line for (chunk, _, _, _), head in zip(drafts, heads, strict=True) for line in head
                       if not chunk.own_head)
    residue = []
    for gap in split.gaps:
        for group in gap:
            left = []
            for line in group:
                if unclaimed[line] > 0:
                    unclaimed[line] -= 1
                    left.append(line)
            if left:
                residue.append("\n".join(left))

    finder = PeopleFinder(known_people, known_organizations, words=words)
    staff = {c.name for _, _, credits, _ in drafts for c in credits}
    articles: list[ParsedArticle] = []
    for (chunk, paragraphs, credits, opening), head, notes in zip(drafts, heads, head_notes, strict=True):
        needs_review = list(notes)
        lead = paragraphs[0] if paragraphs else ""
        kind = _kind(chunk.start, paragraphs, credits)
        if kind == KIND_PHOTO and not any(w in (chunk.lead_byline + "".join(chunk.byline_lines)).replace("／", "/")
                                          for w in ("文/图", "图/文", "图文")):
            # 记者 周涛 摄 under a photo: he took the picture, there is no text of his
            credits = [ParsedCredit(c.name, ROLE_PHOTOGRAPHER) if c.role == ROLE_WRITER_PHOTOGRAPHER else c
                       for c in credits]
        # a wire item's date is in its dateline (新华社北京10月19日电)
        date_info = find_date(opening + lead if chunk.start == "wire" else lead, issue_date=issue_date, year=year)
        needs_review.extend(date_info.notes)
        people = finder.find(paragraphs, exclude=staff)
        organizations = find_organizations(paragraphs, known_organizations, [p.name for p in people])
        meetings = find_meetings(paragraphs, people)
        for meeting in meetings:
            meeting.date, meeting.end_date = date_info.date, date_info.end_date
            meeting.time_of_day = date_info.time_of_day
        kicker, title, subtitle, head_review = hl.parts(head, "\n".join(paragraphs), words, keyword_cache)
        needs_review.extend(head_review)
        generated = False
        if not title:
            title = hl.generate_title(lead.removeprefix("图为") if kind == KIND_PHOTO else lead, people)
            generated = True
            needs_review.append("标题由导语生成，请核对（title generated from the lead）")
        if not credits:
            needs_review.append("未找到署名（no byline found）")
        if chunk.has_marker and chunk.lead_byline and _alnum(opening) == _alnum("本报讯" + chunk.lead_byline):
            source_line = "本报讯" + f"（{chunk.lead_byline.strip()}）"
        else:
            source_line = opening.strip()
        if chunk.start in _UNMARKED_NOTES:
            needs_review.append(_UNMARKED_NOTES[chunk.start])
        byline = [chunk.lead_byline] if chunk.start == "feature" else []
        byline += chunk.byline_lines
        articles.append(
            ParsedArticle(
                title=title,
                kicker=kicker,
                subtitle=subtitle,
                title_is_generated=generated,
                kind=kind,
                paragraphs=paragraphs,
                source_line=source_line,
                date=date_info.date,
                date_text=date_info.date_text,
                time_of_day=date_info.time_of_day,
                credits=credits,
                people=people,
                organizations=organizations,
                meetings=meetings,
                topics=suggest_topics(known_topics, f"{kicker} {title} {subtitle}", paragraphs),
                needs_review=needs_review,
                byline=byline,
            )
        )
    return ParsedPage(articles=articles, residue=residue, furniture=split.furniture)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _kind(start: str, paragraphs: list[str], credits) -> str:
    """消息, 图片新闻 (a caption with a photo credit) or 简讯 (an item of a short-news column)."""
    size = sum(len(p) for p in paragraphs)
    photo_credit = any(c.role in (ROLE_PHOTOGRAPHER, ROLE_WRITER_PHOTOGRAPHER) for c in credits)
    caption = any(p.lstrip("▲■●◆△ ").startswith(("图为", "上图", "下图")) for p in paragraphs) or any(
        "。图为" in p for p in paragraphs
    )
    if start == "caption" or (photo_credit and (caption or (size <= PHOTO_MAX_CHARS and start != "marker"))) or (
        caption and size <= PHOTO_MAX_CHARS
    ):
        return KIND_PHOTO
    if start == "bullet":
        return KIND_BRIEF
    return KIND_NEWS
