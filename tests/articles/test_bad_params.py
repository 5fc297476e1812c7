"""Wrong query parameters on every reader URL: a 400, a 404 for something that does not exist, or an empty (or
unfiltered, with the form's error shown) result — never a 500, on SQLite and on PostgreSQL (which refuses NUL
characters in a query's parameters)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.reader_factories import make_reader_seed

pytestmark = pytest.mark.django_db

LONG = "金" * 5000 + "a" * 5000
NUL = "%00"
BAD_PAGES = ["-1", "0", "abc", "1.5", "%00", "9" * 40, "", "last", "1e3", "%EF%BF%BF", "%FF"]
MALFORMED_PAGES = {"-1", "0", "abc", "1.5", "%00", "1e3", "%EF%BF%BF", "%FF"}


@pytest.fixture
def seed(db):
    return make_reader_seed()


def reader_urls(seed) -> list[str]:
    return [
        "/",
        "/articles/",
        "/search/?q=金刚石",
        "/archive/",
        "/2023/02/",
        "/topics/",
        seed.dangjian.get_absolute_url(),
        seed.zhang.get_absolute_url(),
        seed.sun.get_absolute_url(),
        seed.dgw.get_absolute_url(),
        "/people/",
        "/organizations/",
        seed.shuzhi.get_absolute_url(),
        "/feed/",
        "/feed/atom/",
        f"/topics/{seed.dangjian.slug}/feed/",
        f"/people/{seed.zhang.slug}/feed/",
        "/sitemap.xml",
    ]


def get(client, url: str):
    response = client.get(url)
    assert response.status_code < 500, f"{url[:200]}: {response.status_code}"
    return response


def with_param(url: str, param: str) -> str:
    return url + ("&" if "?" in url else "?") + param


def test_bad_page_numbers_are_400_or_404_never_500(client, seed):
    for url in reader_urls(seed):
        for value in BAD_PAGES:
            response = get(client, with_param(url, f"page={value}"))
            paginated = response.context is not None and "page_obj" in response.context
            if value in MALFORMED_PAGES and (paginated or response.status_code == 400):
                assert response.status_code == 400, f"{url}?page={value}"


ARTICLE_LIST_QUERIES = (
    [
        "start=2023-13-45", "end=2023-02-30", "start=abc&end=-1", "start=0001-01-01&end=9999-12-31",
        "start=" + "9" * 100, f"start={NUL}", "person=no-such-person", f"person={NUL}", "person=" + "x" * 5000,
        "person=1", "person[]=a&person=b", "organization=%E9%87%91", f"organization={NUL}", "organization=-1",
        "topic=1", f"topic={NUL}", "topic=" + quote(LONG), "q=" + quote(LONG), f"q=a{NUL}b", f"q={NUL}",
        "q=%25%25_", "q=%27%20OR%201%3D1--", "q=<script>", "q=%FF%FE", "unknown=1", "page=2&page=x",
    ]
)
SEARCH_QUERIES = [quote(LONG), f"a{NUL}b", NUL, "%25", "_", "%5C", "%27", "%22", quote("金刚石" * 300), "%0B%0C", "%FF"]
IMPOSSIBLE_URLS = [
    "/2023/13/45/", "/2023/02/30/", "/2023/00/", "/0000/", "/0000/01/01/", "/9999/12/31/", "/2023/13/",
    "/print/2023/02/30/1/", "/print/2023/02/13/0/", "/print/0000/00/00/999/", "/meetings/999999999999999999999/",
    "/articles/no-such-article/", "/people/no-such-person/feed/", "/topics/no-such-topic/feed/",
    "/organizations/" + "x" * 3000 + "/",
]


def test_article_list_filters_with_wrong_values(client, seed):
    for query in ARTICLE_LIST_QUERIES:
        response = get(client, f"/articles/?{query}")
        assert response.status_code in (200, 400), query[:200]


def test_search_with_wrong_queries(client, seed):
    for q in SEARCH_QUERIES:
        response = get(client, f"/search/?q={q}")
        assert response.status_code in (200, 400), q[:200]


def test_impossible_archive_dates_and_unknown_ids_are_404(client, seed):
    for url in IMPOSSIBLE_URLS:
        assert get(client, url).status_code == 404, url[:200]


def test_feeds_and_sitemap_ignore_query_parameters(client, seed):
    for url in ["/feed/", "/feed/atom/", "/sitemap.xml", f"/people/{seed.zhang.slug}/feed/"]:
        for param in [f"q={NUL}", "page=abc", "p=-1", "x=" + quote(LONG)]:
            assert get(client, with_param(url, param)).status_code in (200, 400, 404)
