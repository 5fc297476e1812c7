"""Open Graph and Twitter card tags, JSON-LD NewsArticle, canonical URLs, the print stylesheet and icons."""

from __future__ import annotations

import json
import re

import pytest

from tests.factories import image_bytes, make_article, make_credit, make_person, make_photo

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    assert found, key
    return found.group(1)


def json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_an_article_with_a_photo_shares_its_lead_photo(client):
    article = make_article("高新区举办推介会</script><script>alert(1)</script>", body="推介会现场气氛热烈。")
    make_credit(article, make_person("孙庆辉", kind="journalist"), role="文")
    make_photo(article, data=image_bytes(2000, 1000), alt="推介会现场")
    html = page(client, article.get_absolute_url())
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:type") == "article" and meta(html, "og:url") == url
    assert meta(html, "og:image").startswith("http://testserver/media/photos/") and meta(html, "og:image").endswith("-1600.jpg")
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1600", "800")
    assert meta(html, "og:image:alt") == "推介会现场"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:description") == "推介会现场气氛热烈。"
    data = json_ld(html)
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title
    assert data["datePublished"].endswith("+08:00")
    assert data["author"] == [{"@type": "Person", "name": "孙庆辉", "url": data["author"][0]["url"]}]
    assert data["image"][0] == meta(html, "og:image")
    assert data["publisher"]["name"] == "高新区报" and data["publisher"]["logo"]["url"].endswith("/static/img/logo.png")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and "\\u003c/script\\u003e" in script  # the title cannot end the script


def test_without_a_photo(client):
    article = make_article("没有图片的稿件")
    html = page(client, article.get_absolute_url())
    assert meta(html, "twitter:card") == "summary"
    assert 'property="og:image"' not in html
    data = json_ld(html)
    assert "image" not in data and data["author"] == [{"@type": "Organization", "name": "高新区报"}]


def test_every_page_has_a_canonical_url_icons_and_the_print_stylesheet(client):
    make_article()
    html = page(client, "/articles/?page=1&q=会议")
    assert '<link rel="canonical" href="http://testserver/articles/">' in html
    assert 'href="/static/css/print.css" media="print"' in html
    assert 'rel="icon" href="/static/favicon.svg"' in html and "apple-touch-icon" in html
    assert meta(html, "og:site_name") == "高新区报" and meta(html, "og:title") == "全部稿件 · 高新区报"
