"""Chinese search over readable articles, behind one function: :func:`search_articles`.

The query is cut into words with jieba's search mode (confirmed people's names are words of their own, so
张红军 is one word, not 张 + 红军). An article matches when it contains every word (AND); when no article
contains them all, one that contains any word does (OR). Results are ranked by how often the words occur,
a hit in the headline counting more than one in the body.

This backend counts substrings in SQL, which is fine for a district paper's few thousand articles; a
PostgreSQL full-text / SQLite FTS5 backend can replace the body of :func:`search_articles` later, keeping
its signature: a query string in, a queryset of readable articles annotated with ``rank`` out.
:func:`search_terms`, :func:`highlight` and :func:`excerpt` serve the results page.
"""

from __future__ import annotations

import html
import re
import threading

import jieba
from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Length, Lower, Replace
from django.utils.safestring import SafeString, mark_safe

from people.models import Person

from .models import Article
from .selectors import LIST_ORDER, readable_articles

#: Fields searched and the weight of a hit in each.
WEIGHTS = {"title": 5, "kicker": 3, "subtitle": 3, "lead": 1, "body": 1}

#: Words too common to search for on their own.
STOP_WORDS = frozenset("的了和与及在是对为等将把被就也都而或并之于以其这那有我你他她它们")

MAX_TERMS = 8
_PUNCTUATION = re.compile(r"^[\W_]+$")

_tokenizer: jieba.Tokenizer | None = None
_known_names: set[str] = set()
_lock = threading.Lock()


def _get_tokenizer() -> jieba.Tokenizer:
    """Our own jieba tokenizer (the import pipeline has its own), loaded once, with people's names added."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            _tokenizer = jieba.Tokenizer()
            _tokenizer.initialize()
        names = set(Person.objects.confirmed().values_list("name", flat=True)) - _known_names
        for name in names:
            _tokenizer.add_word(name, freq=None, tag="nr")
        _known_names.update(names)
        return _tokenizer


def search_terms(query: str) -> list[str]:
    """The words of ``query`` to look for, longest first: 张红军会见 -> ['张红军', '会见'].

    Words that are part of a longer word of the query (红军 in 张红军) are dropped: the longer word implies them.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return []
    words = []
    for word in _get_tokenizer().cut_for_search(query):
        word = word.strip().lower()
        if word and not _PUNCTUATION.match(word) and word not in words:
            words.append(word)
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    maximal = [w for w in meaningful if not any(w != other and w in other for other in meaningful)]
    return sorted(maximal, key=len, reverse=True)[:MAX_TERMS]


def _contains(term: str) -> Q:
    return Q(*(Q(**{f"{name}__icontains": term}) for name in WEIGHTS), _connector=Q.OR)


def _hits(term: str):
    """Weighted number of occurrences of ``term`` in an article's fields, as an SQL expression."""
    total = Value(0, output_field=IntegerField())
    for name, weight in WEIGHTS.items():
        text = Lower(F(name))
        occurrences = (Length(text) - Length(Replace(text, Value(term), Value("")))) / Value(len(term))
        total = total + occurrences * Value(weight)
    return total


def search_articles(query: str, articles: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Readable articles matching the Chinese words of ``query``, best first, each annotated with ``rank``.

    ``articles`` narrows the search (it must be a queryset of readable articles, e.g. from a filter form).
    An empty query, or one with no words in it, finds nothing.
    """
    articles = readable_articles() if articles is None else articles
    terms = search_terms(query)
    if not terms:
        return articles.none().annotate(rank=Value(0, output_field=IntegerField()))
    matching = articles.filter(*(_contains(t) for t in terms))
    if len(terms) > 1 and not matching.exists():
        matching = articles.filter(Q(*(_contains(t) for t in terms), _connector=Q.OR))
    rank = sum((_hits(t) for t in terms[1:]), _hits(terms[0]))
    return matching.annotate(rank=rank).order_by("-rank", *LIST_ORDER)


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
