"""parse_page: OCR page text -> ParsedPage. Pure: no Django, no I/O, deterministic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import headlines as hl
from .bylines import merge_credits, parse_credits
from .dates import find_date
from .entities import PeopleFinder, find_meetings, find_organizations
from .lexicon import tokenizer
from .normalize import join_paragraphs
from .split import split_page, strip_lead
from .topics import suggest_topics
from .types import KnownPerson, KnownTopic, PageError, ParsedArticle, ParsedPage

# The longest article a printed page can hold is a few thousand characters (a whole broadsheet page, some
# fifteen thousand). Text far beyond that under one 本报讯 is not a page's OCR (a file joined into one line, a
# dump): it is refused with a clear error rather than analysed for minutes.
MAX_ARTICLE_CHARS = 60_000


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
    if not isinstance(text, str) or "本报讯" not in text.replace(" ", ""):
        raise PageError("页面中没有“本报讯”，找不到文章（no 本报讯 marker: not a news page）")
    known_people = tuple(known_people)
    known_organizations = tuple(known_organizations)
    known_topics = tuple(known_topics)
    if year is None and issue_date is not None:
        year = issue_date.year
    known_names = [p.name for p in known_people]
    words = tokenizer(known_names)  # the page is cut with its known people's names as words

    split = split_page(text, known_names)
    if not split.chunks:
        raise PageError("页面中没有“本报讯”开头的文章（no article starts with 本报讯）")

    drafts = []
    for chunk in split.chunks:
        size = sum(len(line) for line in chunk.lines)
        if size > MAX_ARTICLE_CHARS:
            raise PageError(
                f"一篇稿件长达 {size} 字（上限 {MAX_ARTICLE_CHARS} 字），不像报纸版面的文字"
                "（article text too long: not a printed page）"
            )
        paragraphs = join_paragraphs(chunk.lines)
        if paragraphs:
            paragraphs[0] = strip_lead(paragraphs[0])
            if not paragraphs[0]:
                paragraphs.pop(0)
        credits = merge_credits(
            parse_credits(chunk.lead_byline, known_names) if chunk.lead_byline else [],
            *(parse_credits(line, known_names) for line in chunk.byline_lines),
        )
        drafts.append((chunk, paragraphs, credits))

    bodies = ["\n".join(p) for _, p, _ in drafts]
    heads, head_notes = hl.assign(
        split.gaps, bodies, after_byline=[bool(c.byline_lines) for c, _, _ in drafts], words=words
    )

    finder = PeopleFinder(known_people, known_organizations, words=words)
    staff = {c.name for _, _, credits in drafts for c in credits}
    articles: list[ParsedArticle] = []
    for (chunk, paragraphs, credits), head, notes in zip(drafts, heads, head_notes, strict=True):
        needs_review = list(notes)
        lead = paragraphs[0] if paragraphs else ""
        date_info = find_date(lead, issue_date=issue_date, year=year)
        needs_review.extend(date_info.notes)
        people = finder.find(paragraphs, exclude=staff)
        organizations = find_organizations(paragraphs, known_organizations, [p.name for p in people])
        meetings = find_meetings(paragraphs, people)
        for meeting in meetings:
            meeting.date = date_info.date
            meeting.time_of_day = date_info.time_of_day
        kicker, title, subtitle, head_review = hl.parts(head, "\n".join(paragraphs), words)
        needs_review.extend(head_review)
        generated = False
        if not title:
            title = hl.generate_title(lead, people)
            generated = True
            needs_review.append("标题由导语生成，请核对（title generated from the lead）")
        if not credits:
            needs_review.append("未找到署名（no byline found）")
        if chunk.has_marker:
            source_line = "本报讯" + (f"（{chunk.lead_byline.strip()}）" if chunk.lead_byline else "")
        else:
            source_line = ""
            needs_review.append("没有“本报讯”：按署名行识别的稿件（feature without 本报讯, found by its byline）")
        articles.append(
            ParsedArticle(
                title=title,
                kicker=kicker,
                subtitle=subtitle,
                title_is_generated=generated,
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
            )
        )
    return ParsedPage(articles=articles)
