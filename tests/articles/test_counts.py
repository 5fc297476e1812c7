"""The counts the database keeps (articles.models.PublishedCount, the triggers of articles.counting) and the
readers' counts taken from them: after any sequence of writes they equal a count over the articles, on either
backend, and what a reader can see; the triggers outlive a rebuild of the article table."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.db.models import F
from django.utils import timezone

from articles import copies, counting, selectors
from articles.models import (
    Article,
    ArticleSearchDocument,
    ArticleStatus,
    CountScope,
    Credit,
    Mention,
    PublishedCount,
)
from articles.search import index as search_index
from articles.search import search_articles
from articles.search import triggers as search_triggers
from newsroom import cache as page_cache
from tests.factories import make_article, make_organization, make_person, make_position, make_topic

pytestmark = pytest.mark.django_db(transaction=False)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def day_key(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def counted_over_the_articles() -> dict[tuple[str, int], int]:
    """Readable articles per scope and key, counted in Python from the rows themselves."""
    counts: Counter = Counter()
    for article in Article.objects.published().prefetch_related(
        "topics", "organizations", "mentions", "credits", "positions_supported"
    ):
        counts[(CountScope.ALL, 0)] += 1
        day = article.dateline_date or article.published_at.astimezone(SHANGHAI).date()
        counts[(CountScope.DAY, day_key(day))] += 1
        for topic in article.topics.all():
            counts[(CountScope.TOPIC, topic.pk)] += 1
        for organization in article.organizations.all():
            counts[(CountScope.ORGANIZATION, organization.pk)] += 1
        for row in [*article.mentions.all(), *article.credits.all()]:
            counts[(CountScope.PERSON, row.person_id)] += 1
        for mention in article.mentions.all():
            counts[(CountScope.NAMED, mention.person_id)] += 1
        for position in article.positions_supported.all():
            counts[(CountScope.POSITION, position.pk)] += 1
    return dict(counts)


def kept() -> dict[tuple[str, int], int]:
    return {(row.scope, row.key): row.n for row in PublishedCount.objects.exclude(n=0)}


def test_the_kept_counts_follow_every_kind_of_write():
    rng = random.Random(7)
    topics = [make_topic() for _ in range(3)]
    organizations = [make_organization() for _ in range(3)]
    people = [make_person(f"人物{i}") for i in range(3)]
    positions = [make_position(person) for person in people]
    articles = []
    for step in range(160):
        action = rng.choice(["new", "new", "relate", "unrelate", "move", "status", "dateline", "time", "delete", "bulk",
                             "bulk_time", "people", "unname", "merge", "source"])
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
        elif action == "people":  # named, credited (twice: 文 and 图 count apart)
            person = rng.choice(people)
            mention, _ = Mention.objects.get_or_create(article=article, person=person)
            Credit.objects.get_or_create(article=article, person=person, role=rng.choice(["记者", "摄影"]))
            mention.title_printed = "区长"  # a save writes the copy it read, however old: the trigger mends it
            mention.save()
        elif action == "unname":
            Mention.objects.filter(article=article).delete()
            first_credit = article.credits.first()
            if first_credit:
                first_credit.delete()
        elif action == "merge":  # a merge of people re-points their rows with update()
            first, second = rng.sample(people, 2)
            Mention.objects.filter(person=first).exclude(
                article__in=Mention.objects.filter(person=second).values("article")
            ).update(person=second)
        elif action == "source":
            rng.choice(positions).sources.add(article)
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
            article.position_on_page = rng.randrange(5)
            article.save()
        elif action == "delete":
            article.delete()
            articles.remove(article)
        elif action == "bulk":  # update(): no save(), no signal, still counted
            Article.objects.filter(pk__in=[a.pk for a in articles[::2]], published_at__isnull=False).update(
                status=rng.choice([ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN])
            )
        elif action == "bulk_time":  # update() of the publication time: the display date and its day follow
            Article.objects.filter(pk__in=[a.pk for a in articles[1::2]], published_at__isnull=False).update(
                published_at=dt.datetime(2023, 3, 1, rng.choice([15, 23]), 30, tzinfo=dt.UTC)
            )
        assert kept() == counted_over_the_articles(), (step, action)
        assert not Mention.objects.exclude(published_at=F("article__published_at")).exclude(
            published_at=None, article__published_at=None
        ).exists(), (step, action)  # each mention holds its article's order key (articles.copies)
        assert not Mention.objects.exclude(position_on_page=F("article__position_on_page")).exists(), (step, action)


def test_deleting_a_topic_takes_its_articles_off_its_count():
    topic = make_topic()
    make_article().topics.add(topic)
    assert kept()[(CountScope.TOPIC, topic.pk)] == 1
    topic.delete()
    assert (CountScope.TOPIC, topic.pk) not in kept()


def test_a_migrate_counts_the_articles_already_there():
    topic, organization = make_topic(), make_organization()
    for i in range(3):
        article = make_article(dateline_date=None if i else dt.date(2023, 2, 12))
        article.topics.add(topic)
        article.organizations.add(organization)
    make_article(published=False, published_at=None).topics.add(topic)
    expected = counted_over_the_articles()
    PublishedCount.objects.all().delete()
    counting.install_and_recount(sender=None, using="default", apps=django_apps)  # post_migrate
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


def test_a_scheduled_article_is_counted_once_its_time_comes(client):
    """Counted when it goes live: at its time the first reader request (page cache on or off) sets it live."""
    topic = make_topic()
    make_article(dateline_date=dt.date(2023, 2, 12)).topics.add(topic)
    at = timezone.now() + dt.timedelta(hours=2)
    scheduled = make_article(dateline_date=dt.date(2023, 2, 12), published_at=at)
    scheduled.topics.add(topic)
    page_cache.advance()  # as the commit would: the generation now holds the scheduled time
    assert not Article.objects.get(pk=scheduled.pk).live
    assert selectors.topic_article_counts() == {topic.pk: 1} and selectors.readable_total() == 1
    with mock.patch("django.utils.timezone.now", return_value=at + dt.timedelta(seconds=1)):
        assert client.get("/topics/").status_code == 200
        assert Article.objects.get(pk=scheduled.pk).live
        assert selectors.topic_article_counts() == {topic.pk: 2} and selectors.readable_total() == 2
        assert selectors.days_with_articles(*selectors.ALL_DAYS) == [(dt.date(2023, 2, 12), 2)]
        assert kept() == counted_over_the_articles()


def test_live_follows_every_write_of_status_and_time():
    article = make_article()
    assert article.live
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    assert not Article.objects.get(pk=article.pk).live
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(days=1))
    assert Article.objects.get(pk=article.pk).live
    article.refresh_from_db()
    article.status = ArticleStatus.WITHDRAWN
    article.save(update_fields=["status"])
    assert not Article.objects.get(pk=article.pk).live
    article.status = ArticleStatus.PUBLISHED
    Article.objects.bulk_update([article], ["status"])
    assert Article.objects.get(pk=article.pk).live
    assert kept() == counted_over_the_articles()


def test_a_day_is_the_date_in_china_when_there_is_no_dateline():
    make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 16, 0, tzinfo=dt.UTC))
    make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 23, 30, tzinfo=dt.UTC))
    make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 15, 59, tzinfo=dt.UTC))
    assert selectors.days_with_articles(*selectors.ALL_DAYS) == [(dt.date(2023, 3, 1), 1), (dt.date(2023, 3, 2), 2)]
    assert kept() == counted_over_the_articles()


def test_readers_counts_are_what_readers_can_see():
    """Each count equals the readable articles counted over the articles (Article.objects.published())."""
    rng = random.Random(3)
    topics, organizations = [make_topic() for _ in range(2)], [make_organization() for _ in range(2)]
    now = timezone.now()
    for i in range(30):
        article = make_article(
            status=rng.choice([ArticleStatus.PUBLISHED] * 3 + [ArticleStatus.DRAFT, ArticleStatus.WITHDRAWN]),
            dateline_date=rng.choice([None, dt.date(2023, 2, 12), dt.date(2023, 3, 1)]),
            published_at=now + dt.timedelta(hours=rng.choice([-50, -1, 2, 30])) + dt.timedelta(minutes=i),
        )
        article.topics.add(*rng.sample(topics, rng.randint(0, 2)))
        article.organizations.add(*rng.sample(organizations, rng.randint(0, 2)))
    readable = Article.objects.published()
    days = Counter(a.display_date for a in readable)
    assert selectors.readable_total() == readable.count()
    assert selectors.days_with_articles(*selectors.ALL_DAYS) == sorted(days.items())
    assert selectors.topic_article_counts() == {
        t.pk: n for t in topics if (n := readable.filter(topics=t).count())
    }
    assert selectors.organization_article_counts() == {
        o.pk: n for o in organizations if (n := readable.filter(organizations=o).count())
    }


COUNT_TRIGGERS = {counting.trigger_name(table, event) for table, event in counting.DELTAS}


def triggers() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def other_triggers(vendor: str) -> set[str]:
    """The search's triggers (SQLite's full-text index) and those copying the publication time."""
    return (set(search_triggers.TRIGGERS) if vendor == "sqlite" else set()) | set(copies.NAMES[vendor])


def test_every_trigger_is_there_after_all_migrations():
    """A later migration that rebuilds the article or a through table on SQLite drops their triggers: the
    counting and search triggers are created again after every migrate (post_migrate), or the counts and the
    search would drift silently."""
    from django.db import connection

    search_names = other_triggers(connection.vendor)
    assert len(COUNT_TRIGGERS) == 18  # the article table's three, three for each of five tables of its rows
    assert COUNT_TRIGGERS | search_names <= triggers(), (COUNT_TRIGGERS | search_names) - triggers()


def test_a_mention_written_before_its_article_takes_the_articles_key_when_it_comes():
    """In one transaction the foreign keys are checked at its end: a fixture may load a mention first."""
    from django.db import transaction

    person = make_person("郭程明")
    with transaction.atomic():
        Mention.objects.create(article_id=987654, person=person)
        article = make_article(id=987654, position_on_page=3)
    mention = Mention.objects.get()
    assert (mention.published_at, mention.position_on_page) == (article.published_at, 3)


@pytest.mark.django_db(transaction=True)
def test_a_migrate_mends_the_copies_written_while_their_triggers_were_away():
    """Every migrate drops the copying triggers first; after it, the rows that differ from their article take
    its order key again (and only those are written)."""
    from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
    from django.db import connection

    person = make_person("张红军")
    article = make_article(position_on_page=1)
    Mention.objects.create(article=article, person=person)
    emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    moved = dt.datetime(2023, 3, 5, 8, 0, tzinfo=dt.UTC)
    Article.objects.filter(pk=article.pk).update(published_at=moved, position_on_page=4)
    assert Mention.objects.get().published_at != moved  # no trigger: the copy is stale
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    mention = Mention.objects.get()
    assert (mention.published_at, mention.position_on_page) == (moved, 4)
    assert ArticleSearchDocument.objects.get(article=article).published_at == moved


@pytest.mark.django_db(transaction=True)
def test_the_count_and_search_triggers_survive_a_rebuild_of_the_article_table():
    """On SQLite, altering a column rebuilds the table: a new one, the rows copied, the old one dropped (with
    its triggers), the new one renamed (which fails while a trigger on a through table names the article
    table). Every migrate drops the counting triggers first (pre_migrate) and creates them after (post_migrate)."""
    from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
    from django.db import connection, models

    search_names = other_triggers(connection.vendor)
    old = Article.source_line.field
    new = models.CharField("电头", max_length=60, blank=True, default="本报讯")
    new.set_attributes_from_name("source_line")
    try:
        emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        assert not (COUNT_TRIGGERS | search_names) & triggers()
        with connection.schema_editor() as editor:
            editor.alter_field(Article, old, new)
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        assert triggers() >= COUNT_TRIGGERS | search_names
        topic = make_topic()
        make_article(dateline_date=dt.date(2023, 2, 12)).topics.add(topic)
        later = make_article("区政府召开常务会议", dateline_date=None,
                             published_at=dt.datetime(2023, 3, 1, 23, 30, tzinfo=dt.UTC))
        assert kept() == counted_over_the_articles()
        assert selectors.topic_article_counts() == {topic.pk: 1}
        search_index.flush_pending()  # as the commit would
        moved = dt.datetime(2023, 3, 5, 8, 0, tzinfo=dt.UTC)
        Article.objects.filter(pk=later.pk).update(published_at=moved)  # no signal: the trigger alone
        assert ArticleSearchDocument.objects.get(article=later).published_at == moved
        if connection.vendor == "sqlite":
            assert [a.pk for a in search_articles("常务会议")] == [later.pk]
    finally:
        emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        with connection.schema_editor() as editor:
            editor.alter_field(Article, new, old)
        # what the migrations leave, for the tests after this one
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert COUNT_TRIGGERS | search_names <= triggers()


def test_counts_start_afresh_after_a_flush_that_emptied_them_first(client):
    """SQLite's flush deletes table by table in no set order: when the counts go first, deleting the articles
    leaves negative counts behind. post_migrate (which flush sends) counts again; the pages never fail."""
    from articles.counting import install_and_recount

    make_article().topics.add(make_topic())
    PublishedCount.objects.all().delete()
    Article.objects.all().delete()
    assert kept()[(CountScope.ALL, 0)] == -1
    assert client.get("/").status_code == 200  # a count below zero is no count, not an error
    install_and_recount(sender=None, using="default")
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
