"""Whole reader pages cached for anonymous readers, and never stale after a change."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import ArticleStatus
from newsroom.cache import STATE_KEY, pages_changed
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def get(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_an_anonymous_page_is_served_from_the_cache(client, django_assert_num_queries):
    make_article("旧闻一则")
    assert get(client)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = get(client)
    assert response["X-Page-Cache"] == "hit" and "旧闻一则" in response.content.decode()


def test_publish_edit_and_withdraw_are_seen_at_once(client, django_capture_on_commit_callbacks):
    chief = make_user(role="值班主任")
    draft = make_article("新闻发布会召开", published=False, status=ArticleStatus.DRAFT)
    assert "新闻发布会召开" not in get(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the workflow's transaction commits
        workflow.publish(article=draft, by=chief, published_at=timezone.now() - dt.timedelta(minutes=1))
    assert "新闻发布会召开" in get(client).content.decode()
    draft.title = "新闻发布会顺利召开"
    draft.save()  # autocommit: stale at once
    assert "新闻发布会顺利召开" in get(client).content.decode()
    assert "新闻发布会顺利召开" in get(client, draft.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(article=draft, by=chief, comment="撤稿")
    assert "新闻发布会顺利召开" not in get(client).content.decode()


def test_a_change_inside_a_transaction_makes_pages_stale_at_commit(client, django_capture_on_commit_callbacks):
    make_article("普通稿件")
    get(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        make_article("第二篇稿件")
    assert get(client)["X-Page-Cache"] == "hit"  # before the commit, readers cannot see it anyway
    for callback in callbacks:
        callback()
    response = get(client)
    assert response["X-Page-Cache"] == "miss" and "第二篇稿件" in response.content.decode()


def test_a_page_cached_before_a_scheduled_time_shows_the_article_after_it(client):
    at = timezone.now() + dt.timedelta(hours=1)
    make_article("定时发布的稿件", published_at=at)
    assert "定时发布的稿件" not in get(client).content.decode()
    assert get(client)["X-Page-Cache"] == "hit"
    later = at + dt.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "定时发布的稿件" in get(client).content.decode()


def test_the_cache_keeps_no_page_past_the_next_scheduled_time(client):
    make_article("定时发布的稿件", published_at=timezone.now() + dt.timedelta(seconds=30))
    with mock.patch.object(cache, "set", wraps=cache.set) as stored:
        get(client)
    timeouts = [c.args[2] for c in stored.call_args_list if c.args[0].startswith("pages:") and c.args[0] != STATE_KEY]
    assert timeouts and all(0 < t <= 30 for t in timeouts)


def test_logged_in_users_never_get_cached_pages(client):
    make_article("普通稿件")
    get(client)
    assert get(client)["X-Page-Cache"] == "hit"
    client.force_login(make_user())
    response = get(client)
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in get(client)


def test_a_page_for_a_logged_in_user_is_never_stored_for_readers(client):
    make_article("普通稿件")
    client.force_login(make_user())
    get(client)
    client.logout()
    assert get(client)["X-Page-Cache"] == "miss"


def test_the_query_string_is_part_of_the_key(client):
    make_article("安全生产检查", body="本报讯 安全生产。")
    get(client, "/search/?q=安全生产")
    assert get(client, "/search/?q=安全生产")["X-Page-Cache"] == "hit"
    response = get(client, "/search/?q=火星")
    assert response["X-Page-Cache"] == "miss" and "没有找到相关稿件" in response.content.decode()


def test_errors_and_the_admin_are_not_cached(client):
    assert client.get("/articles/no-such-article/").status_code == 404
    assert "X-Page-Cache" not in client.get("/articles/no-such-article/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_pages_changed_makes_every_page_stale(client):
    make_article("普通稿件")
    get(client)
    pages_changed()
    assert get(client)["X-Page-Cache"] == "miss"


def test_zero_seconds_turns_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_article("普通稿件")
    get(client)
    assert "X-Page-Cache" not in get(client)
