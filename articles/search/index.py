"""The search index: one ArticleSearchDocument per published article (scheduled included), cut by ``words``.

:func:`queue` is what the signals call: it indexes at once outside a transaction, else all together at commit
(an import indexes each article once) or before a search in it (:func:`flush_pending`). A document also holds
its article's ``published_at``, kept by a trigger (``articles.copies``), so a search needs no other table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch

from newsroom.cache import pages_changed
from people.models import Organization

from ..models import Article, ArticleSearchDocument, ArticleStatus, Credit, Mention
from .analysis import words

BATCH = 500

#: What PostgreSQL stores in ``vector``: the words are cut already, so the ``simple`` configuration.
VECTOR = (
    SearchVector("title", weight="A", config="simple")
    + SearchVector("secondary", weight="B", config="simple")
    + SearchVector("body", weight="C", config="simple")
)


def body_text(article: Article) -> str:
    """The lead, if any, and the body: what the index cuts as the body and the results page excerpts."""
    return f"{article.lead}\n{article.body}" if article.lead else article.body


def _secondary_source(article: Article) -> list[str]:
    """Kicker, subtitle, the people named and credited, the organizations (with their short names)."""
    parts = [article.kicker, article.subtitle]
    parts += [m.person.name for m in article.mentions.all()]
    parts += [c.person.name for c in article.credits.all()]
    for organization in article.organizations.all():
        parts += [organization.name, organization.short_name]
    return [p for p in parts if p]


def _joined(texts: Iterable[str]) -> str:
    return " ".join(w for text in texts for w in words(text))


def _articles(ids: Iterable[int]):
    """The articles among ``ids`` that have a document: the published ones (scheduled included, so they are
    found the moment their time comes)."""
    named = ("article", "person", "person__name")
    return (
        Article.objects.filter(pk__in=list(ids), status=ArticleStatus.PUBLISHED)
        .only("pk", "published_at", "title", "kicker", "subtitle", "lead", "body")
        .order_by()
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("person").only(*named)),
            Prefetch("credits", queryset=Credit.objects.select_related("person").only(*named)),
            Prefetch("organizations", queryset=Organization.objects.only("name", "short_name")),
        )
    )


def document_from_texts(
    article_id: int, *, title: str, secondary: list[str], body: str, previous: ArticleSearchDocument | None = None,
    force: bool = False, published_at: dt.datetime | None = None,
) -> ArticleSearchDocument:
    """The document of an article from its texts; no query. The body, by far the longest text, keeps the words
    of ``previous`` when it has not changed (unless ``force``: the dictionary did)."""
    checksum = hashlib.md5(body.encode("utf-8"), usedforsecurity=False).hexdigest()
    same = previous is not None and not force and previous.body_checksum == checksum
    return ArticleSearchDocument(
        article_id=article_id, title=_joined([title]), secondary=_joined(secondary),
        body=previous.body if same else _joined([body]), body_checksum=checksum, published_at=published_at,
    )


def store_documents(documents: list[ArticleSearchDocument]) -> None:
    """Insert or update ``documents`` in one statement; on PostgreSQL compute their vectors in a second."""
    if not documents:
        return
    ArticleSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["title", "secondary", "body", "body_checksum", "published_at"],
        batch_size=BATCH,
    )
    if connection.vendor == "postgresql":
        ArticleSearchDocument.objects.filter(pk__in=[d.article_id for d in documents]).update(vector=VECTOR)


def _stored(document: ArticleSearchDocument) -> tuple:
    """What a document holds that an update must write again when it changes."""
    return document.title, document.secondary, document.body, document.published_at


def index_articles(ids: Iterable[int], *, force: bool = False) -> int:
    """Bring the documents of the articles ``ids`` up to date, dropping those of articles no longer published
    (or gone). Returns the number of documents written (unchanged ones are not written again)."""
    ordered = sorted(set(ids))
    written = 0
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        previous = {d.article_id: d for d in ArticleSearchDocument.objects.filter(pk__in=chunk).defer("vector")}
        documents, found = [], set()
        for article in _articles(chunk):
            found.add(article.pk)
            old = previous.get(article.pk)
            document = document_from_texts(
                article.pk, title=article.title, secondary=_secondary_source(article), body=body_text(article),
                previous=old, force=force, published_at=article.published_at,
            )
            if old is None or _stored(old) != _stored(document):
                documents.append(document)
        store_documents(documents)
        written += len(documents)
        gone = set(chunk) - found
        if gone:
            ArticleSearchDocument.objects.filter(pk__in=gone).delete()
    return written


def rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Cut every published article again and rewrite its document. ``progress(done, total)`` after each batch."""
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    ArticleSearchDocument.objects.exclude(pk__in=published.values("pk")).delete()
    for start in range(0, len(ids), BATCH):
        index_articles(ids[start : start + BATCH], force=True)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    if progress and not ids:
        progress(0, 0)
    return len(ids)


# -- what the signals call -----------------------------------------------------------------------------


class _Pending(threading.local):
    def __init__(self):
        self.ids: dict[int, bool] = {}  # article id -> force (cut the body again)


_pending = _Pending()


def queue(ids: Iterable[int], *, force: bool = False) -> None:
    """Index these articles now, or at commit when inside a transaction (all the queued ones together)."""
    pending = _pending.ids
    for pk in ids:
        pending[pk] = pending.get(pk, False) or force
    if not pending:
        return
    if connection.in_atomic_block:
        transaction.on_commit(flush_pending)
    else:
        flush_pending()


def flush_pending() -> None:
    """Index what :func:`queue` deferred: at commit, or before a search that must see this transaction's writes."""
    pending = _pending.ids
    if not pending:
        return
    forced = [pk for pk, force in pending.items() if force]
    plain = [pk for pk, force in pending.items() if not force]
    pending.clear()
    if forced:
        index_articles(forced, force=True)
    if plain:
        index_articles(plain)
    # At commit the documents are written after the generation moved on: a search in between cached the old.
    pages_changed()


def articles_naming(person_ids: Iterable[int]) -> set[int]:
    """Articles that mention or credit any of these people."""
    person_ids = list(person_ids)
    return set(Mention.objects.filter(person_id__in=person_ids).values_list("article_id", flat=True)) | set(
        Credit.objects.filter(person_id__in=person_ids).values_list("article_id", flat=True)
    )


def articles_containing(name: str) -> set[int]:
    """Articles whose text or whose document has ``name``: a scan, for the rare rename, confirm or merge."""
    if not name:
        return set()
    in_text = Article.objects.filter(title__contains=name) | Article.objects.filter(body__contains=name)
    in_documents = ArticleSearchDocument.objects.filter(secondary__contains=name)
    return set(in_text.values_list("pk", flat=True)) | set(in_documents.values_list("article_id", flat=True))
