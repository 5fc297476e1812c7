"""Every reader page costs a fixed number of queries, whatever the number of articles on it."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings

from articles.search import words
from articles.search.index import flush_pending
from newsroom import cache as page_cache
from tests.factories import (
    image_bytes,
    make_meeting,
    make_organization,
    make_person,
    make_photo,
    make_position,
    make_topic,
)
from tests.reader_factories import make_many_articles

pytestmark = pytest.mark.django_db

# The most queries each page may make (session and auth make none for an anonymous reader).
PAGES = {
    "home": ("/", 8),  # the list and its total, photo stories (2), topics and counts, topic sections (2)
    "article_list": ("/articles/", 3),
    "article_list_filtered": ("/articles/?start=2023-02-01&end=2023-02-28&person={person}&topic={topic}"
                              "&organization={org}&q=安全生产", 10),  # a narrowed search: the newest matches first
    "article_list_page_2": ("/articles/?page=2", 3),
    "article": ("{article}", 8),  # 7: its corrections (更正); 8: its photos, with their photographers
    # The candidates, then the page's rows (no COUNT: the candidates are the total); PostgreSQL may read its
    # statistics of the words once.
    "search": ("/search/?q=安全生产检查", 3),
    "search_two_pages": ("/search/?q=安全生产&page=2", 3),
    "topic_list": ("/topics/", 2),  # the topics, their kept counts
    "topic": ("/topics/{topic}/", 3),
    "person_list": ("/people/", 4),
    "person_lookup": ("/people/?name=张", 5),
    "official": ("/people/{person}/", 5),  # +1: the ids of their articles first (selectors._newest_first)
    "journalist": ("/people/{reporter}/", 5),
    "organization_list": ("/organizations/", 3),
    "organization": ("/organizations/{org}/", 6),
    "meeting": ("/meetings/{meeting}/", 7),
    "archive": ("/archive/", 1),  # the kept counts of the days
    "year": ("/2023/", 3),
    "month": ("/2023/02/", 4),  # the kept counts of its days, the list, the days around
    "day": ("/2023/02/20/", 4),
    # +3: the page's picture (none here), the edition's pages, the editions before and after; +1 with a picture
    "print_page": ("/print/2023/02/21/1/", 6),
    "feed": ("/feed/", 4),
    "atom": ("/feed/atom/", 4),
    "topic_feed": ("/topics/{topic}/feed/", 5),
    "person_feed": ("/people/{person}/feed/", 5),
    "sitemap": ("/sitemap.xml", 9),
}


PHOTO = image_bytes(500, 300)  # small: renditions at 480 and 500 px


def build_world(n: int) -> dict[str, str]:
    topic = make_topic("应急安全")
    org = make_organization("郑州高新区管委会")
    person = make_person("张红军", confirmed=True)
    make_position(person, "党工委书记", org, start_date=dt.date(2021, 6, 1))
    reporter = make_person("孙庆辉", kind="journalist", confirmed=True)
    meeting = make_meeting("安全生产检查", date=dt.date(2023, 2, 20), chair=person)
    articles = make_many_articles(n, topic=topic, person=person, reporter=reporter)
    for i, article in enumerate(articles):
        article.organizations.add(org)
        meeting.articles.add(article)
        meeting.participants.add(person)
        article.issue_date, article.page_number, article.position_on_page = dt.date(2023, 2, 21), 1, i
        article.save()
        for order in range(2):  # a lead photo and another, credited to the reporter
            make_photo(article, data=PHOTO, order=order, photographer=reporter, caption=f"图说{i}-{order}")
    return {
        "topic": topic.slug, "org": org.slug, "person": person.slug, "reporter": reporter.slug,
        "meeting": str(meeting.pk), "article": articles[-1].get_absolute_url(),
    }


@pytest.fixture(scope="module", params=[1, 50])
def world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of ``n`` articles, built once for all the pages of this module and rolled back after them:
    each test runs in a savepoint inside it (pytest-django's own transaction), so none sees another's writes."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            names = build_world(request.param)
            flush_pending()  # the search documents, which a commit would have written
            yield request.param, names
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_do_not_grow_with_articles(client, django_assert_max_num_queries, world, page):
    n, names = world
    url, limit = PAGES[page]
    url = url.format(**names)
    if n == 1 and "page=2" in url:
        url = url.replace("page=2", "page=1")
    words("张红军")  # the people's names and the generation, read once a process (and again for each test)
    with mock.patch.object(page_cache, "GENERATION_SECONDS", 600), django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200, url
