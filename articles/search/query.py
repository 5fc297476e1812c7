"""The search over readable articles: :func:`search` (:func:`search_articles`).

PostgreSQL matches a ``simple`` tsvector through a GIN index, ranked by ``ts_rank``; SQLite an FTS5 table of
the same words, ranked by ``bm25``. An article matches with every word of the query (AND), else any (OR). Only
the newest ``CANDIDATES`` matches are ranked (:func:`scored_candidates`, from the document table alone), so a
search costs about the same however common its words; :func:`result_pages` orders them, fetches pages by id.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from dataclasses import dataclass
from functools import lru_cache, reduce, wraps
from operator import or_
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from newsroom.prepared import Array, PreparedList, in_order, prepared

from ..models import Article, ArticleSearchDocument, ArticleStatus
from ..selectors import CARD_FIELDS, LIST_ORDER, readable_articles
from .analysis import search_terms
from .index import flush_pending

#: The weight of a hit in the title (A), in kicker/subtitle/people/organizations (B), in lead and body (C).
#: PostgreSQL's ts_rank takes them as {D, C, B, A} (its defaults). FTS5's bm25 adds up a term's weighted hits
#: before it saturates them, so its title needs more weight to outrank a body that repeats the word.
PG_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FTS_WEIGHTS = (10.0, 4.0, 1.0)
FTS_TABLE = "articles_search_fts"

# -- the two backends --------------------------------------------------------------------------------------


def _fts_query(terms: list[str], operator: str) -> str:
    """An FTS5 query for ``terms``: each a quoted string (a phrase if FTS5 cuts it further)."""
    return f" {operator} ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


def _sqlite_ranking(articles: QuerySet[Article], fts: str, low: int, high: int) -> QuerySet[Article]:
    # bm25() needs the MATCH in the same query and no ORM expression names a virtual table, hence extra().
    # The range of the candidates' ids bounds what FTS5 reads: their matches, not every match of the words.
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    return articles.extra(  # noqa: S610 - a fixed table name; the query and the ids are parameters
        tables=[FTS_TABLE],
        where=[
            f'{FTS_TABLE}.rowid = "{Article._meta.db_table}"."id"',
            f"{FTS_TABLE} MATCH %s",
            f"{FTS_TABLE}.rowid BETWEEN %s AND %s",
        ],
        params=[fts, low, high],
        select={"rank": f"-bm25({FTS_TABLE}, {weights})"},
    )


def _tsquery(terms: list[str], operator: str) -> SearchQuery:
    """The tsquery: for AND one plainto_tsquery of the words joined (it joins them with &: the same query,
    quicker to write and to parse); for OR one per word, joined with |."""
    if operator == "AND":
        return SearchQuery(" ".join(terms), config="simple", search_type="plain")
    return reduce(or_, (SearchQuery(t, config="simple", search_type="plain") for t in terms))


def _id_among(ids) -> RawSQL:
    """The article's id is one of ``ids``, one parameter whatever their number (one SQL serves any, and the
    driver writes it quicker): a PostgreSQL array (a list, or an Array when prepared); SQLite, a JSON list."""
    among = "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
    return RawSQL(f'"{Article._meta.db_table}"."id" {among}', (ids,), output_field=BooleanField())


def _ids_param(ids: list[int]):
    """``ids`` as :func:`_id_among` takes them in a prepared query."""
    return Array(ids) if connection.vendor == "postgresql" else json.dumps(ids)


def _among(articles: QuerySet[Article], ids: list[int]) -> QuerySet[Article]:
    """``articles`` whose id is one of ``ids`` (a queryset's parameter: a plain list, not an Array, on PostgreSQL)."""
    return articles.filter(_id_among(ids if connection.vendor == "postgresql" else json.dumps(ids)))


# -- the candidates: the newest matches ---------------------------------------------------------------------

#: How many matches are ranked: the newest ones (ranking reads each one's words). Older matches are found by
#: narrowing the search (the article list's date filter) or with more words.
CANDIDATES = 100

#: SQLite: words with fewer matches than SQLITE_COMMON are read all at once; others by walking the newest
#: documents in chunks (SQLITE_CHUNK first, doubling); a chunk spread over SQLITE_SPREAD x its size ends it.
SQLITE_COMMON = 1000
SQLITE_CHUNK = 500
SQLITE_SPREAD = 4

_DOCUMENTS = ArticleSearchDocument._meta.db_table
_NEWEST = "ORDER BY published_at DESC, article_id DESC"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_ids(sql: str, params: list) -> list[int]:
    return [row[0] for row in _rows(sql, params)]


def _within(articles: QuerySet[Article] | None) -> tuple[str, list]:
    """An SQL condition on ``article_id`` for a narrowed search ('' for every readable article)."""
    if articles is None:
        return "", []
    sql, params = articles.order_by().values("pk").query.sql_with_params()
    return f" AND article_id IN ({sql})", list(params)


def _sqlite_candidates(terms: list[str], operator: str, articles, now, limit: int) -> list[int]:
    match = _fts_query(terms, operator)
    if articles is None:
        # Fewer matches than SQLITE_COMMON are all read; with more, [] at once (FTS5 stops at SQLITE_COMMON,
        # and the condition on their number is tested once, before any document).
        matching = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s"
        ids = _fetch_ids(
            f"WITH matching AS MATERIALIZED (SELECT rowid {matching}) SELECT article_id FROM {_DOCUMENTS}"  # noqa: S608
            f" WHERE (SELECT count(*) FROM matching) < %s"
            f" AND article_id IN (SELECT rowid FROM matching) AND published_at <= %s {_NEWEST} LIMIT %s",
            [match, SQLITE_COMMON, SQLITE_COMMON, now, limit],
        )
        counted = f"SELECT count(*) FROM (SELECT 1 {matching})"  # noqa: S608 - none found: none, or too many?
        if ids or _rows(counted, [match, SQLITE_COMMON])[0][0] < SQLITE_COMMON:
            return ids
        ids = _sqlite_newest_matches(match, now, limit)
        if ids is not None:
            return ids
    return _sqlite_all_matches(match, articles, now, limit)


def _sqlite_all_matches(match: str, articles, now, limit: int) -> list[int]:
    """The newest ``limit`` matches of all: every match is read, then the newest kept (the cost grows with them)."""
    within, params = _within(articles)
    return _fetch_ids(
        f"SELECT article_id FROM {_DOCUMENTS} JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = article_id"  # noqa: S608
        f" WHERE {FTS_TABLE} MATCH %s AND published_at <= %s{within} {_NEWEST} LIMIT %s",
        [match, now, *params, limit],
    )


def _sqlite_newest_matches(match: str, now, limit: int) -> list[int] | None:
    """The newest ``limit`` matches, walking the newest documents a chunk at a time and asking FTS5 which of
    each chunk match, within its range of ids. None when the walk stops paying: after WALK_MAX documents, or
    at a chunk whose ids are scattered (its range holds many others: articles imported long after their date).
    """
    found: list[int] = []
    walked, size = 0, SQLITE_CHUNK
    while walked < WALK_MAX:
        chunk = _fetch_ids(
            f"SELECT article_id FROM {_DOCUMENTS} WHERE published_at <= %s {_NEWEST} LIMIT %s OFFSET %s",  # noqa: S608
            [now, size, walked],
        )
        if not chunk:
            return found  # every document walked
        low, high = min(chunk), max(chunk)
        if high - low >= SQLITE_SPREAD * len(chunk):
            return None
        matching = set(_fetch_ids(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s",  # noqa: S608
            [match, low, high],
        ))
        found += [pk for pk in chunk if pk in matching]
        if len(found) >= limit:
            return found[:limit]
        walked += len(chunk)
        size *= 2
    return None


@lru_cache(maxsize=256)
def _tsquery_sql(terms: tuple[str, ...], operator: str) -> tuple[str, tuple]:
    """The tsquery's SQL as the ORM writes it, compiled once per set of words (readers repeat searches)."""
    query = ArticleSearchDocument.objects.all().query
    sql, params = query.get_compiler(connection=connection).compile(
        _tsquery(list(terms), operator).resolve_expression(query)
    )
    return sql, tuple(params)


class Scored(NamedTuple):
    """A candidate: id, publication time (PostgreSQL: epoch seconds, cheaper to read than a datetime), place
    on its page (with the time, LIST_ORDER) and rank."""

    pk: int
    published: float | dt.datetime
    position: int
    rank: float


#: PostgreSQL's rank of a document (SearchRank's, as the ORM writes it for ``SearchResults.articles``).
_RANK_WEIGHTS = "'{" + ",".join(map(str, PG_WEIGHTS)) + "}'::real[]"


def _postgres_scored(matches: str, tsquery: tuple[str, tuple], params: list) -> list[Scored]:
    """The rows of ``matches`` (SQL: documents' article_id, published_at and vector, few) with their article's
    place and their rank: the vectors are in hand, so ranking costs no second look-up. The status condition
    (every document's article is published) lets PostgreSQL read the place from that partial index alone."""
    return [Scored(*row) for row in _rows(
        f"SELECT matches.article_id, extract(epoch FROM matches.published_at)::float8,"  # noqa: S608
        f" article.position_on_page, ts_rank({_RANK_WEIGHTS}, matches.vector, {tsquery[0]})"
        f" FROM ({matches}) AS matches JOIN {Article._meta.db_table} AS article"
        f" ON article.id = matches.article_id AND article.status = %s"
        f" ORDER BY matches.published_at DESC, matches.article_id DESC",
        [*tsquery[1], *params, ArticleStatus.PUBLISHED],  # in the order of the SQL
    )]


def _postgres_all_matches(tsquery: tuple[str, tuple], articles, now, limit: int) -> list[Scored]:
    """The newest ``limit`` matches through the GIN index: every match is read, then the newest kept.
    OFFSET 0 keeps the planner on it: it may otherwise walk the time index, a scan if its guess is wrong."""
    within, params = _within(articles)
    return _postgres_scored(
        f"SELECT article_id, published_at, vector FROM (SELECT article_id, published_at, vector FROM {_DOCUMENTS}"
        f" WHERE vector @@ {tsquery[0]} AND published_at <= %s{within} OFFSET 0) AS matching {_NEWEST} LIMIT %s",
        tsquery, [*tsquery[1], now, *params, limit],
    )


def _postgres_newest_matches(tsquery: tuple[str, tuple], now, walk: int, limit: int,
                             after: Scored | None = None) -> list[Scored]:
    """The newest ``limit`` matches among the newest ``walk`` documents (older than ``after``, if given): the
    cost grows with ``limit`` / the share that match, not with the matches."""
    older, params = ("", []) if after is None else (
        f" AND (published_at, article_id) < ((SELECT published_at FROM {_DOCUMENTS} WHERE article_id = %s), %s)",
        [after.pk, after.pk])
    return _postgres_scored(
        f"SELECT article_id, published_at, vector FROM (SELECT article_id, published_at, vector FROM {_DOCUMENTS}"
        f" WHERE published_at <= %s{older} {_NEWEST} LIMIT %s) AS newest WHERE vector @@ {tsquery[0]} {_NEWEST}"
        f" LIMIT %s",
        tsquery, [now, *params, walk, *tsquery[1], limit],
    )


def _postgres_candidates(terms: list[str], operator: str, articles, now, limit: int) -> list[Scored]:
    tsquery = _tsquery_sql(tuple(terms), operator)
    share = None if articles is not None else word_share(terms, operator)
    if share is not None and walk_pays(share, limit):
        walk = _walk_length(share, limit)
        found = _postgres_newest_matches(tsquery, now, walk, limit)
        if len(found) == limit:
            return found
        # Fewer: the words are rarer together than each alone (the statistics know each word, not the set).
        # What the walk found measures how rare: walk on from the last match, while that costs less than the
        # index (reading every match of three common words costs more than walking twice as far).
        share = len(found) / walk
        if found and walk < WALK_MAX and walk_pays(share, limit):
            further = min(_walk_length(share, limit), WALK_MAX - walk)  # both walks within WALK_MAX
            found += _postgres_newest_matches(tsquery, now, further, limit - len(found), found[-1])
            if len(found) == limit:
                return found
    return _postgres_all_matches(tsquery, articles, now, limit)


def _walk_length(share: float, limit: int) -> int:
    return min(WALK_MAX, math.ceil(WALK_MARGIN * limit / share))


def scored_candidates(terms: list[str], operator: str = "AND", articles: QuerySet[Article] | None = None,
                      limit: int = CANDIDATES) -> list[Scored]:
    """The ``limit`` newest documents matching ``terms`` whose time has come, newest first, each with its rank.

    ``articles`` (readable ones) narrows them: the newest matches of all are taken first, and when all are
    kept, or they were every match, that is the answer for one more query; else the search runs within them.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM writes it: text on SQLite
    if articles is not None and articles.query.is_empty():
        return []
    newest = _newest(terms, operator, None, now, limit)
    if articles is None:
        return newest
    kept = set(_among(articles.order_by(), [row.pk for row in newest]).values_list("pk", flat=True)) if newest else set()
    if len(kept) == len(newest) or len(newest) < limit:
        return [row for row in newest if row.pk in kept]
    return _newest(terms, operator, articles, now, limit)


def _newest(terms: list[str], operator: str, articles, now, limit: int) -> list[Scored]:
    if connection.vendor == "postgresql":
        return _postgres_candidates(terms, operator, articles, now, limit)
    ids = _sqlite_candidates(terms, operator, articles, now, limit)
    if not ids:
        return []
    rows = _sqlite_scored(_ids_param(ids), _fts_query(terms, operator), min(ids), max(ids))
    return in_order(ids, (Scored(*row) for row in rows))


@prepared(rows=True)
def _sqlite_scored(ids: str, fts: str, low: int, high: int) -> QuerySet:
    """The candidates ``ids`` with what orders them and their rank (FTS5 ranks only in its MATCH query)."""
    among = Article.objects.filter(_id_among(ids))
    return _sqlite_ranking(among, fts, low, high).order_by().values_list("pk", "published_at", "position_on_page", "rank")


# -- how common the words are (PostgreSQL's statistics of the index) ----------------------------------------

#: Below this share of documents (by the statistics) the GIN index always finds the newest matches; above it,
#: testing the newest documents one by one may be cheaper (:func:`walk_pays`).
WALK_MIN_SHARE = 0.04
#: The walk tests up to WALK_MARGIN x the documents it should need (it stops at its last match, so the wide
#: bound costs only when the words are rarer together than alone, and spares a second walk), at most WALK_MAX.
WALK_MARGIN = 4
WALK_MAX = 12000
#: How long a process keeps the statistics it read (seconds): ANALYZE changes them seldom.
STATISTICS_SECONDS = 600

_read: dict[str, tuple[float, object]] = {}  # name -> (read at, what was read)


def _recent(read):
    """``read()``, kept by this process for STATISTICS_SECONDS."""

    @wraps(read)
    def recent():
        now = time.monotonic()
        held = _read.get(read.__name__)
        if held is None or now - held[0] > STATISTICS_SECONDS:
            held = _read[read.__name__] = (now, read())
        return held[1]

    return recent


@_recent
def _word_statistics() -> tuple[dict[str, float], float]:
    """PostgreSQL's most common words of the index and the share of documents holding each; ({}, 0) if none."""
    rows = _rows(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
        " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'vector'",
        [_DOCUMENTS],
    )
    words, shares = rows[0] if rows else (None, None)
    if not (words and shares):
        return {}, 0.0
    # the shares end with min, max and null share
    return dict(zip(words, shares, strict=False)), min(shares[: len(words)])


@_recent
def document_count() -> float:
    """The number of search documents by the planner's estimate (pg_class); 0 when never analyzed."""
    rows = _rows("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [_DOCUMENTS])
    return max(0.0, float(rows[0][0])) if rows else 0.0


def walk_pays(share: float, limit: int) -> bool:
    """Whether testing the newest documents one by one should cost less than the GIN index: the walk tests
    about ``limit / share`` documents, the index reads ``share × documents`` matches; so the walk is the
    cheaper when ``share² × documents > limit``."""
    return share >= WALK_MIN_SHARE and limit / share < share * document_count()


def word_share(terms: list[str], operator: str) -> float | None:
    """The share of documents that may match, by the statistics: for AND that of the rarest word (no more can
    hold them all), for OR their sum. None when there are no statistics (a new database: no walk)."""
    shares, smallest = _word_statistics()
    if not shares:
        return None
    each = [shares.get(t, smallest) for t in terms]
    return min(each) if operator == "AND" else min(1.0, sum(each))


# -- the search ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    """What a search found among ``within`` (None: every readable article): ``articles`` (best first, each with
    ``rank``), the ``terms`` looked for, and ``capped``: more match than the ``CANDIDATES`` ranked."""

    within: QuerySet[Article] | None
    terms: list[str]
    capped: bool = False
    #: How many ``articles`` holds: the candidates are readable articles already, so no COUNT is needed.
    total: int = 0
    #: The candidates, newest first, each with its rank; and whether they have every word (else any).
    scored: tuple[Scored, ...] = ()
    all_words: bool = True

    @property
    def articles(self) -> QuerySet[Article]:
        """The candidates ranked, as a queryset (the results page uses :func:`result_pages` instead)."""
        base = readable_articles() if self.within is None else self.within
        if not self.terms:
            return base.none().annotate(rank=Value(0.0, output_field=FloatField()))
        ids = [row.pk for row in self.scored]
        among, operator = _among(base, ids), "AND" if self.all_words else "OR"
        if connection.vendor == "postgresql":
            # No match condition: the candidates match already, and a second GIN scan costs what they saved.
            query = _tsquery(self.terms, operator)
            ranked = among.annotate(rank=SearchRank(F("search_document__vector"), query, weights=PG_WEIGHTS))
        else:
            fts = _fts_query(self.terms, operator)
            ranked = _sqlite_ranking(among, fts, min(ids, default=0), max(ids, default=0))
        return ranked.order_by("-rank", *LIST_ORDER)


def search(query: str, articles: QuerySet[Article] | None = None) -> SearchResults:
    """Readable articles matching the Chinese words of ``query``: the newest ``CANDIDATES`` matches, ranked.

    ``articles`` (readable ones, e.g. from a filter form) narrows the search. Every word must match (AND);
    when no article has them all, any will do (OR). A query without words finds nothing.
    """
    flush_pending()  # this transaction's own changes, not yet indexed (they are at commit)
    terms = search_terms(query)
    if not terms:
        return SearchResults(articles, terms)
    # One more than CANDIDATES, to tell whether there are more: every word (AND), else any word (OR).
    rows, operator = scored_candidates(terms, "AND", articles, limit=CANDIDATES + 1), "AND"
    if not rows and len(terms) > 1:
        rows, operator = scored_candidates(terms, "OR", articles, limit=CANDIDATES + 1), "OR"
    return SearchResults(articles, terms, capped=len(rows) > CANDIDATES, total=len(rows[:CANDIDATES]),
                         scored=tuple(rows[:CANDIDATES]), all_words=operator == "AND")


def result_pages(results: SearchResults, by_time: bool = False) -> PreparedList:
    """The results of :func:`search`, a page at a time, best (``by_time``: newest) first, each with ``rank``:
    ordered here as any list is (LIST_ORDER), then by rank; each page's cards fetched by id."""
    order = sorted(results.scored, key=lambda row: (row.position, row.pk))
    order.sort(key=lambda row: row.published, reverse=True)  # stable sorts: the newest, then by place
    if not by_time:
        order.sort(key=lambda row: row.rank, reverse=True)  # ties keep the list's order
    return PreparedList(_page_of, order, timezone.now(), total=lambda: results.total)


def _page_of(order: list[Scored], now: dt.datetime, limit: int, offset: int) -> list[Article]:
    wanted = order[offset:offset + limit]
    if not wanted:
        return []
    ranks = {row.pk: row.rank for row in wanted}  # in the page's order
    cards = in_order(ranks, _cards(_ids_param(list(ranks)), now))
    for card in cards:
        card.rank = ranks[card.pk]
    return cards


@prepared
def _cards(ids, now: dt.datetime) -> QuerySet[Article]:
    """The cards of the readable articles among ``ids`` (:func:`_ids_param`)."""
    return Article.objects.published(now).filter(_id_among(ids)).only(*CARD_FIELDS).order_by()


def search_articles(query: str, articles: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """The articles of :func:`search`: readable ones matching ``query``, best first, each with ``rank``."""
    return search(query, articles).articles
