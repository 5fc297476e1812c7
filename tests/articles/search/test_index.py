"""The search index: both backends find the same articles, and the index follows every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from articles import workflow
from articles.models import ArticleSearchDocument, ArticleStatus, Mention
from articles.search import index as search_index
from articles.search import search_articles, search_terms, words
from tests.factories import make_article, make_credit, make_mention, make_organization, make_person, make_user
from tests.reader_factories import make_reader_seed

pytestmark = pytest.mark.django_db

#: What the small corpus must give on either backend (SQLite FTS5 and PostgreSQL tsvector alike).
EXPECTED = {
    "金刚石": {"jingangshi"},
    "张红军": {"shuzhi", "huijian_wu"},
    "张红军 吴志强": {"huijian_wu"},
    "吴志强 金刚石": {"huijian_wu", "jingangshi"},
    "会见": {"huijian_wu", "huijian_yue"},
    "高新区": {"shuzhi", "huijian_wu", "huijian_yue", "jingangshi"},  # 郑州高新区管委会 is named by the last
    "中安应急": {"huijian_yue"},  # an organization's short name: in the document, not in the text
    "孙庆辉": {"shuzhi", "huijian_wu", "jingangshi"},  # a byline
    "李未发": set(),  # named only in a draft
    "火星基地": set(),
}


@pytest.fixture
def seed(db):
    seed = make_reader_seed()
    search_index.flush_pending()  # what the commit would index (the test's transaction never commits)
    return seed


def found(query: str, seed) -> set[str]:
    names = {getattr(seed, n).pk: n for n in ["shuzhi", "huijian_wu", "huijian_yue", "jingangshi"]}
    results = list(search_articles(query))
    assert all(a.pk in names for a in results), "only readable articles are ever returned"
    return {names[a.pk] for a in results}


@pytest.mark.parametrize("query", list(EXPECTED))
def test_the_same_results_on_either_backend(seed, query):
    assert found(query, seed) == EXPECTED[query], connection.vendor


def test_a_confirmed_name_is_one_token_in_documents_and_queries(seed):
    assert search_terms("张红军") == ["张红军"]
    document = ArticleSearchDocument.objects.get(article=seed.shuzhi)
    assert "张红军" in document.title.split() + document.secondary.split() + document.body.split()
    assert "张红军" in words("区党工委书记张红军主持会议")


def test_the_title_outranks_the_body(seed):
    results = list(search_articles("金刚石 大会"))
    assert results[0] == seed.jingangshi and results[0].rank > 0


def test_drafts_scheduled_and_withdrawn_articles_are_never_found(seed):
    assert "金刚石产业园明日开工" not in {a.title for a in search_articles("金刚石")}
    editor = make_user(role="值班主任")
    workflow.withdraw(article=seed.jingangshi, by=editor, comment="更正")
    assert found("金刚石", seed) == set()


def test_the_index_follows_a_save(seed):
    seed.huijian_yue.body += "\n\n双方还就石墨烯项目交换了意见。"
    seed.huijian_yue.save()
    assert found("石墨烯", seed) == {"huijian_yue"}
    seed.huijian_yue.title = "郭程明会见客商"
    seed.huijian_yue.save()
    assert found("岳志铭", seed) == {"huijian_yue"}  # still named: a mention and the body


def test_publish_makes_an_article_findable_and_withdraw_hides_it(db):
    article = make_article("氢能产业座谈会召开", published=False, status=ArticleStatus.APPROVED,
                           body="本报讯 氢能企业座谈。")
    assert list(search_articles("氢能")) == []
    assert not ArticleSearchDocument.objects.filter(article=article).exists()  # unpublished: no document yet
    chief = make_user(role="值班主任")
    workflow.publish(article=article, by=chief, published_at=timezone.now() - dt.timedelta(minutes=1))
    assert [a.pk for a in search_articles("氢能")] == [article.pk]
    workflow.withdraw(article=article, by=chief, comment="撤稿")
    assert list(search_articles("氢能")) == []
    assert not ArticleSearchDocument.objects.filter(article=article).exists()


def test_a_scheduled_article_is_found_once_its_time_has_come(db):
    article = make_article("秸秆综合利用现场会", body="本报讯 秸秆利用。", published_at=timezone.now() + dt.timedelta(hours=1))
    assert list(search_articles("秸秆")) == []
    article.published_at = timezone.now() - dt.timedelta(seconds=1)
    article.save(update_fields=["published_at"])
    assert [a.pk for a in search_articles("秸秆")] == [article.pk]


def test_a_document_holds_its_articles_publication_time(db):
    article = make_article("秸秆综合利用现场会", body="本报讯 秸秆利用。")
    search_index.flush_pending()  # as at commit
    document = ArticleSearchDocument.objects.get(article=article)
    assert document.published_at == article.published_at
    article.published_at -= dt.timedelta(days=3)
    article.save()  # the words are the same: the document is written again for its time alone
    search_index.flush_pending()
    assert ArticleSearchDocument.objects.get(article=article).published_at == article.published_at
    assert search_index.index_articles([article.pk]) == 0  # nothing changed since


def test_the_documents_time_follows_the_article_whatever_writes_it(db):
    from articles.models import Article

    article = make_article("秸秆综合利用现场会", body="本报讯 秸秆利用。", published_at=timezone.now() + dt.timedelta(hours=1))
    search_index.flush_pending()  # as at commit
    earlier = timezone.now() - dt.timedelta(days=1)
    Article.objects.filter(pk=article.pk).update(published_at=earlier)  # no signal: the database's trigger
    assert ArticleSearchDocument.objects.get(article=article).published_at == earlier
    assert [a.pk for a in search_articles("秸秆")] == [article.pk]


def test_a_rescheduled_article_goes_to_its_place_among_the_newest(db, monkeypatch):
    from articles.search import query

    monkeypatch.setattr(query, "CANDIDATES", 2)
    first, second, third = (make_article(f"稿件{i}", body="本报讯 秸秆利用。") for i in range(3))
    assert [a.pk for a in search_articles("秸秆")] == [first.pk, second.pk]
    third.published_at = timezone.now() - dt.timedelta(seconds=1)  # now the newest
    third.save()
    assert [a.pk for a in search_articles("秸秆")] == [third.pk, first.pk]


def test_a_mention_byline_or_organization_added_is_indexed(db):
    article = make_article("调研工作", body="本报讯 调研。")
    make_mention(article, make_person("欧阳振华", confirmed=True), "副区长")
    make_credit(article, make_person("司马文博", kind="journalist"))
    article.organizations.add(make_organization("龙湖镇人民政府", short_name="龙湖镇"))
    for query in ["欧阳振华", "司马文博", "龙湖镇"]:
        assert [a.pk for a in search_articles(query)] == [article.pk], query
    Mention.objects.get(article=article).delete()
    assert list(search_articles("欧阳振华")) == []


def test_a_person_renamed_is_found_by_the_new_name(seed):
    seed.yue.name = "岳志明"
    seed.yue.save()
    assert found("岳志明", seed) == {"huijian_yue"}
    assert search_terms("岳志明") == ["岳志明"]  # confirmed: a word of the dictionary at once


def test_a_person_confirmed_later_becomes_one_token_everywhere(db):
    article = make_article("会议召开", body="本报讯 区长龚卫东出席会议。")
    person = make_person("龚卫东")
    assert search_terms("龚卫东") != ["龚卫东"]
    person.confirmed = True
    person.save()
    assert search_terms("龚卫东") == ["龚卫东"]
    assert [a.pk for a in search_articles("龚卫东")] == [article.pk]
    assert "龚卫东" in ArticleSearchDocument.objects.get(article=article).body.split()


def test_a_merge_moves_the_articles_to_the_survivor(seed):
    # What a merge does: move the duplicate's mentions and bylines with update() (no signals), delete it.
    typo = make_person("张洪军")
    make_mention(seed.jingangshi, typo, "区党工委书记")
    assert found("张洪军", seed) == {"jingangshi"}
    Mention.objects.filter(person=typo).update(person=seed.zhang)
    typo.delete()
    assert found("张洪军", seed) == set()
    assert found("张红军", seed) == {"shuzhi", "huijian_wu", "jingangshi"}


def test_an_organization_renamed_is_reindexed(seed):
    seed.zhongan.short_name = "中安科技"
    seed.zhongan.save()
    assert found("中安科技", seed) == {"huijian_yue"}


def test_an_import_in_a_transaction_is_indexed_at_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = make_article("防汛物资储备检查", body="本报讯 防汛物资。")
        make_credit(article, make_person("诸葛鸿飞", kind="journalist"))
        Mention.objects.bulk_create([Mention(article=article, person=make_person("上官海燕"))])  # no signal
        assert connection.in_atomic_block
    assert set(words("上官海燕")) <= set(ArticleSearchDocument.objects.get(article=article).secondary.split())
    assert [a.pk for a in search_articles("上官海燕")] == [article.pk]


def test_an_article_deleted_leaves_no_document(seed):
    pk = seed.jingangshi.pk
    seed.jingangshi.delete()
    assert not ArticleSearchDocument.objects.filter(pk=pk).exists()
    assert list(search_articles("金刚石")) == []


def test_rebuild_search_index_command(seed, capsys):
    ArticleSearchDocument.objects.all().delete()
    assert list(search_articles("金刚石")) == []
    call_command("rebuild_search_index")
    out, err = capsys.readouterr()
    assert "已重建 5 篇已发布稿件的检索索引" in out
    assert "索引" in err and "5/5" in err
    assert found("金刚石", seed) == {"jingangshi"}
    assert ArticleSearchDocument.objects.count() == 5  # the scheduled one too (found when its time comes)
    assert not ArticleSearchDocument.objects.filter(article=seed.draft).exists()  # drafts: when published


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage of the vectors")
def test_vectors_are_kept_in_the_row_and_the_migration_writes_old_ones_again(db):
    import importlib

    migration = importlib.import_module("articles.migrations.0008_search_vector_inline")
    article = make_article("秸秆综合利用现场会", body="本报讯 秸秆综合利用。" * 400)  # texts long enough to go out
    search_index.flush_pending()  # as at commit
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'vector'",
                       [ArticleSearchDocument._meta.db_table])
        assert cursor.fetchone()[0] == "m"  # MAIN: in the row, compressed if it must be
        before = ArticleSearchDocument.objects.values_list("vector", flat=True).get(article=article)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own transaction: no pending checks
        with connection.schema_editor() as editor:
            migration.vectors_in_the_row(None, editor)
    assert ArticleSearchDocument.objects.values_list("vector", flat=True).get(article=article) == before
    assert [a.pk for a in search_articles("秸秆")] == [article.pk]
