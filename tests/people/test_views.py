"""People and organization pages: officials by organization, journalists, titles held when each article ran."""

from __future__ import annotations

import pytest

from tests.reader_factories import make_many_articles, make_reader_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db):
    return make_reader_seed()


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


def test_people_index_groups_officials_by_organization(client, seed):
    html = page(client, "/people/")
    officials = html[html.index("领导干部") : html.index("本报记者、通讯员")]
    dgw = officials[officials.index("郑州高新区党工委") :]
    assert f'<span class="title">党工委书记</span> <a href="{seed.zhang.get_absolute_url()}">张红军</a>' in dgw
    gwh = officials[officials.index("郑州高新区管委会") :]
    assert f'<span class="title">主任</span> <a href="{seed.guo.get_absolute_url()}">郭程明</a>' in gwh
    assert '<span class="title">副主任</span>' in gwh and "（至2023年2月）" in gwh
    assert "中国矿业大学深圳研究院" in officials and "河南中安应急科技有限公司" in officials


def test_people_index_lists_staff_journalists(client, seed):
    html = page(client, "/people/")
    journalists = html[html.index("本报记者、通讯员") :]
    assert f'<a href="{seed.sun.get_absolute_url()}">孙庆辉</a>' in journalists
    assert "王彦凯" in journalists and "李娜" in journalists


def test_people_index_leaves_out_people_named_only_in_drafts(client, seed):
    html = page(client, "/people/")
    assert "李未发" not in html and "郑州高新区档案馆" not in html


def test_official_page_shows_positions_and_articles(client, seed):
    html = page(client, seed.zhang.get_absolute_url())
    assert "<h1>张红军</h1>" in html
    assert f'<a href="{seed.dgw.get_absolute_url()}">郑州高新区党工委</a> 党工委书记（2021年6月—）' in html
    assert "共 2 篇" in html
    assert "时任区党工委书记" in html
    assert seed.draft.title not in html and seed.scheduled.title not in html


def test_official_page_gives_the_title_held_when_the_article_ran(client, seed):
    # The 金刚石 article prints no title for 王德敏; on 2023-02-15 he was still 副主任 of the 管委会.
    html = page(client, seed.wang.get_absolute_url())
    assert "时任区管委会副主任" in html
    assert "党工委副书记（2023年3月—）" in html  # his later position is listed, but not as held then
    assert "时任区党工委副书记" not in html


def test_journalist_page_lists_what_they_wrote(client, seed):
    html = page(client, seed.sun.get_absolute_url())
    assert "采写的稿件" in html and "共 3 篇" in html
    for article in [seed.shuzhi, seed.huijian_wu, seed.jingangshi]:
        assert article.title in html
    assert seed.huijian_yue.title not in html
    assert "· 文/图" in html


def test_person_articles_are_paginated_newest_first(client, seed):
    make_many_articles(25, person=seed.zhang)
    first = page(client, seed.zhang.get_absolute_url())
    assert "共 27 篇" in first and "第 1 / 2 页" in first
    assert first.index("第1次安全生产检查") < first.index("第2次安全生产检查")
    second = page(client, seed.zhang.get_absolute_url() + "?page=2")
    assert seed.shuzhi.title in second
    page(client, seed.zhang.get_absolute_url() + "?page=3", 404)


def test_unknown_or_hidden_people_are_404(client, seed):
    page(client, "/people/no-such-person/", 404)
    page(client, seed.secret.get_absolute_url(), 404)


def test_organization_index_and_page(client, seed):
    html = page(client, "/organizations/")
    assert f'<a href="{seed.gwh.get_absolute_url()}">郑州高新区管委会</a> <span class="count">2 篇</span>' in html
    assert f'<a href="{seed.gxq.get_absolute_url()}">郑州高新区</a>' in html
    assert "郑州高新区档案馆" not in html  # named only by the scheduled article
    org = page(client, seed.gwh.get_absolute_url())
    assert f'上级机构：<a href="{seed.gxq.get_absolute_url()}">郑州高新区</a>' in org
    assert f'<span class="title">主任</span> <a href="{seed.guo.get_absolute_url()}">郭程明</a>' in org
    assert seed.huijian_yue.title in org and seed.jingangshi.title in org
    assert seed.shuzhi.title not in org
    parent = page(client, seed.gxq.get_absolute_url())
    assert "下属机构" in parent and "郑州高新区党工委" in parent


def test_hidden_or_unknown_organizations_are_404(client, seed):
    page(client, seed.unused_org.get_absolute_url(), 404)
    page(client, "/organizations/no-such-org/", 404)


def test_people_index_lists_people_in_the_newest_articles(client, seed):
    html = page(client, "/people/")
    recent = html[html.index("最近见报的人物") :]
    assert f'<a href="{seed.zhang.get_absolute_url()}">张红军</a>' in recent
    assert "孙庆辉" not in recent  # journalists have their own list


def test_people_index_finds_anyone_visible_by_name(client, seed):
    html = page(client, "/people/?name=红军")
    found = html[html.index("姓名含“红军”的人物") : html.index("领导干部（见报最多的机构）")]
    assert "张红军" in found and "郭程明" not in found
    html = page(client, "/people/?name=李未发")  # named only in a draft
    assert seed.secret.get_absolute_url() not in html and "没有找到姓名含“李未发”的人物" in html


def test_people_index_size_does_not_grow_with_the_people_named(client, seed):
    from people.selectors import RECENT_PEOPLE
    from tests.factories import make_person

    villagers = [make_person(f"村民{i:03d}号") for i in range(RECENT_PEOPLE + 20)]
    for article in make_many_articles(3):
        for i, villager in enumerate(villagers):
            article.mentions.create(person=villager, order=i)
    html = page(client, "/people/")
    assert html.count("村民") == RECENT_PEOPLE


# Issue 13, point 6: what only an imported draft says stays invisible to readers.

PUBLISHED_PAGE = "本报讯 2月12日，区委书记顾长青主持召开区委常委会会议，研究部署全年工作。\n记者 李明\n"
DRAFT_PAGE = (
    "本报讯 2月13日，区委书记、拟任市委常委顾长青到高新区融媒体档案研究馆调研，听取工作汇报。\n记者 李明\n"
)


def import_pages():
    import datetime as dt

    from articles import services

    services.import_page(raw=PUBLISHED_PAGE.encode(), issue_date=dt.date(2023, 2, 14), page_number=1, publish=True)
    services.import_page(raw=DRAFT_PAGE.encode(), issue_date=dt.date(2023, 2, 14), page_number=2)


def test_a_title_only_an_imported_draft_prints_is_not_on_the_person_page(client):
    from people.models import Person

    import_pages()
    published = Person.objects.get(name="顾长青", mentions__article__status="published")
    assert published.positions.filter(title__contains="拟任市委常委").exists()  # the draft gave him the title
    html = page(client, published.get_absolute_url())
    assert "书记" in html
    assert "拟任市委常委" not in html and "市委常委" not in html
    # the namesake the draft made (another title, so another person until an editor merges them) has no page
    for namesake in Person.objects.filter(name="顾长青").exclude(pk=published.pk):
        page(client, namesake.get_absolute_url(), 404)


def test_an_organization_named_only_in_an_imported_draft_has_no_page(client):
    from people.models import Organization

    import_pages()
    archive = Organization.objects.get(name="高新区融媒体档案研究馆")
    page(client, archive.get_absolute_url(), 404)
    assert "高新区融媒体档案研究馆" not in page(client, "/organizations/")


def test_a_position_shows_once_an_article_that_prints_it_is_readable(client):
    """A position with source articles is shown only when one of them is readable; one an editor entered (no
    source) always is: on the person's page, the organization's page and the people index."""
    from articles import workflow
    from tests.factories import (
        make_article,
        make_mention,
        make_organization,
        make_person,
        make_position,
        make_user,
    )

    org = make_organization("郑州市委")
    person = make_person("顾长青", confirmed=True)
    visit = make_article("顾长青调研")
    make_mention(visit, person, "区委书记")
    entered = make_position(person, "区委书记", make_organization("高新区区委"))  # an editor's: no source
    visit.organizations.add(entered.organization)  # the people index lists the named organizations' officials
    draft = make_article("拟任名单", published=False, status="draft")
    make_mention(draft, person, "拟任市委常委")
    draft.organizations.add(org)
    proposed = make_position(person, "拟任市委常委", org)
    proposed.sources.add(draft)
    for url in [person.get_absolute_url(), "/people/"]:
        html = page(client, url)
        assert "区委书记" in html and "拟任市委常委" not in html, url
    page(client, org.get_absolute_url(), 404)  # staffed only through the draft's title
    draft.status = "approved"
    draft.save()
    workflow.publish(article=draft, by=make_user(role="值班主任"))
    assert entered.sources.count() == 0
    for url in [person.get_absolute_url(), "/people/", org.get_absolute_url()]:
        assert "拟任市委常委" in page(client, url), url


def test_the_filter_boxes_suggest_only_names_readers_may_see(client):
    """/suggest/: names of visible people and organizations starting with what was typed, or its pinyin."""
    from tests.factories import make_article, make_draft, make_mention, make_organization, make_person

    published = make_article("张红军调研")
    make_mention(published, make_person("张红军", slug="zhang-hong-jun"))
    make_mention(published, make_person("张宏伟", slug="zhang-hong-wei"))
    make_mention(make_draft("草稿"), make_person("张秘密", slug="zhang-mi-mi"))  # only a draft names him
    published.organizations.add(make_organization("高新区管委会", slug="gao-xin-qu-guan-wei-hui"))

    def names(kind, q):
        response = client.get("/suggest/", {"kind": kind, "q": q})
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return response.json()["names"]

    assert names("person", "张") == ["张宏伟", "张红军"]
    assert names("person", "zhanghongj") == ["张红军"]
    assert names("person", "张秘") == [] and names("person", "") == []
    assert names("organization", "高新") == ["高新区管委会"]
    assert client.get("/suggest/", {"kind": "topic", "q": "x"}).status_code == 400
    html = page(client, "/articles/")
    assert 'list="person-names"' in html and '<datalist id="organization-names">' in html
