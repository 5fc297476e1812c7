"""Whole reader pages cached for anonymous readers under the site's generation, and never stale after a change.

The tests commit for real (``transaction=True``): the generation moves on when a change commits.
tests/test_cache_processes.py checks the same with real server processes.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from articles import workflow
from articles.models import ArticleStatus, Topic
from newsroom import cache as page_cache
from newsroom.models import Generation
from tests.factories import make_article, make_mention, make_person, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def moves_registered() -> int:
    """How many moves of the generation the open transaction will make at commit."""
    return sum(func is page_cache.advance for _, func, _ in connection.run_on_commit)


def get(client, url="/", status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def generation() -> int:
    return Generation.objects.get(pk=1).number


def test_an_anonymous_page_is_served_from_the_cache_without_a_query(client, django_assert_num_queries):
    make_article("旧闻一则")
    assert get(client)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):  # the generation the miss read is trusted for a second
        response = get(client)
    assert response["X-Page-Cache"] == "hit" and "旧闻一则" in response.content.decode()
    page_cache.forget_generation()
    with django_assert_num_queries(1):  # then read again
        assert get(client)["X-Page-Cache"] == "hit"


def test_a_change_made_by_another_process_is_seen_once_the_generation_is_read_again(client):
    """Another process's change moves the row, not this process's memory: seen within GENERATION_SECONDS."""
    make_article("旧闻一则")
    get(client)
    now = page_cache.time.monotonic()
    Generation.objects.filter(pk=1).update(number=generation() + 1)  # as another worker's commit would
    with mock.patch.object(page_cache.time, "monotonic", return_value=now + 0.5):
        assert get(client)["X-Page-Cache"] == "hit"  # within the second: the number this process read
    with mock.patch.object(page_cache.time, "monotonic", return_value=now + page_cache.GENERATION_SECONDS + 0.1):
        assert get(client)["X-Page-Cache"] == "miss"  # then the new number, and no page filed under it yet


def test_publish_edit_and_withdraw_are_seen_at_once_on_every_page(client):
    chief = make_user(role="值班主任")
    person = make_person("郭程明")
    topic = Topic.objects.create(name="营商环境", slug="ying-shang")
    draft = make_article("新闻发布会召开", published=False, status=ArticleStatus.APPROVED, body="本报讯 安全生产。")
    make_mention(draft, person)
    draft.topics.add(topic)
    make_mention(make_article("别的稿件"), person)
    pages = ["/", "/articles/", person.get_absolute_url(), topic.get_absolute_url(), "/search/?q=安全生产"]
    for url in pages:
        assert "新闻发布会召开" not in get(client, url).content.decode()
        assert get(client, url)["X-Page-Cache"] == "hit"
    workflow.publish(article=draft, by=chief, published_at=timezone.now() - dt.timedelta(minutes=1))
    for url in pages:
        assert "新闻发布会召开" in get(client, url).content.decode(), url
    get(client, draft.get_absolute_url())
    draft.title = "新闻发布会顺利召开"
    draft.save()
    for url in [*pages[:4], draft.get_absolute_url()]:
        assert "新闻发布会顺利召开" in get(client, url).content.decode(), url
    workflow.withdraw(article=draft, by=chief, comment="撤稿")
    for url in pages:
        assert "新闻发布会顺利召开" not in get(client, url).content.decode(), url
    get(client, draft.get_absolute_url(), status=404)


def test_a_renamed_person_is_renamed_on_every_page(client):
    person = make_person("张红军")
    article = make_article("会议召开")
    make_mention(article, person)
    for url in ["/people/", person.get_absolute_url(), article.get_absolute_url()]:
        get(client, url)
    person.name = "张宏军"
    person.save()
    for url in ["/people/", person.get_absolute_url(), article.get_absolute_url()]:
        assert "张宏军" in get(client, url).content.decode(), url


def test_a_change_inside_a_transaction_moves_the_generation_once_at_commit(client):
    make_article("普通稿件")
    get(client)
    before = generation()
    with transaction.atomic():
        for i in range(5):
            make_article(f"第{i}篇新稿件")
        assert generation() == before
        assert moves_registered() == 1
    assert generation() > before
    response = get(client)
    assert response["X-Page-Cache"] == "miss" and "第4篇新稿件" in response.content.decode()


def test_a_rolled_back_savepoint_drops_its_move_and_a_later_change_registers_again():
    make_article("第一篇")
    before = generation()
    with transaction.atomic():
        with transaction.atomic():
            make_article("撤销的稿件")
            assert moves_registered() == 1
            transaction.set_rollback(True)
        assert moves_registered() == 0
        make_article("保留的稿件")
        assert moves_registered() == 1
    assert generation() > before


def test_a_rolled_back_transaction_moves_nothing():
    make_article("第一篇")
    before = generation()
    with transaction.atomic():
        make_article("撤销的稿件")
        transaction.set_rollback(True)
    assert generation() == before


def test_a_page_cached_before_a_scheduled_time_shows_the_article_after_it(client):
    at = timezone.now() + dt.timedelta(hours=1)
    make_article("定时发布的稿件", published_at=at)
    assert Generation.objects.get(pk=1).next_publication == at
    assert "定时发布的稿件" not in get(client).content.decode()
    assert get(client)["X-Page-Cache"] == "hit"
    before = generation()
    with mock.patch("django.utils.timezone.now", return_value=at + dt.timedelta(seconds=1)):
        response = get(client)
        assert "X-Page-Cache" not in response  # the request that sees the time come is not cached
        assert "定时发布的稿件" in response.content.decode()
        assert generation() == before + 1
        assert Generation.objects.get(pk=1).next_publication is None
        assert "定时发布的稿件" in get(client).content.decode()


def test_the_cache_keeps_no_page_past_the_next_scheduled_time(client):
    make_article("定时发布的稿件", published_at=timezone.now() + dt.timedelta(seconds=30))
    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        get(client)
    timeouts = [c.args[2] for c in stored.call_args_list]
    assert timeouts and all(0 < t <= 30 for t in timeouts)


def test_logged_in_users_never_get_cached_pages(client):
    make_article("普通稿件")
    get(client)
    assert get(client)["X-Page-Cache"] == "hit"
    client.force_login(make_user())
    assert "X-Page-Cache" not in get(client)
    assert "X-Page-Cache" not in get(client)


def test_a_page_for_a_logged_in_user_is_never_stored_for_readers(client):
    make_article("普通稿件")
    client.force_login(make_user())
    get(client)
    client.logout()
    assert get(client)["X-Page-Cache"] == "miss"


def test_a_hit_is_served_before_the_session_auth_and_messages_middleware_run(client):
    make_article("普通稿件")
    get(client)
    refuse = mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", side_effect=AssertionError
    )
    with refuse:
        assert get(client)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_a_session_or_messages_cookie_gets_the_page_made_for_them(client, cookie):
    """Such a request may be a user's or carry a message: it is neither served from the cache nor stored."""
    make_article("普通稿件")
    get(client)
    client.cookies[cookie] = "x"
    assert "X-Page-Cache" not in get(client)
    del client.cookies[cookie]
    assert get(client)["X-Page-Cache"] == "hit"


def test_the_key_keeps_only_the_parameters_the_view_reads(client):
    make_article("安全生产检查", body="本报讯 安全生产。")
    get(client, "/search/?q=安全生产")
    assert get(client, "/search/?q=安全生产&utm_source=wechat")["X-Page-Cache"] == "hit"
    assert get(client, "/search/?page=1&q=安全生产")["X-Page-Cache"] == "miss"
    assert get(client, "/search/?q=安全生产&page=1")["X-Page-Cache"] == "hit"  # the order does not matter
    response = get(client, "/search/?q=火星")
    assert response["X-Page-Cache"] == "miss" and "没有找到相关稿件" in response.content.decode()
    get(client, "/")
    assert get(client, "/?x=1")["X-Page-Cache"] == "hit"
    assert get(client, "/?page=1")["X-Page-Cache"] == "hit"  # the home page has no pages: it reads no parameter
    get(client, "/articles/")
    assert get(client, "/articles/?page=1")["X-Page-Cache"] == "miss"


def test_random_query_strings_store_one_page(client):
    make_article("普通稿件")
    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        for i in range(50):
            get(client, f"/?r={i}")
            get(client, f"/people/?x={i}")
    assert len({c.args[0] for c in stored.call_args_list}) == 2


def test_a_view_that_declares_no_parameters_is_never_cached(client):
    make_article("普通稿件")
    get(client, "/sitemap.xml")
    assert "X-Page-Cache" not in get(client, "/sitemap.xml")


def test_errors_and_the_admin_are_not_cached(client):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert "X-Page-Cache" not in client.get("/articles/no-such-article/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_pages_changed_in_autocommit_moves_the_generation_at_once(client):
    make_article("普通稿件")
    get(client)
    page_cache.pages_changed()
    assert get(client)["X-Page-Cache"] == "miss"


def test_zero_seconds_turns_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_article("普通稿件")
    get(client)
    assert "X-Page-Cache" not in get(client)


def test_a_cache_server_that_is_away_serves_pages_uncached(client):
    make_article("普通稿件")
    with mock.patch.object(cache, "get", side_effect=ConnectionError("down")):
        response = get(client)
    assert "普通稿件" in response.content.decode()


def test_without_the_generation_row_pages_are_served_uncached_until_the_next_change(client):
    make_article("普通稿件")
    Generation.objects.all().delete()  # as after a flush
    assert "X-Page-Cache" not in get(client)
    page_cache.pages_changed()
    assert generation() == 0
    assert get(client)["X-Page-Cache"] == "miss"


def test_the_newest_generation_kept_for_an_outage_is_never_an_older_one():
    """Two workers moving the number at once may write it in either order: the lower one removes it."""
    page_cache._remember((7, None))
    assert cache.get(page_cache.NEWEST_KEY) == (7, None)
    page_cache._remember((6, None))  # a slower worker's older number, or a restored database
    assert cache.get(page_cache.NEWEST_KEY) is None
    page_cache._remember((8, None))
    assert cache.get(page_cache.NEWEST_KEY) == (8, None)
