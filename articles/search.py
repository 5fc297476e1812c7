"""Chinese full-text search over readable articles, behind one function: :func:`search_articles`.

Documents and queries are cut into words by the same jieba tokenizer in search mode (``cut_for_search``), with
the confirmed people's names as words of their own: 张红军 is one word, not 张 + 红军. The words of each
article live in an :class:`~articles.models.ArticleSearchDocument` (kept in step by ``articles.search_index``);
two backends search them and return the same articles:

- PostgreSQL: a ``tsvector`` (``simple`` configuration: the words are already cut) with a GIN index, ranked by
  ``SearchRank`` with the title weighing A, kicker/subtitle/people/organizations B, lead and body C;
- SQLite: an FTS5 table over the same words, ranked by ``bm25`` with the same relative weights.

An article matches when it contains every word of the query (AND); when no article contains them all, one
that contains any word does (OR). :func:`search_terms`, :func:`highlight` and :func:`excerpt` serve the
results page; highlighting marks the same words the search looked for.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import threading
import uuid

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

from people.models import Person

from .models import Article
from .selectors import LIST_ORDER, readable_articles

logger = logging.getLogger(__name__)

#: The weight of a hit in the title (A), in kicker/subtitle/people/organizations (B), in lead and body (C).
#: PostgreSQL's ts_rank takes them as {D, C, B, A} (its defaults). FTS5's bm25 adds up a term's weighted hits
#: before it saturates them, so its title needs more weight to outrank a body that repeats the word.
PG_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FTS_WEIGHTS = (10.0, 4.0, 1.0)
FTS_TABLE = "articles_search_fts"

#: Words too common to search for on their own.
STOP_WORDS = frozenset("的了和与及在是对为等将把被就也都而或并之于以其这那有我你他她它们")

MAX_TERMS = 8
_PUNCTUATION = re.compile(r"^[\W_]+$")

#: The cache key of the people dictionary's version: changed when a confirmed person's name comes or goes,
#: so every process reloads the names before it cuts another document or query.
DICTIONARY_VERSION_KEY = "search:people-dictionary"

_tokenizer: jieba.Tokenizer | None = None
_known_names: set[str] = set()
_loaded_version: str | None = None
_lock = threading.Lock()


def _get_tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer (the import pipeline has its own), loaded once, with people's names added.

    The names are loaded again (one query) only when the dictionary's version in the cache has changed.
    """
    global _tokenizer, _loaded_version
    try:
        version = cache.get(DICTIONARY_VERSION_KEY)
    except Exception:  # the cache server is away: reload the names now, as on a cold cache
        version = None
    with _lock:
        if _tokenizer is None:
            _tokenizer = jieba.Tokenizer()
            _tokenizer.initialize()
        elif version == _loaded_version and version is not None:
            return _tokenizer
        names = set(Person.objects.confirmed().values_list("name", flat=True))
        for name in _known_names - names:  # renamed or no longer confirmed: cut as a fresh process would
            _tokenizer.del_word(name)
            _known_names.discard(name)
        for name in names - _known_names:
            if not _tokenizer.FREQ.get(name):  # words of jieba's own dictionary stay as they are
                _tokenizer.add_word(name, freq=None, tag="nr")
                _known_names.add(name)
        if version is None:  # a cold cache: start a version so other processes and later calls agree
            version = uuid.uuid4().hex
            with contextlib.suppress(Exception):
                cache.add(DICTIONARY_VERSION_KEY, version, timeout=None)
                version = cache.get(DICTIONARY_VERSION_KEY, version)
        _loaded_version = version
        return _tokenizer


def people_dictionary_changed() -> None:
    """A confirmed person's name came or went: every process reloads the names before cutting more text."""
    global _loaded_version
    _loaded_version = None  # this process at least, whatever the cache says
    try:
        cache.set(DICTIONARY_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("search: could not publish the dictionary's new version")


def words(text: str) -> list[str]:
    """Every word of ``text`` in search mode, lower-cased, punctuation dropped: what the index stores."""
    found = []
    for word in _get_tokenizer().cut_for_search(text):
        word = word.strip().lower()
        if word and not _PUNCTUATION.match(word):
            found.append(word)
    return found


def search_terms(query: str) -> list[str]:
    """The words of ``query`` to look for, longest first: 张红军会见 -> ['张红军', '会见'].

    Words that are part of a longer word of the query (红军 in 张红军) are dropped: the longer word implies them,
    and the index holds the longer word wherever the text has it.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return []
    unique = list(dict.fromkeys(words(query)))
    meaningful = [w for w in unique if w not in STOP_WORDS] or unique
    maximal = [w for w in meaningful if not any(w != other and w in other for other in meaningful)]
    return sorted(maximal, key=len, reverse=True)[:MAX_TERMS]


# -- the two backends --------------------------------------------------------------------------------------


def _fts_query(terms: list[str], operator: str) -> str:
    """An FTS5 query for ``terms``: each a quoted string (a phrase if FTS5 cuts it further)."""
    return f" {operator} ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


def _sqlite_matching(articles: QuerySet[Article], terms: list[str], operator: str) -> QuerySet[Article]:
    # The FTS5 table joins the article table: bm25() needs the MATCH in the same query, and no expression of
    # the ORM names a virtual table, hence extra() (the one place it is used).
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    return articles.extra(  # noqa: S610 - a fixed table name; the query is a parameter
        tables=[FTS_TABLE],
        where=[f'{FTS_TABLE}.rowid = "{Article._meta.db_table}"."id"', f"{FTS_TABLE} MATCH %s"],
        params=[_fts_query(terms, operator)],
        select={"rank": f"-bm25({FTS_TABLE}, {weights})"},
    )


def _postgres_matching(articles: QuerySet[Article], terms: list[str], operator: str) -> QuerySet[Article]:
    queries = [SearchQuery(t, config="simple", search_type="plain") for t in terms]
    query = queries[0]
    for q in queries[1:]:
        query = query & q if operator == "AND" else query | q
    return articles.filter(search_document__vector=query).annotate(
        rank=SearchRank(F("search_document__vector"), query, weights=PG_WEIGHTS)
    )


def _matching(articles: QuerySet[Article], terms: list[str], operator: str) -> QuerySet[Article]:
    if connection.vendor == "postgresql":
        return _postgres_matching(articles, terms, operator)
    return _sqlite_matching(articles, terms, operator)


def search_articles(query: str, articles: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Readable articles matching the Chinese words of ``query``, best first, each annotated with ``rank``.

    ``articles`` narrows the search (it must be a queryset of readable articles, e.g. from a filter form).
    An empty query, or one with no words in it, finds nothing.
    """
    from .search_index import flush_pending

    flush_pending()  # this transaction's own changes, not yet indexed (they are at commit)
    articles = readable_articles() if articles is None else articles
    terms = search_terms(query)
    if not terms:
        return articles.none().annotate(rank=Value(0.0, output_field=FloatField()))
    matching = _matching(articles, terms, "AND")
    if len(terms) > 1 and not matching.exists():
        matching = _matching(articles, terms, "OR")
    return matching.order_by("-rank", *LIST_ORDER)


def icontains_search(query: str, articles: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """The plain scan the index replaces: every word (AND) found by ``icontains`` in title, lead or body.

    Kept only as the benchmark's yardstick (``bench/site_bench.py``); readers never get it.
    """
    articles = readable_articles() if articles is None else articles
    fields = ("title", "kicker", "subtitle", "lead", "body")
    conditions = [Q(*(Q(**{f"{f}__icontains": t}) for f in fields), _connector=Q.OR) for t in search_terms(query)]
    return articles.filter(*conditions) if conditions else articles.none()


# -- the results page ------------------------------------------------------------------------------------


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of a term wrapped in <mark>. Safe to print as HTML."""
    if not terms:
        return mark_safe(html.escape(text))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[pos : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        pos = match.end()
    out.append(html.escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def excerpt(text: str, terms: list[str], width: int = 120) -> SafeString:
    """About ``width`` characters of ``text`` around the first term found, highlighted; its start otherwise."""
    text = " ".join(text.split())
    lowered = text.lower()
    found = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)  # noqa: S308 - highlight() escapes
