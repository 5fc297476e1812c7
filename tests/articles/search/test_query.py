"""Chinese search: jieba words, AND with an OR fallback, ranking, highlighting, escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

import articles.search
from articles.search import excerpt, highlight, query, search_articles, search_terms
from articles.search import index as search_index
from tests.factories import make_article, make_person
from tests.reader_factories import make_reader_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db):
    return make_reader_seed()


def candidates(*args, **kwargs) -> list[int]:
    """The ids of the scored candidates, newest first."""
    return [row.pk for row in query.scored_candidates(*args, **kwargs)]


def titles(results) -> list[str]:
    return [a.title for a in results]


def test_a_word_finds_the_article(seed):
    assert titles(search_articles("金刚石")) == ["王德敏主持召开2023世界金刚石大会总体方案汇报会"]


def test_a_confirmed_name_is_one_word_and_finds_all_their_articles(seed):
    assert search_terms("张红军") == ["张红军"]
    assert set(titles(search_articles("张红军"))) == {seed.shuzhi.title, seed.huijian_wu.title}


def test_drafts_and_scheduled_articles_are_never_found(seed):
    found = titles(search_articles("金刚石")) + titles(search_articles("张红军")) + titles(search_articles("李未发"))
    assert seed.draft.title not in found and seed.scheduled.title not in found
    assert titles(search_articles("李未发")) == []


def test_every_word_is_required_when_some_article_has_them_all(seed):
    assert titles(search_articles("张红军 吴志强")) == [seed.huijian_wu.title]


def test_any_word_will_do_when_no_article_has_them_all(seed):
    found = titles(search_articles("吴志强 金刚石"))
    assert set(found) == {seed.huijian_wu.title, seed.jingangshi.title}


def test_results_are_ranked_by_hits_headline_first(db):
    make_article("一篇普通稿件", body="本报讯 会上提到了招商。")
    make_article("招商引资签约仪式举行", body="本报讯 招商引资项目签约。")
    make_article("又一篇稿件", body="招商 招商 招商 招商")
    assert titles(search_articles("招商")) == ["招商引资签约仪式举行", "又一篇稿件", "一篇普通稿件"]
    ranks = [a.rank for a in search_articles("招商")]
    assert ranks[0] > ranks[1] > ranks[2] > 0  # a headline hit outweighs four in the body


def test_empty_and_punctuation_only_queries_find_nothing(seed):
    assert list(search_articles("")) == []
    assert list(search_articles("  ，。！ ")) == []
    assert search_terms("的") == ["的"]  # a stop word alone is still searched for


def test_terms_drop_stop_words_and_parts_of_longer_words(db):
    make_person("王德敏", confirmed=True)
    assert search_terms("王德敏的世界金刚石大会") == ["王德敏", "金刚石", "世界", "大会"]


def test_search_narrows_a_given_queryset(seed):
    from articles.selectors import readable_articles

    on_topic = readable_articles().filter(topics=seed.yingji)
    assert titles(search_articles("会见", articles=on_topic)) == [seed.huijian_yue.title]


def test_highlight_escapes_and_marks():
    assert highlight("<b>金刚石</b>大会", ["金刚石"]) == "&lt;b&gt;<mark>金刚石</mark>&lt;/b&gt;大会"
    assert highlight("金刚石", ["金刚", "金刚石"]) == "<mark>金刚石</mark>"


def test_excerpt_centres_on_the_first_hit():
    text = "甲" * 200 + "金刚石" + "乙" * 200
    out = excerpt(text, ["金刚石"], width=40)
    assert out.startswith("…") and out.endswith("…") and "<mark>金刚石</mark>" in out


# -- the search page ----------------------------------------------------------------------------------------


def test_search_page_shows_ranked_highlighted_results(client, seed):
    html = client.get("/search/", {"q": "金刚石"}).content.decode()
    assert "共找到 1 篇稿件" in html
    assert "2023世界<mark>金刚石</mark>大会" in html
    assert seed.scheduled.title not in html and seed.draft.title not in html


def test_search_page_for_a_name(client, seed):
    html = client.get("/search/", {"q": "张红军"}).content.decode()
    assert "共找到 2 篇稿件" in html
    assert "<mark>张红军</mark>会见吴志强一行" in html


def test_search_page_without_results_says_so(client, seed):
    html = client.get("/search/", {"q": "火星基地"}).content.decode()
    assert "没有找到相关稿件" in html
    assert "火星基地" in html


def test_search_page_without_a_query_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and "没有找到" not in html


def test_what_the_reader_typed_is_escaped(client, seed):
    html = client.get("/search/", {"q": '<script>alert("x")</script>金刚石'}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_search_results_page_through(client, seed):
    from tests.reader_factories import make_many_articles

    make_many_articles(25)
    first = client.get("/search/", {"q": "安全生产检查"}).content.decode()
    assert "共找到 25 篇稿件" in first
    assert 'href="?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7%E6%A3%80%E6%9F%A5&amp;page=2"' in first
    second = client.get("/search/", {"q": "安全生产检查", "page": 2}).content.decode()
    assert "第 2 / 2 页" in second


# -- the candidates: only the newest matches are ranked -----------------------------------------------------


def _dated(title: str, hours_ago: float, body: str = "本报讯 招商。"):
    return make_article(title, body=body, published_at=timezone.now() - dt.timedelta(hours=hours_ago))


@pytest.fixture
def five_matches(db, monkeypatch):
    """Five articles with 招商, newest first; the oldest has it in its title (the best match of all)."""
    monkeypatch.setattr(query, "CANDIDATES", 3)
    monkeypatch.setattr(articles.search, "CANDIDATES", 3, raising=False)  # as the page reads it
    newest = [_dated(f"一篇稿件{i}", hours_ago=i) for i in range(1, 5)]
    oldest = _dated("招商引资签约仪式举行", hours_ago=10)
    search_index.flush_pending()  # what the commit would index (the test's transaction never commits)
    return newest, oldest


def test_only_the_newest_matches_are_ranked(five_matches):
    newest, oldest = five_matches
    results = query.search("招商")
    assert [a.pk for a in results.articles] == [a.pk for a in newest[:3]]  # same rank: newest first
    assert oldest.pk not in {a.pk for a in results.articles}
    assert results.articles.count() == results.total == 3
    assert results.capped and results.terms == ["招商"]


def test_the_best_of_the_newest_comes_first(five_matches):
    newest, _ = five_matches
    best = _dated("招商引资推介会", hours_ago=2.5)  # third newest of six, with the word in its title
    assert [a.pk for a in query.search_articles("招商")] == [best.pk, newest[0].pk, newest[1].pk]


def test_result_pages_order_as_the_ranked_queryset_ties_by_place_on_the_page(db):
    """The results page orders the candidates in Python: as the database orders the ranked queryset, a tie of
    rank and time going to the earlier place on the printed page, then the lower id."""
    when = timezone.now() - dt.timedelta(hours=1)
    same = [make_article(f"稿件{p}", body="本报讯 招商。", published_at=when, position_on_page=p) for p in (3, 1, 2)]
    best = make_article("招商引资推介会", body="本报讯 招商。", published_at=when, position_on_page=4)
    newer = make_article("稿件新", body="本报讯 招商。", published_at=when + dt.timedelta(minutes=1))
    twins = [make_article(f"稿件{n}", body="本报讯 招商。", published_at=when, position_on_page=5) for n in "乙甲"]
    search_index.flush_pending()
    results = query.search("招商")
    by_rank = [a.pk for a in query.result_pages(results)[0:10]]
    expected = [best.pk, newer.pk, same[1].pk, same[2].pk, same[0].pk, twins[0].pk, twins[1].pk]
    assert by_rank == [a.pk for a in results.articles] == expected  # the twins: the lower id first
    assert [a.pk for a in query.result_pages(results)[2:4]] == by_rank[2:4]
    by_time = [a.pk for a in query.result_pages(results, by_time=True)[0:10]]
    assert by_time == [newer.pk, same[1].pk, same[2].pk, same[0].pk, best.pk, twins[0].pk, twins[1].pk]
    assert all(a.rank > 0 for a in query.result_pages(results)[0:10])


def test_a_search_within_the_limit_is_not_capped(five_matches):
    results = query.search("签约仪式")
    assert titles(results.articles) == ["招商引资签约仪式举行"]
    assert not results.capped and results.articles.count() == results.total == 1


def test_scheduled_articles_take_no_place_among_the_newest(db, monkeypatch):
    monkeypatch.setattr(query, "CANDIDATES", 2)
    readable = [_dated(f"一篇稿件{i}", hours_ago=i) for i in range(1, 4)]
    make_article("明天见报", body="本报讯 招商。", published_at=timezone.now() + dt.timedelta(days=1))
    results = query.search("招商")
    assert titles(results.articles) == [readable[0].title, readable[1].title]
    assert results.articles.count() == 2 and results.capped


def test_the_fallback_to_any_word_is_ranked_among_the_newest_too(five_matches):
    results = query.search("招商 火星")
    assert len(results.articles) == 3 and results.capped


def test_candidates_are_the_newest_ids_on_either_backend(five_matches):
    newest, oldest = five_matches
    assert candidates(["招商"], limit=10) == [a.pk for a in [*newest, oldest]]
    assert candidates(["招商"], limit=2) == [newest[0].pk, newest[1].pk]
    assert candidates(["招商", "签约"], "OR", limit=10)[-1] == oldest.pk
    assert candidates(["火星"], limit=10) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
@pytest.mark.parametrize("walk_max", [12000, 3])
def test_the_walk_finds_what_the_index_finds(five_matches, monkeypatch, walk_max):
    newest, oldest = five_matches
    expected = candidates(["招商"], limit=4)
    monkeypatch.setattr(query, "word_share", lambda terms, operator: 1.0)  # every word common: walk
    monkeypatch.setattr(query, "document_count", lambda: 1e6)  # in a large paper
    monkeypatch.setattr(query, "WALK_MAX", walk_max)  # 3: too short a walk, the GIN index takes over
    assert candidates(["招商"], limit=4) == expected == [a.pk for a in newest]
    assert [a.pk for a in query.search_articles("招商")] == [a.pk for a in newest[:3]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_words_rarer_together_than_alone_are_walked_again_further(db, monkeypatch):
    matching = {2, 6, 10, 11}  # hours ago: 招商 in 4 of the 12 newest articles
    made = {h: _dated(f"稿件{h}", hours_ago=h, body="本报讯 招商。" if h in matching else "本报讯 调研。")
            for h in range(1, 13)}
    search_index.flush_pending()  # as at commit
    monkeypatch.setattr(query, "word_share", lambda terms, operator: 1.0)  # each word in every document
    monkeypatch.setattr(query, "document_count", lambda: 1e6)
    monkeypatch.setattr(query, "WALK_MARGIN", 2)  # a first walk of 6: too short for 3 matches
    walks = []
    walked = query._postgres_newest_matches
    monkeypatch.setattr(query, "_postgres_newest_matches", lambda *a: walks.append(a[2]) or walked(*a))
    monkeypatch.setattr(query, "_postgres_all_matches", lambda *a: pytest.fail("read every match"))
    # The first walk (the 6 newest) finds 2 of 3: a share of 1/3, so 18 documents hold 3.
    assert candidates(["招商"], limit=3) == [made[h].pk for h in (2, 6, 10)]
    assert walks == [6, 18]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's walk")
def test_sqlite_walks_the_newest_documents_a_chunk_at_a_time(db, monkeypatch):
    matching = {2, 6, 10, 11}  # hours ago: 招商 in 4 of the 12 newest articles
    made = {h: _dated(f"稿件{h}", hours_ago=h, body="本报讯 招商。" if h in matching else "本报讯 调研。")
            for h in range(1, 13)}
    made[13] = _dated("稿件13", hours_ago=0.5, body="本报讯 招商。")  # the newest
    search_index.flush_pending()  # as at commit
    expected = query._sqlite_all_matches('"招商"', None, timezone.now(), 3)
    assert expected == [made[h].pk for h in (13, 2, 6)]
    monkeypatch.setattr(query, "SQLITE_COMMON", 1)  # every word common: walk
    monkeypatch.setattr(query, "SQLITE_CHUNK", 2)
    monkeypatch.setattr(query, "_sqlite_all_matches", lambda *a: pytest.fail("read every match"))
    monkeypatch.setattr(query, "SQLITE_SPREAD", 100)
    assert candidates(["招商"], limit=3) == expected
    assert candidates(["招商"], limit=10) == [made[h].pk for h in (13, 2, 6, 10, 11)]  # walked to the end
    assert [a.pk for a in query.search_articles("招商")] == [made[h].pk for h in (13, 2, 6, 10, 11)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's walk")
def test_sqlite_reads_every_match_when_the_walk_does_not_pay(db, monkeypatch):
    made = [_dated(f"稿件{h}", hours_ago=h, body="本报讯 招商。" if h % 4 == 0 else "本报讯 调研。") for h in range(12)]
    made.append(_dated("旧稿新录", hours_ago=1.5, body="本报讯 招商。"))  # ids out of time order
    search_index.flush_pending()  # as at commit
    monkeypatch.setattr(query, "SQLITE_COMMON", 1)
    monkeypatch.setattr(query, "SQLITE_CHUNK", 3)
    monkeypatch.setattr(query, "SQLITE_SPREAD", 2)  # the chunk with the late import spans too many ids
    assert query._sqlite_newest_matches('"招商"', timezone.now(), 3) is None
    monkeypatch.setattr(query, "WALK_MAX", 3)  # too short a walk
    monkeypatch.setattr(query, "SQLITE_SPREAD", 100)
    assert query._sqlite_newest_matches('"招商"', timezone.now(), 3) is None
    assert candidates(["招商"], limit=3) == [made[0].pk, made[-1].pk, made[4].pk]


def test_word_share_from_the_statistics(monkeypatch):
    monkeypatch.setattr(query, "_word_statistics", lambda: ({"安全": 0.3, "生产": 0.2, "大": 0.9}, 0.01))
    assert query.word_share(["安全", "生产", "大"], "AND") == 0.2  # no more than the rarest word's share
    assert query.word_share(["安全", "隐患"], "AND") == 0.01  # not among the common words
    assert query.word_share(["安全", "生产"], "OR") == pytest.approx(0.5)
    assert query.word_share(["安全", "大"], "OR") == 1.0
    monkeypatch.setattr(query, "_word_statistics", lambda: ({}, 0.0))
    assert query.word_share(["安全"], "AND") is None  # no statistics yet: the GIN index


def test_the_walk_pays_for_common_words_in_a_large_paper(monkeypatch):
    monkeypatch.setattr(query, "document_count", lambda: 100_000)
    assert query.walk_pays(0.3, 201) and query.walk_pays(0.05, 201)
    assert not query.walk_pays(0.04, 201)  # reading its ~4,000 matches beats testing ~5,000 documents
    monkeypatch.setattr(query, "document_count", lambda: 10_000)
    assert query.walk_pays(0.3, 201) and not query.walk_pays(0.1, 201)
    monkeypatch.setattr(query, "document_count", lambda: 0)  # never analyzed
    assert not query.walk_pays(1.0, 201)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_the_statistics_are_read_from_postgres(five_matches, monkeypatch):
    monkeypatch.setattr(query, "_read", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_articlesearchdocument")
    shares, smallest = query._word_statistics()
    assert shares.get("招商") == pytest.approx(1.0) and 0 < smallest <= 1
    assert query.document_count() == pytest.approx(5)


def test_a_narrowed_search_takes_the_newest_matches_within_its_articles(five_matches):
    from articles.models import Article
    from articles.selectors import readable_articles

    newest, oldest = five_matches
    older = readable_articles().filter(pk__in=[newest[3].pk, oldest.pk])  # none of the newest matches of all
    assert [a.pk for a in query.search_articles("招商", articles=older)] == [oldest.pk, newest[3].pk]
    assert candidates(["招商"], articles=older, limit=3) == [newest[3].pk, oldest.pk]
    mixed = readable_articles().exclude(pk=newest[0].pk)  # all but the newest match
    assert candidates(["招商"], articles=mixed, limit=3) == [a.pk for a in newest[1:4]]
    everything = readable_articles()
    assert candidates(["招商"], articles=everything, limit=3) == [a.pk for a in newest[:3]]
    assert candidates(["招商"], articles=Article.objects.none(), limit=3) == []


def test_the_search_page_says_when_only_the_newest_were_ranked(client, five_matches):
    html = client.get("/search/?q=招商").content.decode()
    assert "共找到 3+ 篇稿件" in html and "只列出最新的 3 篇中最相关的" in html
    html = client.get("/search/?q=签约仪式").content.decode()
    assert "共找到 1 篇稿件" in html and "只列出最新的" not in html
