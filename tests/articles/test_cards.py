"""The article card partial (templates/jinja2/includes/card.html) and the rows of the people and organization
indexes: what each shows, escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse

from people.selectors import INDEX_ORGANIZATIONS
from tests.factories import make_article, make_organization, make_person, make_position

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def render_card(article, level: int = 2, terms: list[str] | None = None) -> str:
    template = engines["jinja2"].from_string('{% from "includes/card.html" import card %}{{ card(article, level, terms) }}')
    return template.render({"article": article, "level": level, "terms": terms})


def test_a_card_shows_the_articles_fields_with_links():
    article = make_article("山柳镇筑牢安全生产防线", kicker="安全生产月", dateline_date=dt.date(2023, 2, 12), page_number=2)
    html = render_card(article)
    assert html.startswith('<article class="card"><p class="kicker">安全生产月</p>')
    assert f'<h2 class="card-title"><a href="{article.get_absolute_url()}">山柳镇筑牢安全生产防线</a></h2>' in html
    assert '<p class="meta"><a href="/2023/02/12/"><time datetime="2023-02-12">2023年2月12日</time></a> · 第2版</p>' in html
    assert '<h3 class="card-title">' in render_card(article, level=3) and "<h2" not in render_card(article, level=3)


def test_a_card_without_kicker_date_or_page_has_no_empty_parts():
    article = make_article("无日期", page_number=None)
    article.dateline_date = article.published_at = article.issue_date = article.display_date = None  # a draft's
    article.title_held = "区委书记"
    html = render_card(article)
    assert 'class="kicker"' not in html
    assert '<p class="meta">时任区委书记</p>' in html  # no separator before the first part


def test_a_long_lead_is_cut_at_120_characters():
    article = make_article("长导语", lead="长" * 300)
    lead = render_card(article).split('<p class="lead">')[1].split("</p>")[0]
    assert lead.startswith("长" * 100) and len(lead) == 120
    assert lead.endswith(("…", "..."))  # Django's mark for cut text, in the site's language


def test_the_title_held_and_the_credit_are_shown():
    article = make_article("会见", page_number=1)
    article.title_held, article.credit_role = "区委书记", "记者"
    assert "</a> · 第1版 · 时任区委书记 · 记者</p>" in render_card(article)


def test_every_value_is_escaped():
    article = make_article(HOSTILE, kicker=HOSTILE, lead=HOSTILE)
    article.title_held = article.credit_role = HOSTILE
    for terms in (None, ["alert"]):
        html = render_card(article, terms=terms)
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;" in html
        assert html.count("&lt;img src=x") == 5  # kicker, title, lead, title held, credit


def test_a_search_card_highlights_the_words_in_title_and_excerpt():
    article = make_article("安全生产大检查", body="本报讯 全区开展安全生产大检查。")
    html = render_card(article, terms=["安全"])
    assert "<mark>安全</mark>生产大检查</a>" in html
    assert html.count("<mark>安全</mark>") == 2
    assert '<p class="lead">本报讯 全区开展<mark>安全</mark>生产大检查。</p>' in html


def test_a_search_card_shows_an_excerpt_around_the_words_of_a_long_article():
    article = make_article("通报", lead="导语。", body="开头。" * 100 + "金刚石<产业>园开工。" + "结尾。" * 100)
    lead = render_card(article, terms=["金刚石"]).split('<p class="lead">')[1].split("</p>")[0]
    assert lead.startswith("…") and lead.endswith("…")
    assert "<mark>金刚石</mark>&lt;产业&gt;园开工" in lead


def test_a_list_shows_its_cards_and_the_pages(client):
    for i in range(21):
        make_article(f"稿件{i:02d}")
    html = client.get("/articles/?q=&page=1").content.decode()
    assert html.count('<article class="card">') == 20
    assert '<a rel="next" href="?q=&amp;page=2">下一页</a>' in html
    assert client.get("/articles/?page=2").content.decode().count('<article class="card">') == 1


# -- the indexes' rows, written in the templates ----------------------------------------------------------------


def render_page(rf, template_name: str, **context) -> str:
    return render_to_string(template_name, context, request=rf.get("/"))


def test_organization_index_rows_link_count_and_escape(rf):
    from people.selectors import Entry

    counted, plain = make_organization("<科技>局"), make_organization("财政局")
    rows = [Entry(counted.name, counted.get_absolute_url(), article_count=3), Entry(plain.name, plain.get_absolute_url())]
    html = render_page(rf, "people/organization_list.html", organizations=rows)
    assert (
        f'<ul class="index"><li><a href="{counted.get_absolute_url()}">&lt;科技&gt;局</a> <span class="count">3 篇</span></li>'
        f'<li><a href="{plain.get_absolute_url()}">财政局</a></li></ul>'
    ) in html
    assert "暂无" not in html
    assert '<p class="empty">暂无。</p>' in render_page(rf, "people/organization_list.html", organizations=[])


def test_people_index_rows_give_title_person_and_end_date(rf):
    from people.selectors import Entry, OrganizationGroup, PeopleIndex

    organization = make_organization("科技局")
    person, journalist = make_person("张红军", disambiguator="<科技>局"), make_person("李记者")
    current = make_position(make_person("王芳"), "副局长", organization)
    index = PeopleIndex(
        officials=[OrganizationGroup(Entry("科技局", organization.get_absolute_url()), [
            Entry("张红军", person.get_absolute_url(), "局长<b>", dt.date(2022, 3, 1)),
            Entry("王芳", current.person.get_absolute_url(), "副局长"),
        ])],
        journalists=[Entry("李记者", journalist.get_absolute_url())],
        recent=[Entry(str(person), person.get_absolute_url())],
    )
    html = render_page(rf, "people/person_list.html", index=index, name="", found=None, lookup_limit=50)
    assert f'<h3><a href="{organization.get_absolute_url()}">科技局</a></h3>' in html
    assert (
        f'<ul class="index"><li><span class="title">局长&lt;b&gt;</span> <a href="{person.get_absolute_url()}">张红军</a>'
        ' <span class="note">（至2022年3月）</span></li>'
        f'<li><span class="title">副局长</span> <a href="{current.person.get_absolute_url()}">王芳</a></li></ul>'
    ) in html
    assert f'<li><a href="{journalist.get_absolute_url()}">李记者</a></li>' in html
    assert f'<li><a href="{person.get_absolute_url()}">张红军（&lt;科技&gt;局）</a></li>' in html  # as the person prints
    empty = render_page(rf, "people/person_list.html", index=PeopleIndex([], [], []), name="", found=None, lookup_limit=50)
    assert empty.count('<p class="empty">暂无。</p>') == 2 and "最近见报的人物" not in empty


def test_the_indexes_render_hundreds_of_rows(client):
    from articles.models import Mention
    from people.models import Organization, Person, PersonKind, Position

    article = make_article("大会")
    organizations = Organization.objects.bulk_create(
        Organization(name=f"机构{i:03d}", slug=f"ji-gou-{i:03d}") for i in range(300)
    )
    people = Person.objects.bulk_create(
        Person(name=f"干部{i:03d}", slug=f"gan-bu-{i:03d}", kind=PersonKind.OFFICIAL) for i in range(300)
    )
    Position.objects.bulk_create(
        Position(person=p, organization=o, title="主任") for p, o in zip(people, organizations, strict=True)
    )
    Mention.objects.bulk_create(Mention(article=article, person=p, order=i) for i, p in enumerate(people))
    article.organizations.add(*organizations)
    pages = [client.get(f"/organizations/?page={n}").content.decode() for n in (1, 2, 3)]
    assert [p.count('<span class="count">1 篇</span></li>') for p in pages] == [100, 100, 100]  # a hundred a page
    assert "机构000" in pages[0] and "机构299" in pages[2] and 'rel="next"' not in pages[2]
    assert client.get("/organizations/?page=4").status_code == 404
    people_index = client.get("/people/").content.decode()
    # The officials of the INDEX_ORGANIZATIONS most-named organizations (all named once: the first made first).
    assert people_index.count('<li><span class="title">主任</span> <a href="/people/') == INDEX_ORGANIZATIONS
    assert "干部000" in people_index and f"干部{INDEX_ORGANIZATIONS - 1:03d}" in people_index
    assert f"干部{INDEX_ORGANIZATIONS:03d}" not in people_index.split("本报记者")[0]
    assert f'<a href="{reverse("people:organization_list")}">各机构</a>' in people_index


def test_the_indexes_put_the_most_named_organizations_first(client):
    from people.models import Person, PersonKind, Position

    quiet = make_organization("财政局")
    busy = [make_organization(f"第{i:02d}局") for i in range(INDEX_ORGANIZATIONS)]
    for i, organization in enumerate([quiet, *busy]):
        official = Person.objects.create(name=f"局长{i:02d}", slug=f"ju-zhang-{i:02d}", kind=PersonKind.OFFICIAL)
        Position.objects.create(person=official, organization=organization, title="局长")
        for n in range(1 if organization == quiet else 2):
            article = make_article(f"{organization.name}稿件{n}")
            article.organizations.add(organization)
            article.mentions.create(person=official, order=0)
    index = client.get("/organizations/").content.decode()
    assert index.index("第00局") < index.index("财政局")  # by how many articles name them, then as made
    assert '第00局</a> <span class="count">2 篇</span>' in index and '财政局</a> <span class="count">1 篇</span>' in index
    officials = client.get("/people/").content.decode().split("本报记者")[0]
    assert all(f"局长{i:02d}" in officials for i in range(1, INDEX_ORGANIZATIONS + 1))
    assert "局长00" not in officials  # the least named organization's official is on its page and found by name
