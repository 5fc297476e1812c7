"""The published-article counts (``PublishedCount``) computed from the articles themselves.

The database triggers of migration 0007 keep the counts after that; :func:`recount` starts them afresh. It
runs after every ``migrate`` and ``flush`` (``post_migrate``): a flush on SQLite deletes the tables one by one,
in no set order, and the article table's triggers would otherwise write counts for articles it had already
emptied the counts of.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

#: The scopes counted per related row: scope -> (the article's relation, the related id in its through table).
RELATIONS = {"topic": ("topics", "topic_id"), "organization": ("organizations", "organization_id")}


def day_key(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def count_rows(article_model, count_model, using: str = "default") -> list:
    """Unsaved ``count_model`` rows for the published articles of ``article_model`` (the models may be a
    migration's historical ones)."""
    published = article_model.objects.using(using).filter(status="published")
    rows = [count_model(scope="all", key=0, n=published.count())]
    for day, n in published.exclude(display_date=None).order_by().values_list("display_date").annotate(n=Count("pk")):
        rows.append(count_model(scope="day", key=day_key(day), n=n))
    for scope, (relation, column) in RELATIONS.items():
        through = getattr(article_model, relation).through.objects.using(using).filter(article__status="published")
        for key, n in through.order_by().values_list(column).annotate(n=Count("pk")):
            rows.append(count_model(scope=scope, key=key, n=n))
    return rows


def recount(using: str = "default") -> None:
    """Every count computed again from the articles, in one transaction."""
    from .models import Article, PublishedCount

    with transaction.atomic(using=using):
        PublishedCount.objects.using(using).all().delete()
        PublishedCount.objects.using(using).bulk_create(count_rows(Article, PublishedCount, using), batch_size=1000)


def recount_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: after ``migrate`` and after ``flush`` (which sends it too)."""
    from django.db import connections

    if "articles_publishedcount" in connections[using].introspection.table_names():
        recount(using)
