"""RSS and Atom feeds for the site, a topic and a person: full text, nothing hidden."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.reader_factories import make_reader_seed

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def seed(db):
    return make_reader_seed()


def rss_items(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def test_site_feed_carries_every_published_article_with_its_text(client, seed):
    items = rss_items(client, "/feed/")
    assert len(items) == 4
    by_title = {item.findtext("title"): item for item in items}
    item = by_title["压实管党治党责任 高新区召开2022年度基层党组织书记抓基层党建工作述职评议会"]
    assert item.findtext("link") == f"http://testserver{seed.shuzhi.get_absolute_url()}"
    description = item.findtext("description")
    assert "<p>会上，各街道党工委书记围绕党建责任落实" in description
    assert "张红军强调" in description
    assert [c.text for c in item.findall("category")] == ["党建"]
    assert "孙庆辉" in ET.tostring(item, encoding="unicode")


def test_site_feed_leaves_out_drafts_and_scheduled_articles(client, seed):
    body = client.get("/feed/").content.decode()
    assert "李未发" not in body and "明日开工" not in body


def test_atom_feed(client, seed):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert len(entries) == 4
    assert all("本报讯" in e.findtext(f"{ATOM}summary") for e in entries)


def test_topic_feed(client, seed):
    items = rss_items(client, f"/topics/{seed.chaoying.slug}/feed/")
    assert [i.findtext("title") for i in items] == [seed.jingangshi.title]


def test_person_feed_for_an_official_and_a_journalist(client, seed):
    assert {i.findtext("title") for i in rss_items(client, f"/people/{seed.zhang.slug}/feed/")} == {
        "压实管党治党责任 高新区召开2022年度基层党组织书记抓基层党建工作述职评议会",
        seed.huijian_wu.title,
    }
    assert len(rss_items(client, f"/people/{seed.sun.slug}/feed/")) == 3


def test_feeds_of_unknown_or_hidden_things_are_404(client, seed):
    assert client.get("/topics/no-such-topic/feed/").status_code == 404
    assert client.get(f"/people/{seed.secret.slug}/feed/").status_code == 404


def test_pages_link_their_feeds(client, seed):
    assert f'href="/topics/{seed.dangjian.slug}/feed/"' in client.get(seed.dangjian.get_absolute_url()).content.decode()
    assert f'href="/people/{seed.zhang.slug}/feed/"' in client.get(seed.zhang.get_absolute_url()).content.decode()
