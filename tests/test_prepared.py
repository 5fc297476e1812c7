"""Prepared reader queries (newsroom.prepared): the same results as the QuerySet, compiled once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Credit
from newsroom.prepared import PreparedList, prepared
from tests.factories import make_article, make_credit, make_person

pytestmark = pytest.mark.django_db


def _credits(article_ids: list[int], since: dt.datetime) -> QuerySet[Credit]:
    return (Credit.objects.filter(article_id__in=article_ids, article__published_at__gte=since)
            .select_related("person").only("role", "article_id", "person__name").order_by("pk"))


def test_models_with_their_related_rows_and_annotations_as_the_queryset_gives_them():
    reporter, other = make_person("孙庆辉"), make_person("郭程明")
    now = timezone.now()
    first, second = make_article("一", published_at=now), make_article("二", published_at=now)
    make_credit(first, reporter)
    make_credit(second, other, role="通讯员")
    since = now - dt.timedelta(days=1)
    credits = prepared(_credits)
    for ids in ([first.pk], [first.pk, second.pk], [second.pk, first.pk]):
        got, expected = credits(ids, since), list(_credits(ids, since))
        assert len(got) == len(ids)
        assert [(c.pk, c.role, c.person.name) for c in got] == [(c.pk, c.role, c.person.name) for c in expected]
    with CaptureQueriesContext(connection) as queries:
        assert credits([second.pk], since)[0].person.name == "郭程明"  # from the join: no second query
    assert len(queries) == 1
    counted = prepared(lambda day: Article.objects.filter(dateline_date__lte=day).annotate(n=Count("credits"))
                       .order_by("title").only("title"))
    found = counted(dt.date(2999, 1, 1))
    assert [(a.title, a.n) for a in found] == [("一", 1), ("二", 1)]
    assert found[0].body == first.body  # a deferred field still loads when asked for


def test_rows_limits_and_offsets():
    for i in range(5):
        make_article(f"第{i}篇", published_at=timezone.now() - dt.timedelta(hours=i))
    titles = prepared(rows=True)(
        lambda now: Article.objects.published(now).order_by("-published_at").values_list("title", "published_at")
    )
    now = timezone.now()
    rows = titles(now, limit=2, offset=1)
    assert [t for t, _ in rows] == ["第1篇", "第2篇"]
    assert all(isinstance(at, dt.datetime) for _, at in rows)  # converted as the QuerySet converts them
    assert [t for t, _ in titles(now - dt.timedelta(minutes=90))] == ["第2篇", "第3篇", "第4篇"]
    paged = PreparedList(titles, now, total=lambda: 5)
    assert [t for t, _ in paged[3:5]] == ["第3篇", "第4篇"] and paged.count() == 5


def test_an_empty_list_matches_nothing_without_a_query():
    make_article("一")
    by_ids = prepared(lambda ids: Article.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        assert by_ids([]) == []
    assert len(queries) == 0


def test_built_once_per_shape(settings):
    settings.NEWSROOM_CHECK_PREPARED = False
    built = []

    def build(ids):
        built.append(len(ids))
        return Article.objects.filter(pk__in=ids)

    by_ids = prepared(build)
    articles = [make_article(str(i)) for i in range(3)]
    for ids in ([articles[0].pk], [articles[1].pk], [articles[0].pk, articles[2].pk], [articles[1].pk, articles[2].pk]):
        assert {a.pk for a in by_ids(ids)} == set(ids)
    assert built == [1, 1, 2]  # the model's first look, then one compilation for each length


def test_an_argument_that_would_go_into_the_sql_text_is_refused():
    make_article("一")
    sliced = prepared(lambda n: Article.objects.order_by("pk")[:n])
    with pytest.raises(ValueError, match="SQL text"):
        sliced(1)


def test_the_check_catches_a_query_that_depends_on_its_arguments_values(settings):
    settings.NEWSROOM_CHECK_PREPARED = True
    # Wrong: the stand-in (a huge number) takes the first branch; a real small number takes the other.
    branching = prepared(lambda n: Article.objects.filter(pk=n) if n > 1000 else Article.objects.filter(pk__lt=n))
    with pytest.raises(AssertionError, match="prepared"):
        branching(5)


def test_a_list_passed_whole_as_one_parameter():
    """As the search passes its candidates on PostgreSQL: one array parameter, not one per id."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL binds a list as one parameter (an array)")
    articles = [make_article(str(i)) for i in range(3)]
    by_ids = prepared(lambda ids: Article.objects.filter(
        RawSQL('"articles_article"."id" = ANY(%s)', (ids,), output_field=BooleanField())
    ))
    assert {a.pk for a in by_ids([articles[0].pk, articles[2].pk])} == {articles[0].pk, articles[2].pk}
    assert {a.pk for a in by_ids([articles[1].pk, articles[0].pk])} == {articles[1].pk, articles[0].pk}


def test_an_array_is_compiled_once_for_every_length_and_refused_item_by_item(settings):
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from newsroom.prepared import Array

    itemised = prepared(lambda ids: Article.objects.filter(pk__in=ids))
    with pytest.raises(ValueError, match="item by item"):
        itemised(Array([1, 2]))
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL binds a list as one parameter (an array)")
    settings.NEWSROOM_CHECK_PREPARED = False
    built = []

    def build(ids):
        built.append(ids)
        return Article.objects.filter(RawSQL('"articles_article"."id" = ANY(%s)', (ids,), output_field=BooleanField()))

    articles = [make_article(str(i)) for i in range(3)]
    by_ids = prepared(build)
    for ids in ([articles[0].pk], [a.pk for a in articles], []):
        assert {a.pk for a in by_ids(Array(ids))} == set(ids)
    assert len(built) == 2  # the model's first look, then one compilation


def test_constants_are_written_into_the_sql_and_only_the_arguments_are_parameters():
    """PostgreSQL plans a statement without parameters once per connection: the builder's constants (a status, a
    kind, a number; quotes and percent signs too) go into the SQL as literals, a call's arguments stay
    parameters, and the rows are those of the QuerySet."""
    from articles.models import ArticleStatus

    make_article("百分之百 '达标'", kicker="100%", published_at=timezone.now() - dt.timedelta(hours=1))
    make_article("草稿", published=False, status=ArticleStatus.DRAFT, kicker="100%")

    def build(now):
        return (Article.objects.filter(status=ArticleStatus.PUBLISHED, kicker="100%", title__contains="'达标'",
                                       published_at__lte=now).values_list("title"))

    titles = prepared(rows=True)(build)
    now = timezone.now()
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, list(params or [])))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert titles(now, limit=5) == [("百分之百 '达标'",)] == list(build(now))
        assert titles(now - dt.timedelta(hours=2)) == []
    sql, params = sent[0]  # the prepared run (then the QuerySet, then the second run)
    if connection.vendor == "postgresql":
        assert "'published'" in sql and "'100%%'" in sql and "'%%''达标''%%'" in sql and sql.endswith("LIMIT 5 OFFSET 0")
        assert params == [now]  # the call's argument only
    else:
        assert len(params) == 4  # SQLite: as the ORM wrote it
