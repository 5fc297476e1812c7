"""The counts the database keeps (articles.models.PublishedCount, migration 0007) and the readers' counts
taken from them: after any sequence of writes they equal a count over the articles, on either backend."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections import Counter

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from articles import selectors
from articles.models import Article, ArticleStatus, CountScope, PublishedCount
from tests.factories import make_article, make_organization, make_topic

pytestmark = pytest.mark.django_db(transaction=False)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def day_key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def counted_over_the_articles() -> dict[tuple[str, int], int]:
    """Published articles per scope and key, counted in Python from the rows themselves."""
    counts: Counter = Counter()
    for article in Article.objects.filter(status=ArticleStatus.PUBLISHED).prefetch_related("topics", "organizations"):
        counts[(CountScope.ALL, 0)] += 1
        day = article.dateline_date or article.published_at.astimezone(SHANGHAI).date()
        counts[(CountScope.DAY, day_key(day))] += 1
        for topic in article.topics.all():
            counts[(CountScope.TOPIC, topic.pk)] += 1
        for organization in article.organizations.all():
            counts[(CountScope.ORGANIZATION, organization.pk)] += 1
    return dict(counts)


def kept() -> dict[tuple[str, int], int]:
    return {(row.scope, row.key): row.n for row in PublishedCount.objects.exclude(n=0)}


def test_the_kept_counts_follow_every_kind_of_write():
    rng = random.Random(7)
    topics = [make_topic() for _ in range(3)]
    organizations = [make_organization() for _ in range(3)]
    articles = []
    for step in range(120):
        action = rng.choice(["new", "new", "relate", "unrelate", "move", "status", "dateline", "time", "delete", "bulk"])
        if action == "new" or not articles:
            published = rng.random() < 0.7
            articles.append(make_article(published=published, dateline_date=rng.choice([None, dt.date(2023, 2, 12)]),
                                         **({"published_at": None} if not published else {})))
            continue
        article = rng.choice(articles)
        article.refresh_from_db()
        if action == "relate":
            article.topics.add(rng.choice(topics))
            article.organizations.add(rng.choice(organizations))
        elif action == "unrelate":
            article.topics.remove(rng.choice(topics))
            article.organizations.clear()
        elif action == "move":  # a through row changed in place (as a merge of organizations would)
            through = Article.topics.through.objects.filter(article=article).first()
            if through:
                taken = set(article.topics.values_list("pk", flat=True))
                free = [t for t in topics if t.pk not in taken]
                if free:
                    Article.topics.through.objects.filter(pk=through.pk).update(topic=free[0])
        elif action == "status":
            article.status = rng.choice([ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN, ArticleStatus.DRAFT])
            article.published_at = article.published_at or timezone.now()
            article.save()
        elif action == "dateline":
            article.dateline_date = rng.choice([None, dt.date(2023, 2, 13), dt.date(2024, 1, 1)])
            article.save()
        elif action == "time":  # across midnight in China: 15:59 and 16:00 UTC are two days there
            hour, minute = rng.choice([(15, 59), (16, 0)])
            article.published_at = dt.datetime(2023, 3, 1, hour, minute, tzinfo=dt.UTC)
            article.save()
        elif action == "delete":
            article.delete()
            articles.remove(article)
        elif action == "bulk":  # update(): no save(), no signal, still counted
            Article.objects.filter(pk__in=[a.pk for a in articles[::2]], published_at__isnull=False).update(
                status=rng.choice([ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN])
            )
        assert kept() == counted_over_the_articles(), (step, action)


def test_deleting_a_topic_takes_its_articles_off_its_count():
    topic = make_topic()
    make_article().topics.add(topic)
    assert kept()[(CountScope.TOPIC, topic.pk)] == 1
    topic.delete()
    assert (CountScope.TOPIC, topic.pk) not in kept()


def test_the_migration_fills_the_counts_of_articles_already_there():
    topic, organization = make_topic(), make_organization()
    for i in range(3):
        article = make_article(dateline_date=None if i else dt.date(2023, 2, 12))
        article.topics.add(topic)
        article.organizations.add(organization)
    make_article(published=False, published_at=None).topics.add(topic)
    expected = counted_over_the_articles()
    PublishedCount.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0007_published_counts")
    migration.fill_counts(django_apps, None)
    assert kept() == expected


def test_readers_counts_leave_out_scheduled_articles():
    topic, organization = make_topic(), make_organization()
    readable = make_article(dateline_date=dt.date(2023, 2, 12))
    scheduled = make_article(dateline_date=dt.date(2023, 2, 12), published_at=timezone.now() + dt.timedelta(hours=2))
    for article in (readable, scheduled):
        article.topics.add(topic)
        article.organizations.add(organization)
    assert selectors.readable_total() == 1
    assert selectors.topic_article_counts() == {topic.pk: 1}
    assert selectors.organization_article_counts([organization.pk]) == {organization.pk: 1}
    assert selectors.days_with_articles(dt.date(2023, 2, 1), dt.date(2023, 2, 28)) == [(dt.date(2023, 2, 12), 1)]
    readable.status = ArticleStatus.WITHDRAWN
    readable.save()
    assert selectors.readable_total() == 0
    assert selectors.topic_article_counts() == {} and selectors.days_with_articles(*selectors.ALL_DAYS) == []


def test_a_day_is_the_date_in_china_when_there_is_no_dateline():
    make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 16, 0, tzinfo=dt.UTC))
    assert selectors.days_with_articles(*selectors.ALL_DAYS) == [(dt.date(2023, 3, 2), 1)]


def test_every_trigger_is_there_after_all_migrations():
    """A later migration that rebuilds the article or a through table on SQLite drops their triggers: it must
    create them again (migration 0007's create_triggers), or the counts and the search drift silently."""
    from django.db import connection

    migration = importlib.import_module("articles.migrations.0007_published_counts")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = {*migration.SQLITE_TRIGGER_NAMES, "articles_search_published_at", "articles_search_fts_update"}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {*migration.POSTGRES_TRIGGERS, "articles_search_published_at"}
        present = {row[0] for row in cursor.fetchall()}
    assert expected <= present, expected - present


def test_counts_start_afresh_after_a_flush_that_emptied_them_first(client):
    """SQLite's flush deletes table by table in no set order: when the counts go first, deleting the articles
    leaves negative counts behind. post_migrate (which flush sends) counts again; the pages never fail."""
    from articles.counting import recount_after_migrate

    make_article().topics.add(make_topic())
    PublishedCount.objects.all().delete()
    Article.objects.all().delete()
    assert kept()[(CountScope.ALL, 0)] == -1
    assert client.get("/").status_code == 200  # a count below zero is no count, not an error
    recount_after_migrate(sender=None, using="default")
    assert kept() == counted_over_the_articles() == {}
    make_article()
    assert kept() == counted_over_the_articles()


def test_recount_articles_sets_wrong_counts_right():
    from io import StringIO

    from django.core.management import call_command

    make_article().topics.add(make_topic())
    PublishedCount.objects.update(n=99)
    out = StringIO()
    call_command("recount_articles", stdout=out)
    assert kept() == counted_over_the_articles()
    assert "共 1 篇已发布稿件" in out.getvalue()
