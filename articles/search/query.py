"""The search over readable articles, behind one function: :func:`search` (:func:`search_articles`).

Documents and queries are cut into words alike (:mod:`.analysis`); each article's words live in an
:class:`~articles.models.ArticleSearchDocument` (kept in step by :mod:`.index`). PostgreSQL searches a ``tsvector``
(``simple`` configuration: the words are cut already) through a GIN index and ranks by ``ts_rank``; SQLite an
FTS5 table over the same words, ranked by ``bm25``; both weigh the title (A) over kicker, subtitle, people and
organizations (B) over lead and body (C).

An article matches when it has every word of the query (AND); when none has them all, any word (OR). Only the
newest ``CANDIDATES`` matches are ranked (:func:`scored_candidates`, from the document table alone), so a search
costs about the same however common its words; :func:`result_pages` orders them (by rank or by time, ties as
every list orders them) and fetches each page's cards by id.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from dataclasses import dataclass
from functools import lru_cache, reduce
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
    # The FTS5 table joins the article table: bm25() needs the MATCH in the same query, and no expression of
    # the ORM names a virtual table, hence extra() (the one place it is used). The range of the candidates'
    # ids bounds what FTS5 reads: the matches among them, not every match of the words.
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
    """The tsquery: for every word (AND) one plainto_tsquery of the words joined (it joins them with &, the same
    query as one per word, quicker to write and to parse); for any word (OR) one per word, joined with |."""
    if operator == "AND":
        return SearchQuery(" ".join(terms), config="simple", search_type="plain")
    return reduce(or_, (SearchQuery(t, config="simple", search_type="plain") for t in terms))


def _id_among(ids) -> RawSQL:
    """The article's id is one of ``ids``, passed as one parameter whatever their number (so one SQL serves any
    number): a PostgreSQL array (a list, or an Array for a prepared query), on SQLite a JSON list (text). The
    driver would spend more time writing one parameter per id into the query than the server spends on it."""
    table = Article._meta.db_table
    if connection.vendor == "postgresql":
        return RawSQL(f'"{table}"."id" = ANY(%s)', (ids,), output_field=BooleanField())
    return RawSQL(f'"{table}"."id" IN (SELECT value FROM json_each(%s))', (ids,), output_field=BooleanField())


def _ids_param(ids: list[int]):
    """``ids`` as :func:`_id_among` takes them in a prepared query."""
    return Array(ids) if connection.vendor == "postgresql" else json.dumps(ids)


def _among(articles: QuerySet[Article], ids: list[int]) -> QuerySet[Article]:
    """``articles`` whose id is one of ``ids`` (a queryset's parameter: a plain list, not an Array, on PostgreSQL)."""
    return articles.filter(_id_among(list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))))


def _ranked(articles: QuerySet[Article], terms: list[str], operator: str, ids: list[int]) -> QuerySet[Article]:
    """``articles`` (the candidates, whose ids are ``ids``) annotated with ``rank``, best first."""
    if connection.vendor == "postgresql":
        # No match condition: the candidates match already, and a second GIN scan would cost what they saved.
        vector = F("search_document__vector")
        ranked = articles.annotate(rank=SearchRank(vector, _tsquery(terms, operator), weights=PG_WEIGHTS))
    else:
        ranked = _sqlite_ranking(articles, _fts_query(terms, operator), min(ids, default=0), max(ids, default=0))
    return ranked.order_by("-rank", *LIST_ORDER)


# -- the candidates: the newest matches ---------------------------------------------------------------------

#: How many matches are ranked: the newest ones. Ranking reads every candidate's words, so a search costs
#: about the same whether its words are in 50 articles or in 50,000; older matches are found by narrowing
#: the search (the date filter of the article list), or with more words.
CANDIDATES = 100

#: SQLite: words with fewer matches are found by reading them all (:func:`_sqlite_fewer_matches`), one query;
#: words with more, among the newest documents (:func:`_sqlite_newest_matches`): chunks of SQLITE_CHUNK
#: documents first, twice as many each time; a chunk whose ids span over SQLITE_SPREAD times its size ends it.
SQLITE_COMMON = 1000
SQLITE_CHUNK = 500
SQLITE_SPREAD = 4

_DOCUMENTS = ArticleSearchDocument._meta.db_table
_NEWEST = "ORDER BY published_at DESC, article_id DESC"


def _fetch_ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _within(articles: QuerySet[Article] | None) -> tuple[str, list]:
    """An SQL condition on ``article_id`` for a narrowed search ('' for every readable article)."""
    if articles is None:
        return "", []
    sql, params = articles.order_by().values("pk").query.sql_with_params()
    return f" AND article_id IN ({sql})", list(params)


def _sqlite_candidates(terms: list[str], operator: str, articles, now, limit: int) -> list[int]:
    match = _fts_query(terms, operator)
    if articles is None:
        ids = _sqlite_fewer_matches(match, now, limit)
        if ids or not _fts_matches_at_least(match, SQLITE_COMMON):
            return ids
        ids = _sqlite_newest_matches(match, now, limit)
        if ids is not None:
            return ids
    return _sqlite_all_matches(match, articles, now, limit)


def _sqlite_fewer_matches(match: str, now, limit: int) -> list[int]:
    """The newest ``limit`` matches when there are fewer than SQLITE_COMMON (read them all), else [] at once:
    FTS5 stops at SQLITE_COMMON, and the condition on their number is tested once, before any document."""
    return _fetch_ids(
        f"WITH matching AS MATERIALIZED (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"  # noqa: S608
        f" SELECT article_id FROM {_DOCUMENTS} WHERE (SELECT count(*) FROM matching) < %s"
        f" AND article_id IN (SELECT rowid FROM matching) AND published_at <= %s {_NEWEST} LIMIT %s",
        [match, SQLITE_COMMON, SQLITE_COMMON, now, limit],
    )


def _sqlite_all_matches(match: str, articles, now, limit: int) -> list[int]:
    """The newest ``limit`` matches of all: every match is read, then the newest kept (the cost grows with them)."""
    within, params = _within(articles)
    return _fetch_ids(
        f"SELECT article_id FROM {_DOCUMENTS} JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = article_id"  # noqa: S608
        f" WHERE {FTS_TABLE} MATCH %s AND published_at <= %s{within} {_NEWEST} LIMIT %s",
        [match, now, *params, limit],
    )


def _fts_matches_at_least(match: str, count: int) -> bool:
    """Whether ``match`` has ``count`` matches or more: FTS5 stops reading at ``count``."""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)"  # noqa: S608
    return _fetch_one(sql, [match, count])[0] >= count


def _sqlite_newest_matches(match: str, now, limit: int) -> list[int] | None:
    """The newest ``limit`` matches, found by walking the newest documents a chunk at a time (the newest-first
    index alone) and asking FTS5 which of each chunk match, within the chunk's range of ids: the cost grows
    with ``limit`` over the share of documents that match, not with the matches.

    None when the walk stops paying, and all the matches must be read instead: after WALK_MAX documents (the
    words are rarer together than each alone), or at a chunk whose ids are scattered (the range would hold
    many other documents: articles imported long after their publication).
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
    """The SQL of the tsquery the documents are matched with, as the ORM writes it: compiled once per process
    for each set of words (readers repeat searches)."""
    query = ArticleSearchDocument.objects.all().query
    sql, params = query.get_compiler(connection=connection).compile(
        _tsquery(list(terms), operator).resolve_expression(query)
    )
    return sql, tuple(params)


class Scored(NamedTuple):
    """A candidate: its id, publication time (PostgreSQL: seconds since the epoch, cheaper to read than a
    datetime; SQLite: a datetime) and place on its printed page (what orders a list, LIST_ORDER), and its rank
    for the search's words."""

    pk: int
    published: float | dt.datetime
    position: int
    rank: float


#: PostgreSQL's rank of a document (SearchRank's, as the ORM writes it for ``SearchResults.articles``).
_RANK_WEIGHTS = "'{" + ",".join(map(str, PG_WEIGHTS)) + "}'::real[]"


def _postgres_scored(matches: str, tsquery: tuple[str, tuple], params: list) -> list[Scored]:
    """The rows of ``matches`` (SQL: documents' article_id, published_at and vector, the newest first and few),
    each with its article's place on the page and its rank: the vectors are in hand, so ranking costs no
    second look-up, and the place comes from the index of published articles alone (hence the status in the
    join: every document's article is published, and the condition lets PostgreSQL use that partial index)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT matches.article_id, extract(epoch FROM matches.published_at)::float8, article.position_on_page,"  # noqa: S608
            f" ts_rank({_RANK_WEIGHTS}, matches.vector, {tsquery[0]}) FROM ({matches}) AS matches"
            f" JOIN {Article._meta.db_table} AS article ON article.id = matches.article_id AND article.status = %s"
            f" ORDER BY matches.published_at DESC, matches.article_id DESC",
            [*tsquery[1], *params, ArticleStatus.PUBLISHED],  # in the order of the SQL
        )
        return [Scored(*row) for row in cursor.fetchall()]


def _postgres_all_matches(tsquery: tuple[str, tuple], articles, now, limit: int) -> list[Scored]:
    """The newest ``limit`` matches, found through the GIN index: every match is read, then the newest kept.

    The cost grows with the number of matches. OFFSET 0 keeps the planner on the GIN index: left to itself,
    it may walk the publication-time index and test every document, a scan when its estimate is wrong.
    """
    within, params = _within(articles)
    return _postgres_scored(
        f"SELECT article_id, published_at, vector FROM (SELECT article_id, published_at, vector FROM {_DOCUMENTS}"
        f" WHERE vector @@ {tsquery[0]} AND published_at <= %s{within} OFFSET 0) AS matching {_NEWEST} LIMIT %s",
        tsquery, [*tsquery[1], now, *params, limit],
    )


def _postgres_newest_matches(tsquery: tuple[str, tuple], now, walk: int, limit: int,
                             after: Scored | None = None) -> list[Scored]:
    """The newest ``limit`` matches among the newest ``walk`` documents (older than ``after``, if given),
    testing them newest first: the cost grows with ``limit`` over the share of documents that match, not
    with the matches."""
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

    Only published articles have a document, and a document's ``published_at`` is its article's (a trigger
    keeps it), so these are readable articles: the document table alone answers. ``articles`` narrows them
    (a queryset of readable articles). The same candidates on both backends, each ranked on its backend's scale.

    A narrowed search first takes the newest matches of all and keeps those in ``articles``: when it keeps
    them all (the filter form with words only), or they were every match, those are the answer, at the cost
    of one more query; otherwise the search is made again within ``articles``, its cost growing with the
    matches.
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
    """The candidates ``ids`` with what orders them and their rank: FTS5 ranks only in the query that matches,
    so on SQLite this is a query of its own."""
    among = Article.objects.filter(_id_among(ids))
    return _sqlite_ranking(among, fts, low, high).order_by().values_list("pk", "published_at", "position_on_page", "rank")


# -- how common the words are (PostgreSQL's statistics of the index) ----------------------------------------

#: Below this share of documents (by the statistics) the newest matches are always found through the GIN
#: index; above it, by testing the newest documents one by one when that is the cheaper (:func:`walk_pays`).
WALK_MIN_SHARE = 0.04
#: The walk tests up to WALK_MARGIN times the documents it should need, and never more than WALK_MAX. It
#: stops at the last match it needs, so a wide bound costs only when the words are rarer together than the
#: statistics say (each word's share bounds the pair's), and it spares the second walk that would follow.
WALK_MARGIN = 4
WALK_MAX = 12000
#: How long a process keeps the statistics it read (seconds): ANALYZE changes them seldom.
STATISTICS_SECONDS = 600

_read: dict[str, tuple[float, object]] = {}  # name -> (read at, what was read)


def _recent(name: str, read):
    """``read()``, kept by this process for STATISTICS_SECONDS."""
    now = time.monotonic()
    held = _read.get(name)
    if held is None or now - held[0] > STATISTICS_SECONDS:
        held = _read[name] = (now, read())
    return held[1]


def _fetch_one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _word_statistics() -> tuple[dict[str, float], float]:
    """PostgreSQL's most common words of the index and the share of documents holding each; ({}, 0) if none."""

    def read() -> tuple[dict[str, float], float]:
        row = _fetch_one(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'vector'",
            [_DOCUMENTS],
        )
        if not (row and row[0] and row[1]):
            return {}, 0.0
        # the freqs end with min, max and null share
        return dict(zip(row[0], row[1], strict=False)), min(row[1][: len(row[0])])

    return _recent("words", read)


def document_count() -> float:
    """The number of search documents by the planner's estimate (pg_class), read at most every
    STATISTICS_SECONDS; 0 when the table was never analyzed."""

    def read() -> float:
        row = _fetch_one("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [_DOCUMENTS])
        return max(0.0, float(row[0])) if row else 0.0

    return _recent("documents", read)


def walk_pays(share: float, limit: int) -> bool:
    """Whether testing the newest documents one by one should cost less than the GIN index.

    The walk tests about ``limit / share`` documents before it has ``limit`` matches; the index reads every
    match, at most ``share`` of the documents (the rarest word's share bounds an AND). So the walk is the
    cheaper when ``share² × documents > limit``.
    """
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
    ``rank``), the ``terms`` looked for, and ``capped``: more articles match than the newest ``CANDIDATES`` that
    were ranked (the page says "200+")."""

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
        """The candidates ranked, as a queryset (built when asked: the results page pages through
        :func:`result_pages` instead)."""
        base = readable_articles() if self.within is None else self.within
        if not self.terms:
            return base.none().annotate(rank=Value(0.0, output_field=FloatField()))
        ids = [row.pk for row in self.scored]
        return _ranked(_among(base, ids), self.terms, "AND" if self.all_words else "OR", ids)


def search(query: str, articles: QuerySet[Article] | None = None) -> SearchResults:
    """Readable articles matching the Chinese words of ``query``: the newest ``CANDIDATES`` matches, ranked.

    ``articles`` narrows the search (it must be a queryset of readable articles, e.g. from a filter form).
    Every word must match (AND); when no article has them all, any will do (OR). An empty query, or one with
    no words in it, finds nothing.
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
    the candidates are ordered here, as any list is (LIST_ORDER), then by rank, and each page's cards are
    fetched by id."""
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
