"""The ``among`` lookup (newsroom.lookups): IN a short subquery, as ``= ANY(ARRAY(…))`` on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.models import Article, Mention
from tests.factories import make_article, make_mention, make_person

pytestmark = pytest.mark.django_db


def test_among_finds_what_in_finds_and_says_so_in_each_databases_words():
    person = make_person("张红军")
    named = [make_article(f"第{i}篇") for i in range(3)]
    for article in named[:2]:
        make_mention(article, person)
    make_article("别的")
    newest = Mention.objects.filter(person=person).order_by("-article_id").values("article_id")[:5]
    among = Article.objects.filter(pk__among=newest).order_by("pk")
    assert list(among) == list(Article.objects.filter(pk__in=newest).order_by("pk")) == named[:2]
    through = Mention.objects.filter(article__among=Article.objects.filter(title="第1篇").values("pk")[:1])
    assert [m.article_id for m in through] == [named[1].pk]
    sql = str(among.query)
    if connection.vendor == "postgresql":
        assert '"articles_article"."id" = ANY(ARRAY(SELECT' in sql
    else:
        assert '"articles_article"."id" IN (SELECT' in sql


def test_among_takes_a_subquery_not_a_list():
    with pytest.raises(TypeError, match="subquery"):
        list(Article.objects.filter(pk__among=[1, 2]))
