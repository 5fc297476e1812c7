"""Pieces of reader pages kept between requests: lists, counts and looked-up objects, by generation.

The page cache is off here, as for a page not yet cached: what is measured is what the fragments save and that
none of them is ever stale.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.models import Topic
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments(settings):
    settings.FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


def html(client, url="/") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()






def test_list_totals_are_exact_after_every_change(client):
    for i in range(3):
        make_article(f"稿件{i}")
    assert "共 3 篇" in html(client, "/articles/")
    make_article("第四篇")
    assert "共 4 篇" in html(client, "/articles/")
    make_article("草稿", published=False)
    assert "共 4 篇" in html(client, "/articles/")


def test_a_total_is_counted_once_per_change(client, django_assert_num_queries):
    make_article("稿件")
    html(client, "/articles/")
    with django_assert_num_queries(1):  # the total and the page's articles are kept; the filter form lists the topics
        html(client, "/articles/")


def test_topic_counts_follow_publication(client):
    topic = Topic.objects.create(name="应急安全")
    make_article("一").topics.add(topic)
    assert '应急安全</a> <span class="count">1</span>' in html(client)
    make_article("二").topics.add(topic)  # a relation change draws a new generation
    assert '应急安全</a> <span class="count">2</span>' in html(client)


def test_a_scheduled_article_is_counted_when_its_time_comes(client):
    make_article("已发")
    scheduled = make_article("定时")
    scheduled.published_at = timezone.now() + dt.timedelta(hours=1)
    scheduled.save()
    assert "共 1 篇" in html(client, "/articles/")
    type(scheduled).objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    cache.set("pages:state", {**cache.get("pages:state"), "next_publication": timezone.now()}, None)
    assert "共 2 篇" in html(client, "/articles/")


def test_nothing_is_memoized_inside_a_transaction_that_may_roll_back(client):
    make_article("一")
    with transaction.atomic():
        make_article("回滚的稿件")
        assert "共 2 篇" in html(client, "/articles/")
        transaction.set_rollback(True)
    assert "共 1 篇" in html(client, "/articles/")


def test_fragments_off_means_nothing_is_kept(client, settings):
    settings.FRAGMENT_CACHE = False
    make_article("稿件")
    html(client)
    assert not any(":memo:" in k for k in cache._cache)  # noqa: SLF001


def test_a_months_days_follow_changes(client):
    make_article("二月", dateline_date=dt.date(2023, 2, 12))
    make_article("三月", dateline_date=dt.date(2023, 3, 12))
    february, march = html(client, "/2023/02/"), html(client, "/2023/03/")
    assert "2月12日" in february and "3月12日" not in february
    assert "3月12日" in march and "2月12日" not in march
    make_article("二月又一篇", dateline_date=dt.date(2023, 2, 20))
    assert "2月20日" in html(client, "/2023/02/")




def test_an_articles_neighbours_and_related_follow_publication(client):
    from tests.factories import make_mention, make_person

    person = make_person("张红军")
    first = make_article("第一篇", published_at=timezone.now() - dt.timedelta(hours=3))
    make_mention(first, person)
    assert "相关报道" not in html(client, first.get_absolute_url())
    second = make_article("第二篇", published_at=timezone.now() - dt.timedelta(hours=1))
    make_mention(second, person)
    page = html(client, first.get_absolute_url())
    assert "相关报道" in page and "第二篇" in page


def test_the_filter_form_keeps_what_each_reader_typed(client):
    make_article("稿件")
    assert 'value="金刚石"' in html(client, "/articles/?q=金刚石")
    other = html(client, "/articles/?q=安全")
    assert 'value="安全"' in other and 'value="金刚石"' not in other
    assert 'class="error"' in html(client, "/articles/?start=not-a-date")
    assert 'class="error"' not in html(client, "/articles/")


def test_a_persons_page_follows_their_articles(client):
    from tests.factories import make_mention, make_person

    person = make_person("张红军")
    draft = make_article("草稿", published=False)
    make_mention(draft, person)
    assert client.get(person.get_absolute_url()).status_code == 404  # only in a draft: no page, and kept so
    make_mention(make_article("见报"), person)
    assert "见报" in html(client, person.get_absolute_url())


def test_search_cards_highlight_each_searchs_words(client):
    make_article("安全生产检查", body="本报讯 安全生产大检查。")
    first = html(client, "/search/?q=安全")
    assert "<mark>安全</mark>" in first
    other = html(client, "/search/?q=检查")
    assert "<mark>检查</mark>" in other and "<mark>安全</mark>" not in other
    assert html(client, "/search/?q=安全") == first


def test_an_article_page_follows_edits_and_withdrawal(client):
    from articles.models import ArticleStatus

    article = make_article("原标题")
    assert "原标题" in html(client, article.get_absolute_url())
    article.title = "新标题"
    article.save()
    assert "新标题" in html(client, article.get_absolute_url())
    article.status = ArticleStatus.WITHDRAWN
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_list_pages_kept_for_the_generation_make_no_query(client, django_assert_num_queries):
    from tests.factories import make_mention, make_organization, make_person, make_topic

    person, organization, topic = make_person("张红军"), make_organization("科技局"), make_topic("应急安全")
    article = make_article("稿件", dateline_date=dt.date(2023, 2, 12))
    make_mention(article, person)
    article.organizations.add(organization)
    article.topics.add(topic)
    urls = [
        "/", person.get_absolute_url(), organization.get_absolute_url(), topic.get_absolute_url(),
        "/2023/02/12/", "/2023/02/", article.get_absolute_url(),
    ]
    filtered = f"/articles/?topic={topic.slug}&start=2023-02-01&end=2023-02-28"
    for url in [*urls, filtered]:
        html(client, url)
    for url in urls:  # the list (built only when its total or rows are missing), the topic: kept
        with django_assert_num_queries(0):
            html(client, url)
    with django_assert_num_queries(2):  # the filter form, rendered each time: the chosen topic, the topics
        html(client, filtered)


def test_an_empty_day_is_a_404_and_stays_one_without_a_query(client, django_assert_num_queries):
    make_article("稿件", dateline_date=dt.date(2023, 2, 12))
    assert client.get("/2023/02/13/").status_code == 404
    with django_assert_num_queries(0):
        assert client.get("/2023/02/13/").status_code == 404
    make_article("第二天", dateline_date=dt.date(2023, 2, 13))
    assert "第二天" in html(client, "/2023/02/13/")


def test_an_article_page_follows_changes_to_the_people_and_topics_it_shows(client):
    from tests.factories import make_mention, make_person, make_topic

    article = make_article("稿件")
    person, topic = make_person("张红军"), make_topic("应急安全")
    make_mention(article, person)
    article.topics.add(topic)
    page = html(client, article.get_absolute_url())
    assert "张红军" in page and "应急安全" in page
    person.name = "张宏军"  # an editor's correction, on the person, not on the article
    person.save()
    topic.name = "安全生产"
    topic.save()
    page = html(client, article.get_absolute_url())
    assert "张宏军" in page and "安全生产" in page and "应急安全" not in page


def test_home_topics_and_filter_chips_follow_a_renamed_topic(client):
    from tests.factories import make_topic

    topic = make_topic("应急安全")
    make_article("稿件").topics.add(topic)
    url = f"/articles/?topic={topic.slug}"
    assert "应急安全" in html(client) and "专题：应急安全" in html(client, url)
    topic.name = "安全生产"
    topic.save()
    assert "安全生产" in html(client) and "应急安全" not in html(client)
    assert "专题：安全生产" in html(client, url)


def test_the_generation_is_read_once_per_request_and_again_after_a_change(client, monkeypatch, rf, settings):
    from newsroom import cache as page_cache

    make_article("稿件")
    reads = []
    real = page_cache._read_state  # noqa: SLF001
    monkeypatch.setattr(page_cache, "_read_state", lambda: reads.append(1) or real())
    html(client, "/articles/")
    assert len(reads) == 1  # the total, the rows and the filter chips: one read

    seen = []

    def view_that_writes(request):
        seen.append(page_cache.current_state()["generation"])
        page_cache.pages_changed()
        seen.append(page_cache.current_state()["generation"])
        return None

    settings.PAGE_CACHE_SECONDS = 0  # the request goes straight to the view
    page_cache.AnonymousPageCacheMiddleware(view_that_writes)(rf.post("/admin/"))
    assert seen[0] != seen[1]  # the change is seen by the rest of the request that made it
    assert page_cache._request_state.get() is None  # noqa: SLF001 - nothing left for the next request


def test_search_results_are_kept_until_the_site_changes(client, django_assert_num_queries):
    from articles.models import ArticleStatus

    first = make_article("安全生产检查", body="本报讯 安全生产大检查。")
    assert first.get_absolute_url() in html(client, "/search/?q=安全")
    with django_assert_num_queries(0):  # the candidates, the page and its cards: all kept for the generation
        html(client, "/search/?q=安全")
    later = make_article("新的安全稿件", body="本报讯 安全第一。")
    assert later.get_absolute_url() in html(client, "/search/?q=安全")
    later.status = ArticleStatus.WITHDRAWN
    later.save()
    assert later.get_absolute_url() not in html(client, "/search/?q=安全")


def test_search_results_kept_while_the_index_was_written_are_not_served(client, django_capture_on_commit_callbacks):
    """At commit the site's new generation is drawn before the new documents are written: a reader searching
    in between keeps the old results under it, so the index draws one more when it is written."""
    from articles import search_index

    make_article("旧的安全稿件", body="本报讯 安全。")
    html(client, "/search/?q=安全")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        url = make_article("新的安全稿件", body="本报讯 安全第一。").get_absolute_url()
    indexing = callbacks.index(search_index.flush_pending)
    for callback in callbacks[:indexing]:  # the commit's new generation
        callback()
    pending = dict(search_index._queue())  # noqa: SLF001 - the reader in between is another process: its
    search_index._queue().clear()  # noqa: SLF001 - queue of documents to write is empty
    assert url not in html(client, "/search/?q=安全")
    search_index._queue().update(pending)  # noqa: SLF001
    for callback in callbacks[indexing:]:
        callback()
    assert url in html(client, "/search/?q=安全")
