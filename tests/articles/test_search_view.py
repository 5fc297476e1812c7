"""/search/: 按相关度 or 按时间, and a person's name in pinyin."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from articles.search.index import flush_pending
from tests.factories import make_article, make_mention, make_person
from tests.reader_factories import make_reader_seed

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">(.*?)</a></h2>', html)


@pytest.fixture
def seed(db):
    seed = make_reader_seed()
    flush_pending()
    return seed


def test_pinyin_finds_a_persons_articles(client, seed):
    html = client.get("/search/?q=zhanghongjun").content.decode()
    assert "按拼音“zhanghongjun”查找：张红军" in html
    found = {re.sub("</?mark>", "", t) for t in titles(html)}
    assert seed.shuzhi.title in found and seed.huijian_wu.title in found
    assert client.get("/search/?q=Zhang Hongjun").content.decode().count('class="card"') == len(found)


def test_letters_that_are_no_ones_name_are_searched_as_they_are(client, seed):
    html = client.get("/search/?q=nobodyatall").content.decode()
    assert "按拼音" not in html and "没有找到相关稿件" in html


def test_results_by_relevance_or_by_time(client, db):
    person = make_person("王德敏", confirmed=True)
    old = make_article("王德敏王德敏调研王德敏", body="王德敏。王德敏。王德敏。",
                       published_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    new = make_article("区里召开会议", body="会上王德敏讲话。", published_at=dt.datetime(2023, 3, 1, tzinfo=dt.UTC))
    for article in (old, new):
        make_mention(article, person)
    flush_pending()
    by_relevance = client.get("/search/?q=王德敏").content.decode()
    by_time = client.get("/search/?q=王德敏&sort=time").content.decode()
    plain = [re.sub("</?mark>", "", t) for t in titles(by_relevance)]
    assert plain == [old.title, new.title]
    assert [re.sub("</?mark>", "", t) for t in titles(by_time)] == [new.title, old.title]
    assert '<strong aria-current="true">按相关度</strong>' in by_relevance and "sort=time" in by_relevance
    assert '<strong aria-current="true">按时间</strong>' in by_time
    assert '<input type="hidden" name="sort" value="time">' in by_time
