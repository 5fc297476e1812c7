"""The reader's article page: 本报讯 once, whether the body begins with it or not; a favicon on every page."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def article_part(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return html[html.index('<article class="article">'):html.index("</article>")]


def test_body_starting_with_benbaoxun_gets_no_second_one(client):
    article = make_article("高新区召开会议", body="本报讯（记者 孙庆辉）2月12日上午，高新区召开会议。\n\n第二段。")
    html = article_part(client, article)
    assert html.count("本报讯") == 1
    assert "本报讯（记者 孙庆辉）2月12日上午" in html


def test_body_without_it_gets_it_from_the_dateline(client):
    article = make_article("高新区召开会议", body="2月12日上午，高新区召开会议。")
    html = article_part(client, article)
    assert html.count("本报讯") == 1
    assert '<p class="meta dateline">' in html and "本报讯 <a" in html


@pytest.mark.parametrize(
    ("source_line", "body", "expected"),
    [
        ("本报讯", "本报讯 2月12日", ""),
        ("本报讯", "  本报讯（记者 孙庆辉）", ""),
        ("本报讯", "2月12日，本报讯", "本报讯"),
        ("新华社电", "本报讯 2月12日", "新华社电"),
        ("", "正文", ""),
    ],
)
def test_dateline_source(source_line, body, expected):
    assert Article(source_line=source_line, body=body).dateline_source == expected


def test_favicon_on_reader_and_admin_pages(staff_client):
    client = Client()
    make_article("高新区召开会议", body="第一段。")
    for c, url in [(client, "/"), (client, "/articles/"), (client, "/no-such-page/"), (staff_client, "/admin/"),
                   (staff_client, "/admin/articles/article/"), (staff_client, "/admin/articles/article/add/")]:
        html = c.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, url
        assert '<link rel="icon" href="/static/favicon.ico" sizes="any">' in html, url
    login = client.get("/admin/login/").content.decode()
    assert "favicon.svg" in login
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.ico"
    assert client.get("/static/favicon.ico").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200
