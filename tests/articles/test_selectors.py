"""Reads that must stay right whichever plan the database picks: date ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from articles import selectors
from articles.models import Article, ArticleStatus
from newsroom.prepared import PreparedList
from people import selectors as people_selectors
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def titles(articles) -> list[str]:
    """The titles of a queryset, a list, or a paged list's first hundred."""
    return [a.title for a in (articles[0:100] if isinstance(articles, PreparedList) else articles)]


def test_on_days_lists_by_display_date_then_publication_time():
    now = timezone.now()
    make_article("旧事新发", dateline_date=dt.date(2023, 2, 1), published_at=now - dt.timedelta(hours=1))
    make_article("二月十日", dateline_date=dt.date(2023, 2, 10), published_at=now - dt.timedelta(days=3))
    make_article("二月十日晚发", dateline_date=dt.date(2023, 2, 10), published_at=now - dt.timedelta(days=2))
    # No dateline: filed under the local (Shanghai) date of publication: 2023-02-05 00:30 there.
    make_article("无日期", dateline_date=None, published_at=dt.datetime(2023, 2, 5, 0, 30, tzinfo=SHANGHAI))
    make_article("三月", dateline_date=dt.date(2023, 3, 1))
    make_article("草稿", dateline_date=dt.date(2023, 2, 10), published=False)
    found = selectors.articles_between(dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert titles(found) == ["二月十日晚发", "二月十日", "无日期", "旧事新发"]
    assert titles(selectors.articles_between(dt.date(2023, 2, 5), dt.date(2023, 2, 5))) == ["无日期"]
    assert titles(selectors.articles_between(dt.date(2023, 2, 4), dt.date(2023, 2, 4))) == []


def test_on_days_can_keep_the_order_it_was_given():
    make_article("早", dateline_date=dt.date(2023, 2, 10), published_at=timezone.now() - dt.timedelta(days=2))
    make_article("晚", dateline_date=dt.date(2023, 2, 1), published_at=timezone.now() - dt.timedelta(days=1))
    ordered = selectors.readable_articles().order_by("title")
    kept = selectors.on_days(ordered, dt.date(2023, 2, 1), dt.date(2023, 2, 28), keep_order=True)
    assert titles(kept) == sorted(["早", "晚"])
    assert titles(selectors.on_days(ordered, dt.date(2023, 2, 1), dt.date(2023, 2, 28))) == ["早", "晚"]


def test_a_range_of_days_gives_the_articles_of_those_days_newest_day_first():
    for day in range(1, 6):
        make_article(f"二月{day}日", dateline_date=dt.date(2023, 2, day))
    assert titles(selectors.articles_between(dt.date(2023, 2, 2), dt.date(2023, 2, 4))) == ["二月4日", "二月3日", "二月2日"]
    assert titles(selectors.articles_between(*selectors.ALL_DAYS))[::4] == ["二月5日", "二月1日"]


def test_the_archive_files_an_article_under_its_day_in_china():
    # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai
    make_article("深夜", dateline_date=None, published_at=dt.datetime(2023, 3, 1, 23, 30, tzinfo=dt.UTC))
    make_article("下午", dateline_date=None, published_at=dt.datetime(2023, 3, 1, 15, 59, tzinfo=dt.UTC))
    assert titles(selectors.articles_between(dt.date(2023, 3, 2), dt.date(2023, 3, 2))) == ["深夜"]
    assert titles(selectors.articles_between(dt.date(2023, 3, 1), dt.date(2023, 3, 1))) == ["下午"]
    assert selectors.days_with_articles(dt.date(2023, 3, 1), dt.date(2023, 3, 31)) == [
        (dt.date(2023, 3, 1), 1), (dt.date(2023, 3, 2), 1)
    ]
    assert selectors.day_after(dt.date(2023, 3, 1)) == dt.date(2023, 3, 2)
    assert selectors.day_before(dt.date(2023, 3, 2)) == dt.date(2023, 3, 1)


def test_previous_and_next_day_skip_days_readers_cannot_see():
    now = timezone.now()
    make_article("二月一日", dateline_date=dt.date(2023, 2, 1))
    make_article("二月五日", dateline_date=dt.date(2023, 2, 5))
    make_article("二月十日", dateline_date=dt.date(2023, 2, 10))
    make_article("草稿", dateline_date=dt.date(2023, 2, 3), published=False)
    make_article("定时", dateline_date=dt.date(2023, 2, 7), published_at=now + dt.timedelta(hours=1))
    make_article("撤回", dateline_date=dt.date(2023, 2, 8), status="withdrawn", published_at=now)
    assert selectors.day_before(dt.date(2023, 2, 5)) == dt.date(2023, 2, 1)
    assert selectors.day_after(dt.date(2023, 2, 5)) == dt.date(2023, 2, 10)
    assert selectors.day_before(dt.date(2023, 2, 1)) is None
    assert selectors.day_after(dt.date(2023, 2, 10)) is None
    assert selectors.days_with_articles(dt.date(2023, 2, 1), dt.date(2023, 2, 28)) == [
        (dt.date(2023, 2, 1), 1), (dt.date(2023, 2, 5), 1), (dt.date(2023, 2, 10), 1)
    ]
    tree = selectors.archive_tree()
    assert [(y.year, y.count, [(m.first_day, m.count) for m in y.months]) for y in tree] == [
        (2023, 3, [(dt.date(2023, 2, 1), 3)])
    ]


def test_an_update_of_the_publication_time_moves_an_article_in_the_archive():
    article = make_article("改时间", dateline_date=None, published_at=dt.datetime(2023, 3, 1, 1, 0, tzinfo=dt.UTC))
    Article.objects.filter(pk=article.pk).update(published_at=dt.datetime(2023, 3, 4, 23, 30, tzinfo=dt.UTC))
    assert titles(selectors.articles_between(dt.date(2023, 3, 5), dt.date(2023, 3, 5))) == ["改时间"]
    assert selectors.days_with_articles(*selectors.ALL_DAYS) == [(dt.date(2023, 3, 5), 1)]


def test_a_journalists_articles_newest_first_whether_the_list_is_short_or_long(monkeypatch):
    from tests.factories import make_credit, make_person

    person = make_person("孙庆辉", kind="journalist")
    now = timezone.now()
    for i in range(4):
        make_credit(make_article(f"第{i}篇", published_at=now - dt.timedelta(days=10 * i)), person)
    make_credit(make_article("草稿", published=False), person)
    make_article("别人的")
    short = titles(selectors.articles_credited_to(person))
    monkeypatch.setattr(selectors, "SORT_IDS_UP_TO", 2)  # a "long" list: read in list order instead
    walked = selectors.articles_credited_to(person)
    assert walked.args[-1] is False  # not short
    assert titles(walked) == short == ["第0篇", "第1篇", "第2篇", "第3篇"]
    assert walked.count() == 4


def test_a_short_list_without_a_kept_count_is_read_as_ids_in_order_and_a_page_is_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_credit, make_person

    person = make_person("郭程明", kind="journalist")
    now = timezone.now()
    for i in range(5):
        make_credit(make_article(f"第{i}篇", published_at=now - dt.timedelta(days=i)), person, role="摄影")
    make_credit(make_article("定时", published_at=now + dt.timedelta(days=1)), person)  # not yet readable
    listed = selectors.articles_credited_to(person)
    assert listed.count() == 5
    with CaptureQueriesContext(connection) as queries:
        assert titles(listed[1:3]) == ["第1篇", "第2篇"]
    assert len(queries) == 1
    assert [a.credit_role for a in listed[4:6]] == ["摄影"]
    assert listed[5:7] == []


def test_a_persons_articles_come_newest_first_from_the_mentions_copy_of_the_time():
    """The list walks the mentions' copy of the publication time (articles.copies): it follows an article
    published, rescheduled by update(), withdrawn; one query a page, with the printed title; the number kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_mention, make_person

    person = make_person("张红军")
    now = timezone.now()
    same_time = now - dt.timedelta(days=1)
    second = make_article("头版第二篇", published_at=same_time, position_on_page=2)
    make_mention(second, person, title_printed="区长")
    make_mention(make_article("头版第一篇", published_at=same_time, position_on_page=1), person)
    old = make_article("旧闻", published_at=now - dt.timedelta(days=30))
    make_mention(old, person)
    draft = make_article("草稿", published=False)
    make_mention(draft, person)
    make_mention(make_article("定时", published_at=now + dt.timedelta(days=1)), person)
    withdrawn = make_article("撤回", published_at=now - dt.timedelta(days=2))
    make_mention(withdrawn, person)
    withdrawn.status = ArticleStatus.WITHDRAWN
    withdrawn.save()
    make_article("别人的")

    listed = selectors.articles_naming(person)
    assert listed.count() == 3
    with CaptureQueriesContext(connection) as queries:
        page = listed[0:20]
    assert len(queries) == 1
    assert titles(page) == ["头版第一篇", "头版第二篇", "旧闻"]
    assert [a.title_printed for a in page] == ["", "区长", ""]

    Article.objects.filter(pk=old.pk).update(published_at=now - dt.timedelta(hours=1))  # no save(): the trigger
    draft.status, draft.published_at = ArticleStatus.PUBLISHED, now - dt.timedelta(hours=2)
    draft.save()
    Article.objects.filter(pk=second.pk).update(position_on_page=0)  # moved up the page
    listed = selectors.articles_naming(person)
    assert titles(listed[0:20]) == ["旧闻", "草稿", "头版第二篇", "头版第一篇"]
    assert listed.count() == 4
    assert titles(listed[1:3]) == ["草稿", "头版第二篇"]


def test_the_people_index_lists_journalists_by_name_and_only_those_credited_on_readable_articles():
    from articles.models import ArticleStatus
    from tests.factories import make_credit, make_person

    article = make_article("稿件")
    draft = make_article("草稿", status=ArticleStatus.DRAFT)
    for name in ["王彦凯", "孙庆辉", "李娜"]:
        make_credit(article, make_person(name, kind="journalist"))
    make_credit(draft, make_person("赵草稿", kind="journalist"))
    names = [p.name for p in people_selectors.people_index().journalists]
    assert names == sorted(["王彦凯", "孙庆辉", "李娜"])


def test_the_people_index_rows_link_each_person_and_organization_as_printed():
    from tests.factories import make_mention, make_organization, make_person, make_position

    organization = make_organization("高新区党工委")
    official = make_person("张红军", disambiguator="高新区")
    make_position(official, "书记", organization)
    visit = make_article("视察")
    make_mention(visit, official)
    visit.organizations.add(organization)  # the index lists the officials of organizations articles name
    index = people_selectors.people_index()
    [group] = index.officials
    assert (group.organization.name, group.organization.url) == ("高新区党工委", organization.get_absolute_url())
    assert [(p.title, p.name, p.url) for p in group.positions] == [("书记", "张红军", official.get_absolute_url())]
    assert [(p.name, p.url) for p in index.recent] == [("张红军（高新区）", official.get_absolute_url())]


@pytest.mark.parametrize("microsecond", [0, 250_000])
def test_neighbours_follow_reading_order_through_articles_published_at_the_same_time(microsecond):
    """A page's articles share their publication time: the page's order settles which comes first, on
    either backend (times with and without fractions of a second)."""
    at = dt.datetime(2023, 2, 12, 6, 5, microsecond=microsecond, tzinfo=dt.UTC)
    earlier = make_article("更早一篇", published_at=at - dt.timedelta(seconds=1))
    page = [make_article(f"同版第{i}篇", published_at=at, position_on_page=i) for i in range(3)]
    later = make_article("更晚一篇", published_at=at + dt.timedelta(microseconds=1))
    make_article("草稿一篇", published=False, published_at=at, position_on_page=1)
    order = [earlier, *page, later]
    for i, article in enumerate(order):
        article.refresh_from_db()
        previous, following = selectors.neighbours(article)
        assert (previous and previous.pk) == (order[i - 1].pk if i else None), article.title
        assert (following and following.pk) == (order[i + 1].pk if i + 1 < len(order) else None), article.title
