"""Article cards (articles.cards): what each shows, escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.cards import render_card
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_a_card_shows_the_articles_fields_with_links():
    article = make_article("山柳镇筑牢安全生产防线", kicker="安全生产月", dateline_date=dt.date(2023, 2, 12), page_number=2)
    html = render_card(article)
    assert '<p class="kicker">安全生产月</p>' in html
    assert f'<h2 class="card-title"><a href="{article.get_absolute_url()}">山柳镇筑牢安全生产防线</a></h2>' in html
    assert '<a href="/2023/02/12/"><time datetime="2023-02-12">2023年2月12日</time></a> · 第2版' in html
    assert "<h3" in render_card(article, level=3)


def test_a_long_lead_is_cut_at_120_characters():
    article = make_article("长导语", lead="长" * 300)
    lead = render_card(article).split('<p class="lead">')[1].split("</p>")[0]
    assert lead.startswith("长" * 100) and len(lead) == 120
    assert lead.endswith(("…", "..."))  # Django's mark for cut text, in the site's language


def test_the_title_held_and_the_credit_are_shown():
    article = make_article("会见")
    article.title_held, article.credit_role = "区委书记", "记者"
    assert "· 时任区委书记 · 记者</p>" in render_card(article)


def test_every_value_is_escaped():
    article = make_article(HOSTILE, kicker=HOSTILE, lead=HOSTILE)
    article.title_held = article.credit_role = HOSTILE
    for terms in (None, ["alert"]):
        html = render_card(article, terms=terms)
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


def test_a_search_card_highlights_the_words_in_title_and_excerpt():
    article = make_article("安全生产大检查", body="本报讯 全区开展安全生产大检查。")
    html = render_card(article, terms=["安全"])
    assert "<mark>安全</mark>生产大检查</a>" in html
    assert html.count("<mark>安全</mark>") == 2


def test_index_rows_link_escape_and_date_like_the_templates_did():
    from articles.templatetags.reader import organization_items, person_items, position_items
    from tests.factories import make_organization, make_person, make_position

    org = make_organization("<科技>局")
    org.article_count = 3
    assert organization_items([org]) == (
        f'<li><a href="{org.get_absolute_url()}">&lt;科技&gt;局</a> <span class="count">3 篇</span></li>'
    )
    org.article_count = 0
    assert "count" not in organization_items([org])
    person = make_person("张红军", disambiguator="科技局")
    position = make_position(person, "局长", org, end_date=dt.date(2022, 3, 1))
    assert position_items([position]) == (
        f'<li><span class="title">局长</span> <a href="{person.get_absolute_url()}">张红军</a>'
        ' <span class="note">（至2022年3月）</span></li>'
    )
    assert person_items([person]) == f'<li><a href="{person.get_absolute_url()}">张红军</a></li>'
    assert ">张红军（科技局）</a>" in person_items([person], full=True)
