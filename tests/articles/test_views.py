"""The reader site's article pages with the seed: what a reader must see and what they must not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from articles.models import ArticleStatus
from tests.factories import make_article
from tests.reader_factories import at, make_many_articles, make_reader_seed

pytestmark = pytest.mark.django_db

HIDDEN_TITLES = ["李未发调研安全生产工作", "金刚石产业园明日开工"]


@pytest.fixture
def seed(db):
    return make_reader_seed()


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


def assert_no_hidden(html: str) -> None:
    for title in HIDDEN_TITLES:
        assert title not in html
    assert "李未发" not in html


# -- home ------------------------------------------------------------------------------------------------


def test_home_lists_latest_published_articles_with_date_and_lead(client, seed):
    html = page(client, "/")
    assert 'lang="zh-Hans"' in html
    for article in seed.articles:
        assert article.title in html
        assert article.get_absolute_url() in html
    assert "压实管党治党责任" in html  # a kicker
    assert "2023年2月15日" in html
    assert "王德敏要求" not in html or "本报讯 2月15日" in html  # the lead is the first paragraph
    assert html.index("郭程明会见岳志铭一行") < html.index("王德敏主持召开") < html.index("高新区召开2022")  # newest first, in page order
    assert_no_hidden(html)


def test_home_has_topics_search_box_and_feed_link(client, seed):
    html = page(client, "/")
    for topic in ["党建", "招商引资", "应急安全", "超硬材料"]:
        assert f">{topic}</a>" in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/"' in html


def test_home_topic_counts_leave_out_hidden_articles(client, seed):
    html = page(client, "/topics/")
    # 超硬材料 has one published article; the draft and the scheduled one are not counted.
    assert '超硬材料</a> <span class="count">1 篇</span>' in html


def test_home_without_articles(client, db):
    assert "还没有发布的稿件" in page(client, "/")
    assert "更多报道" not in page(client, "/")


def test_home_shows_the_first_page_of_the_list_and_links_to_the_second(client, db):
    make_many_articles(21)
    html = page(client, "/")
    listed = page(client, "/articles/")
    cards = html.count('<article class="card">')
    assert cards == 20 and listed.count('<article class="card">') == 20
    first_titles = [line for line in listed.split("\n") if 'class="card-title"' in line]
    assert all(line in html for line in first_titles)  # the same twenty, in the same order
    assert '<a href="/articles/?page=2">更多报道</a>' in html
    assert 'class="pagination"' not in html  # the home page has no pages of its own: ?page= is not read
    assert page(client, "/?page=2") == html and page(client, "/?page=abc") == html


# -- the article page -----------------------------------------------------------------------------------


def test_article_page_shows_everything_linked(client, seed):
    html = page(client, seed.shuzhi.get_absolute_url())
    assert "<h1>高新区召开2022年度基层党组织书记抓基层党建工作述职评议会</h1>" in html
    assert '<p class="kicker">压实管党治党责任</p>' in html
    assert '<p class="subtitle">张红军主持并点评</p>' in html
    assert "本报讯" in html and 'href="/2023/02/10/"' in html and "2023年2月10日</time></a>上午" in html
    # byline: each credited person a link
    assert f'记者 <a href="{seed.sun.get_absolute_url()}">孙庆辉</a>' in html
    assert f'通讯员 <a href="{seed.wangyk.get_absolute_url()}">王彦凯</a>' in html
    # paragraphs
    assert "<p>会上，各街道党工委书记围绕党建责任落实" in html
    # people named: the title printed here, the link text the name alone
    assert f'<span class="title">区党工委书记</span> <a href="{seed.zhang.get_absolute_url()}">张红军</a>' in html
    # organizations, the meeting, topics
    assert f'<a href="{seed.dgw.get_absolute_url()}">郑州高新区党工委</a>' in html
    assert f'href="/meetings/{seed.shuzhi_meeting.pk}/">2022年度基层党组织书记抓基层党建工作述职评议会</a>' in html
    assert f'<a href="{seed.dangjian.get_absolute_url()}">党建</a>' in html
    # the print page it ran on
    assert '刊于<a href="/print/2023/02/13/1/">2023年2月13日第1版</a>' in html
    assert_no_hidden(html)


def test_article_page_related_and_neighbours(client, seed):
    html = page(client, seed.huijian_wu.get_absolute_url())
    related = html[html.index("相关报道") :]
    assert "高新区召开2022年度基层党组织书记" in related  # shares 张红军
    assert "郭程明会见岳志铭一行" in related  # shares 招商引资
    assert "王德敏主持召开" not in related.split("prev-next")[0]  # shares nothing
    nav = html[html.index('class="prev-next"') :]
    assert f'上一篇：<a rel="prev" href="{seed.shuzhi.get_absolute_url()}">' in nav  # ran above it on the same page
    assert f'下一篇：<a rel="next" href="{seed.huijian_yue.get_absolute_url()}">' in nav
    assert_no_hidden(html)


def test_newest_article_has_no_next_and_oldest_no_previous(client, seed):
    assert 'rel="next"' not in page(client, seed.jingangshi.get_absolute_url())
    assert 'rel="prev"' not in page(client, seed.shuzhi.get_absolute_url())


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_hidden_articles_are_404(client, seed, which):
    html = page(client, getattr(seed, which).get_absolute_url(), 404)
    assert "页面不存在" in html


def test_withdrawn_article_is_404(client, db):
    article = make_article(status=ArticleStatus.WITHDRAWN)
    page(client, article.get_absolute_url(), 404)


# -- the full list and its filters ----------------------------------------------------------------------


def test_article_list_shows_all_and_the_filter_form(client, seed):
    html = page(client, "/articles/")
    for article in seed.articles:
        assert article.title in html
    assert "共 4 篇" in html
    for name in ["start", "end", "person", "organization", "topic", "q"]:
        assert f'name="{name}"' in html
    assert 'method="get"' in html
    assert_no_hidden(html)
    assert "李未发" not in html  # not even in the person filter's choices


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=zhao-shang-yin-zi", {"huijian_wu", "huijian_yue"}),
        ("person=zhang-hong-jun", {"shuzhi", "huijian_wu"}),
        ("person=张红军", {"shuzhi", "huijian_wu"}),  # the name, as a reader types it
        ("person=zhanghongjun", {"shuzhi", "huijian_wu"}),  # or its pinyin
        ("person=Zhang Hongjun", {"shuzhi", "huijian_wu"}),
        ("organization=郑州高新区管委会", {"huijian_yue", "jingangshi"}),
        ("organization=区管委会", {"huijian_yue", "jingangshi"}),  # the short name
        ("start=2023-02-12&end=2023-02-10", {"shuzhi", "huijian_wu", "huijian_yue"}),  # reversed: swapped
        ("person=sun-qing-hui", {"shuzhi", "huijian_wu", "jingangshi"}),  # a journalist: what they wrote
        ("organization=qu-guan-wei-hui", {"huijian_yue", "jingangshi"}),
        ("start=2023-02-12&end=2023-02-12", {"huijian_wu", "huijian_yue"}),
        ("start=2023-02-13", {"jingangshi"}),
        ("q=金刚石", {"jingangshi"}),
        ("topic=zhao-shang-yin-zi&person=zhang-hong-jun", {"huijian_wu"}),
        ("topic=zhao-shang-yin-zi&start=2023-02-12&q=会见", {"huijian_wu", "huijian_yue"}),
        ("topic=dang-jian&q=金刚石", set()),
    ],
)
def test_article_list_filters_combine(client, seed, query, expected):
    html = page(client, f"/articles/?{query}")
    shown = {name for name in ["shuzhi", "huijian_wu", "huijian_yue", "jingangshi"] if getattr(seed, name).title in html}
    assert shown == expected
    assert f"共 {len(expected)} 篇" in html
    assert_no_hidden(html)
    if not expected:
        assert "没有符合条件的稿件" in html


def test_article_list_shows_the_filters_back(client, seed):
    html = page(client, "/articles/?topic=zhao-shang-yin-zi&start=2023-02-12&q=会见")
    assert "筛选条件：" in html
    assert '<span class="chip">专题：招商引资</span>' in html
    assert '<span class="chip">起始日期：2023年2月12日</span>' in html
    assert '<span class="chip">关键词：会见</span>' in html
    assert 'value="会见"' in html  # kept in the form, too


def test_a_name_typed_into_the_person_box_is_shown_back_and_a_reversed_range_explained(client, seed):
    html = page(client, "/articles/?person=zhanghongjun&start=2023-02-12&end=2023-02-10")
    assert '<span class="chip">人物：张红军</span>' in html
    assert '<span class="chip">起始日期：2023年2月10日</span>' in html and "截止日期：2023年2月12日" in html
    assert "起始日期晚于截止日期，已按 2023年2月10日 至 2023年2月12日 显示。" in html
    assert 'class="sep"' in html  # separators between the active filters
    assert 'value="zhanghongjun"' in html


def test_namesakes_are_all_found_and_said_so(client, seed):
    from tests.factories import make_article, make_mention, make_person

    other = make_person("张红军", disambiguator="区教育局")
    article = make_article("区教育局张红军调研校园安全")
    make_mention(article, other)
    html = page(client, "/articles/?person=张红军")
    assert "对应 2 位同名人物" in html and "共 3 篇" in html


def test_filtering_by_someone_named_only_in_a_draft_shows_nothing_of_them(client, seed):
    # The same answer as for a slug that names nobody (issue 15): the form's error, the list unfiltered.
    html = page(client, f"/articles/?person={seed.secret.slug}")
    assert "共 0 篇" in html and "李未发" not in html
    assert '<span class="chip">人物：（无）</span>' in html
    assert html.replace(seed.secret.slug, "x") == page(client, "/articles/?person=x")  # as for an unknown slug
    html = page(client, "/articles/?person=李未发")  # by name: as if there were no such person
    assert "共 0 篇" in html and "没有找到人物“李未发”" in html


def test_article_list_bad_filters_are_not_errors(client, seed):
    html = page(client, "/articles/?start=not-a-date&topic=")
    assert "共 4 篇" in html
    assert 'class="error"' in html
    # a name that finds no one is said so, and lists nothing (not every article, as if it were not there)
    html = page(client, "/articles/?start=not-a-date&person=nobody&topic=")
    assert "没有找到人物“nobody”" in html and "共 0 篇" in html
    page(client, "/articles/?start=0001-01-01&end=9999-12-31")


def test_article_list_paging_keeps_the_filters(client, seed):
    make_many_articles(25, topic=seed.yingji)
    html = page(client, "/articles/?topic=ying-ji-an-quan&q=安全")
    assert 'href="?topic=ying-ji-an-quan&amp;q=%E5%AE%89%E5%85%A8&amp;page=2"' in html
    second = page(client, "/articles/?topic=ying-ji-an-quan&q=安全&page=2")
    assert "第 2 / 2 页" in second
    assert 'href="?topic=ying-ji-an-quan&amp;q=%E5%AE%89%E5%85%A8&amp;page=1"' in second


# -- the date archive ----------------------------------------------------------------------------------


def test_archive_index_lists_years_and_months(client, seed):
    html = page(client, "/archive/")
    assert '<a href="/2023/">2023年</a> <span class="count">4 篇</span>' in html
    assert '<a href="/2023/02/">2月</a>' in html


def test_year_page(client, seed):
    html = page(client, "/2023/")
    assert "<h1>2023年</h1>" in html
    assert '<a href="/2023/02/">2023年2月</a> <span class="count">4 篇</span>' in html
    assert "2023年3月" not in html  # the scheduled article's month


def test_day_page_lists_that_days_articles_and_neighbouring_days(client, seed):
    html = page(client, "/2023/02/12/")
    assert "<h1>2023年2月12日</h1>" in html
    assert seed.huijian_wu.title in html and seed.huijian_yue.title in html
    assert seed.shuzhi.title not in html
    assert '<a rel="prev" href="/2023/02/10/">' in html
    assert '<a rel="next" href="/2023/02/15/">' in html
    assert_no_hidden(html)


def test_month_page_links_days_and_neighbouring_months(client, seed):
    make_article("一月的稿件", dateline_date=dt.date(2023, 1, 5), published_at=at("2023-01-06"))
    html = page(client, "/2023/02/")
    assert "<h1>2023年2月</h1>" in html
    for day in ["10", "12", "15"]:
        assert f'href="/2023/02/{day}/"' in html
    assert 'href="/2023/02/20/"' not in html  # only the draft is on 2月20日
    assert '<a rel="prev" href="/2023/01/">' in html
    assert 'rel="next"' not in html  # 2023年3月 holds only the scheduled article
    assert "共 4 篇" in html


def test_archive_uses_the_local_publication_date_without_a_dateline(client, db):
    # 2023-02-11 18:30 UTC is 2023-02-12 02:30 in Beijing.
    article = make_article(
        "没有电头日期的稿件", dateline_date=None, published_at=dt.datetime(2023, 2, 11, 18, 30, tzinfo=dt.UTC)
    )
    assert article.title in page(client, "/2023/02/12/")
    page(client, "/2023/02/11/", 404)


@pytest.mark.parametrize(
    "url", ["/2023/02/11/", "/2023/02/30/", "/2023/13/", "/2023/00/01/", "/2022/", "/2023/03/01/", "/2023/02/20/", "/0000/"]
)
def test_date_pages_without_articles_are_404(client, seed, url):
    page(client, url, 404)


# -- print pages, meetings ------------------------------------------------------------------------------


def test_print_page_lists_its_articles_in_order(client, seed):
    html = page(client, "/print/2023/02/13/1/")
    assert html.index(seed.shuzhi.title) < html.index(seed.huijian_wu.title)
    assert seed.jingangshi.title not in html
    page(client, "/print/2023/02/13/2/", 404)


def test_a_print_page_after_the_first_lists_its_articles_and_pages_through_them(client, db):
    # the printed page's number is not the list's page: page 2 of the paper is page 1 of its list
    day = dt.date(2023, 3, 8)
    on_two = [make_article(f"第二版稿件{i}", issue_date=day, page_number=2, position_on_page=i) for i in range(21)]
    make_article("第一版稿件", issue_date=day, page_number=1)
    html = page(client, "/print/2023/03/08/2/")
    assert on_two[0].title in html and on_two[19].title in html and on_two[20].title not in html
    assert "第一版稿件" not in html
    assert on_two[20].title in page(client, "/print/2023/03/08/2/?page=2")
    page(client, "/print/2023/03/08/3/", 404)


def test_meeting_page(client, seed):
    html = page(client, f"/meetings/{seed.shuzhi_meeting.pk}/")
    assert "<h1>2022年度基层党组织书记抓基层党建工作述职评议会</h1>" in html
    assert f'<a href="{seed.zhang.get_absolute_url()}">张红军</a>' in html
    assert seed.shuzhi.title in html
    assert "李未发" not in html  # a participant named only in a draft


def test_meeting_reported_only_by_a_draft_is_404(client, seed):
    from tests.factories import make_meeting

    meeting = make_meeting("未发布的会议")
    meeting.articles.add(seed.draft)
    page(client, f"/meetings/{meeting.pk}/", 404)


# -- robots, sitemap, errors, static files --------------------------------------------------------------


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body and "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_every_public_page_and_nothing_hidden(client, seed):
    xml = page(client, "/sitemap.xml")
    for article in seed.articles:
        assert f"http://testserver{article.get_absolute_url()}</loc>" in xml
    for person in [seed.zhang, seed.wu, seed.guo, seed.yue, seed.wang, seed.sun, seed.wangyk, seed.lina]:
        assert f"http://testserver{person.get_absolute_url()}</loc>" in xml
    for url in ["/2023/02/10/", "/2023/02/12/", "/2023/02/15/", seed.dangjian.get_absolute_url(), seed.gwh.get_absolute_url()]:
        assert f"http://testserver{url}</loc>" in xml
    for hidden in [seed.draft, seed.scheduled, seed.secret, seed.unused_org]:
        assert hidden.get_absolute_url() not in xml
    assert "/2023/02/20/" not in xml and "/2023/03/01/" not in xml


def test_404_page_is_chinese(client, db):
    html = page(client, "/no-such-page/", 404)
    assert 'lang="zh-Hans"' in html and "页面不存在" in html and 'href="/"' in html


@override_settings(DEBUG=False)
def test_500_page_is_chinese(client, db, monkeypatch):
    from articles import views

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "topics_with_counts", boom)
    client.raise_request_exception = False
    response = client.get("/topics/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html and "服务器出错" in html


def test_static_css_is_served_with_caching_headers(client, db):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/css")


def test_pages_link_the_stylesheet_and_have_no_inline_styles(client, seed):
    html = page(client, seed.shuzhi.get_absolute_url())
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert "style=" not in html and "<style" not in html


def test_every_url_name_reverses(db):
    for name in ["articles:home", "articles:article_list", "articles:search", "articles:topic_list", "articles:archive",
                 "articles:feed", "articles:feed_atom", "people:person_list", "people:organization_list", "sitemap",
                 "robots_txt"]:
        assert reverse(name)


def test_topics_without_published_articles_are_not_listed(client, seed):
    for url in ("/topics/", "/"):
        html = page(client, url)
        assert "超硬材料" in html and "乡村振兴" not in html
    page(client, seed.empty_topic.get_absolute_url())  # its page still answers


def test_a_meeting_over_several_days_shows_its_range(client):
    from tests.factories import make_meeting

    meeting = make_meeting("区人大常委会第十五次会议", date=dt.date(2023, 9, 20), end_date=dt.date(2023, 9, 21))
    meeting.articles.add(make_article("区人大常委会召开第十五次会议"))
    html = page(client, meeting.get_absolute_url())
    assert "2023年9月20日</time>至<time" in html and "2023年9月21日" in html


def test_home_has_a_section_for_each_big_topic(client):
    from tests.factories import make_topic

    safety, business = make_topic("安全生产"), make_topic("营商环境")
    make_topic("乡村振兴")
    for i in range(5):
        make_article(f"安全生产检查第{i}次").topics.add(safety)
    make_article("营商环境座谈会").topics.add(business)
    make_article("未发布的营商稿件", published=False, status=ArticleStatus.DRAFT).topics.add(business)
    html = page(client, "/")
    sections = html[html.index('class="topic-section"'):html.index('id="topics-heading"')]
    assert sections.index("安全生产") < sections.index("营商环境")  # the bigger topic first
    assert sections.count("安全生产检查第") == 4  # four at most, the newest
    assert "营商环境座谈会" in sections and "未发布的营商稿件" not in sections
    assert "乡村振兴" not in sections  # no readable article: no section
