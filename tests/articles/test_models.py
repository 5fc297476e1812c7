import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ArticleStatus, Credit, Mention
from tests.factories import (
    make_article,
    make_credit,
    make_meeting,
    make_mention,
    make_person,
    make_source_page,
    make_topic,
)

pytestmark = pytest.mark.django_db


def test_body_keeps_its_paragraphs():
    article = make_article(body="第一段。\n\n第二段，\n仍是第二段。\n\n  \n第三段。")
    assert article.paragraphs == ["第一段。", "第二段，\n仍是第二段。", "第三段。"]
    assert article.summary == "第一段。"
    article.lead = "导语"
    assert article.summary == "导语"


def test_slug_url_and_str():
    article = make_article("张红军会见吴志强一行")
    assert article.slug == "zhang-hong-jun-hui-jian-wu-zhi-qiang-yi-xing"
    assert article.get_absolute_url() == f"/articles/{article.slug}/"
    assert str(article) == "张红军会见吴志强一行"
    again = make_article("张红军会见吴志强一行")
    assert again.slug == f"{article.slug}-2"


def test_published_means_published_and_due():
    visible = make_article()
    make_article(published=False)  # draft
    make_article(published_at=timezone.now() + dt.timedelta(days=1))  # scheduled
    make_article(status=ArticleStatus.WITHDRAWN, published_at=timezone.now())
    assert list(Article.objects.published()) == [visible]
    assert visible.is_public


def test_published_article_needs_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="无时间", body="x", status=ArticleStatus.PUBLISHED, published_at=None)


def stored_display_date(article: Article) -> dt.date | None:
    return Article.objects.values_list("display_date", flat=True).get(pk=article.pk)


def test_display_date_prefers_the_dateline_then_the_local_day_of_publication():
    article = make_article(dateline_date=dt.date(2023, 2, 3))
    assert article.display_date == stored_display_date(article) == dt.date(2023, 2, 3)
    article.dateline_date = None
    article.save()
    assert article.display_date == stored_display_date(article) == timezone.localdate(article.published_at)
    draft = make_article(published=False, dateline_date=None, issue_date=dt.date(2023, 2, 5))
    assert stored_display_date(draft) == dt.date(2023, 2, 5)  # unpublished: the print issue's date
    assert stored_display_date(make_article(published=False, dateline_date=None)) is None


@pytest.mark.parametrize("utc, shanghai", [
    (dt.datetime(2023, 3, 1, 23, 30, tzinfo=dt.UTC), dt.date(2023, 3, 2)),
    (dt.datetime(2023, 3, 1, 15, 59, tzinfo=dt.UTC), dt.date(2023, 3, 1)),
    (dt.datetime(2023, 3, 1, 16, 0, tzinfo=dt.UTC), dt.date(2023, 3, 2)),
])
def test_the_display_date_is_the_day_in_the_configured_time_zone(utc, shanghai, settings):
    article = make_article(dateline_date=None, published_at=utc)
    assert stored_display_date(article) == shanghai
    with timezone.override("America/New_York"):  # a time zone activated for a request changes nothing
        article.save()
    assert stored_display_date(article) == shanghai


def test_save_with_update_fields_writes_the_display_date_too():
    article = make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 1, 0, tzinfo=dt.UTC))
    article.published_at = dt.datetime(2023, 4, 1, 23, 30, tzinfo=dt.UTC)
    article.save(update_fields=["published_at"])
    assert stored_display_date(article) == dt.date(2023, 4, 2)
    article.dateline_date = dt.date(2023, 1, 9)
    article.save(update_fields=["dateline_date", "updated_at"])
    assert stored_display_date(article) == dt.date(2023, 1, 9)


def test_queryset_writes_keep_the_display_date():
    a = make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 1, 0, tzinfo=dt.UTC))
    b = make_article(dateline_date=dt.date(2023, 1, 9))
    # update(): the rows it changes are found before it (it may take them out of its own filter)
    assert Article.objects.filter(dateline_date=None).update(dateline_date=dt.date(2023, 5, 5)) == 1
    assert stored_display_date(a) == dt.date(2023, 5, 5)
    Article.objects.filter(pk__in=[a.pk, b.pk]).update(
        dateline_date=None, published_at=dt.datetime(2023, 6, 1, 23, 30, tzinfo=dt.UTC)
    )
    assert stored_display_date(a) == stored_display_date(b) == dt.date(2023, 6, 2)
    # bulk_update and bulk_create
    a.dateline_date = dt.date(2023, 7, 7)
    Article.objects.bulk_update([a], ["dateline_date"])
    assert stored_display_date(a) == dt.date(2023, 7, 7)
    [c] = Article.objects.bulk_create([Article(title="批量", body="x", slug="pi-liang", dateline_date=None,
                                               status=ArticleStatus.PUBLISHED,
                                               published_at=dt.datetime(2023, 8, 1, 20, 0, tzinfo=dt.UTC))])
    assert stored_display_date(c) == dt.date(2023, 8, 2)
    # an update() of other fields leaves it alone
    Article.objects.filter(pk=a.pk).update(title="改标题")
    assert stored_display_date(a) == dt.date(2023, 7, 7)


def test_the_migration_fills_the_display_date_of_articles_already_there():
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    articles = [make_article(dateline_date=None, published_at=dt.datetime(2023, 3, 1, 23, 30, tzinfo=dt.UTC)),
                make_article(dateline_date=dt.date(2023, 2, 3)), make_article(published=False, dateline_date=None)]
    Article.objects.update(display_date=None)  # as the column is when the migration adds it
    migration = importlib.import_module("articles.migrations.0009_display_date")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert [stored_display_date(a) for a in articles] == [dt.date(2023, 3, 2), dt.date(2023, 2, 3), None]


def test_fill_display_dates_works_in_batches():
    from articles.models import fill_display_dates

    articles = [make_article(dateline_date=dt.date(2023, 2, day)) for day in range(1, 6)]
    Article.objects.update(display_date=None)
    assert fill_display_dates(Article.objects.all(), batch_size=2) == 5
    assert [stored_display_date(a) for a in articles] == [dt.date(2023, 2, day) for day in range(1, 6)]
    assert fill_display_dates(Article.objects.all(), batch_size=2) == 0


def test_credits_are_ordered_and_unique_per_role():
    article = make_article()
    sun = make_person("孙庆辉", kind="journalist")
    wang = make_person("王彦凯", kind="journalist")
    make_credit(article, wang, "通讯员", order=1)
    make_credit(article, sun, "文/图", order=0)
    assert [str(c) for c in article.credits.all()] == ["文/图 孙庆辉", "通讯员 王彦凯"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(article=article, person=sun, role="文/图")


def test_mentions_keep_the_printed_title():
    article = make_article()
    zhang = make_person("张红军")
    mention = make_mention(article, zhang, "区党工委书记", "主持")
    assert str(mention) == "区党工委书记张红军"
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article, person=zhang)


def test_a_person_with_mentions_cannot_be_deleted():
    from django.db.models import ProtectedError

    zhang = make_person("张红军")
    make_mention(make_article(), zhang)
    with pytest.raises(ProtectedError):
        zhang.delete()


def test_source_page_is_protected_while_articles_use_it():
    from django.db.models import ProtectedError

    page = make_source_page()
    make_article(source_page=page)
    with pytest.raises(ProtectedError):
        page.delete()


def test_meeting_and_topic_str_and_urls():
    meeting = make_meeting("2022年度述职评议会", date=dt.date(2023, 2, 12))
    assert str(meeting) == "2022年度述职评议会（2023年2月12日）"
    topic = make_topic("党建", keywords="党建、基层党组织\n述职")
    assert topic.keyword_list == ["党建", "基层党组织", "述职"]
    assert topic.get_absolute_url() == "/topics/dang-jian/"


def test_meeting_has_a_page():
    meeting = make_meeting("2023世界金刚石大会总体方案汇报会", date=dt.date(2023, 2, 8))
    assert meeting.get_absolute_url() == f"/meetings/{meeting.pk}/"
