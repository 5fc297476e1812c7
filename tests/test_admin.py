"""The editors' admin: every page loads for staff, in Chinese, at a cost that does not grow with the list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_article,
    make_credit,
    make_meeting,
    make_mention,
    make_organization,
    make_person,
    make_position,
    make_source_page,
    make_topic,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("articles", "article"),
    ("articles", "topic"),
    ("articles", "meeting"),
    ("articles", "sourcepage"),
    ("people", "person"),
    ("people", "organization"),
    ("people", "position"),
]


def populate(n: int, start: int = 0) -> dict:
    """n articles, each with a byline, two mentions and a topic; people with positions; meetings; pages."""
    reporter = make_person(f"孙庆辉{start}", kind="journalist")
    rows = {}
    parent = make_organization(f"郑州高新区{start}")
    for i in range(start, start + n):
        org = make_organization(f"第{i}办事处", parent=parent)
        page = make_source_page(f"本报讯 {i}", page_number=1, issue_date=dt.date(2023, 2, 14))
        article = make_article(source_page=page, page_number=1)
        article.topics.add(make_topic())
        official = make_person(f"官员{i}")
        make_position(official, "党工委书记", org)
        make_position(official, "主任", org)
        make_mention(article, official, "党工委书记", "主持")
        make_mention(article, make_person(f"专家{i}"), "院长")
        make_credit(article, reporter)
        meeting = make_meeting(f"会议{i}", chair=official, date=dt.date(2023, 2, 12))
        meeting.articles.add(article)
        rows = {"article": article, "person": official, "organization": org, "meeting": meeting,
                "topic": article.topics.first(), "sourcepage": page, "position": official.positions.first()}
    return rows


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_cost_does_not_grow_with_the_list(staff_client, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    populate(1)
    few = count_queries(staff_client, url)
    populate(25, start=1)
    many = count_queries(staff_client, url)
    assert many == few, f"{url}: {few} queries for 1 row, {many} for 26"


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_change_and_add_pages_load(staff_client, django_assert_max_num_queries, app, model):
    rows = populate(3)
    obj = rows[model]
    with django_assert_max_num_queries(40):
        response = staff_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    assert response.status_code == 200
    add = staff_client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code == (403 if model == "sourcepage" else 200)


def test_admin_speaks_chinese(staff_client):
    response = staff_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert 'lang="zh-hans"' in content
    assert "稿件" in content and "人物" in content


def test_article_admin_lists_people_and_offers_autocomplete(staff_client):
    rows = populate(2)
    response = staff_client.get(reverse("admin:articles_article_changelist"))
    content = response.content.decode()
    assert "官员1、专家1" in content
    change = staff_client.get(reverse("admin:articles_article_change", args=[rows["article"].pk])).content.decode()
    # Credits and mentions pick people through autocomplete widgets; topics use the two-pane selector.
    assert 'name="credits-0-person"' in change and "admin-autocomplete" in change
    assert 'name="mentions-0-person"' in change
    assert "selectfilter" in change.lower() or "SelectFilter" in change


def test_autocomplete_finds_people_by_name(staff_client):
    populate(1)
    make_person("张红军")
    url = reverse("admin:autocomplete")
    response = staff_client.get(
        url, {"term": "张红", "app_label": "articles", "model_name": "mention", "field_name": "person"}
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["张红军"]


def test_editor_can_change_credits_and_mentions(staff_client):
    article = make_article("张红军会见吴志强一行", body="第一段。", published=False)  # a live one waits as an edit
    zhang = make_person("张红军")
    sun = make_person("孙庆辉", kind="journalist")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "title": article.title, "kicker": "", "subtitle": "", "body": "第一段。\r\n\r\n第二段。", "lead": "",
        "status": "published", "published_at_0": "2023-02-14", "published_at_1": "08:00:00", "slug": article.slug,
        "source_line": "本报讯", "dateline_date": "2023-02-03", "time_of_day": "下午", "issue_date": "",
        "page_number": "", "position_on_page": "0", "review_notes": "",
        "credits-TOTAL_FORMS": "1", "credits-INITIAL_FORMS": "0", "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
        "credits-0-order": "0", "credits-0-role": "记者", "credits-0-person": str(sun.pk),
        "mentions-TOTAL_FORMS": "1", "mentions-INITIAL_FORMS": "0", "mentions-MIN_NUM_FORMS": "0",
        "mentions-MAX_NUM_FORMS": "1000",
        "mentions-0-order": "0", "mentions-0-person": str(zhang.pk), "mentions-0-title_printed": "高新区党工委书记",
        "mentions-0-role": "会见",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0", "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.paragraphs == ["第一段。", "第二段。"]
    assert [(c.person.name, c.role) for c in article.credits.all()] == [("孙庆辉", "记者")]
    assert [(m.person.name, m.title_printed, m.role) for m in article.mentions.all()] == [
        ("张红军", "高新区党工委书记", "会见")
    ]


def test_person_admin_shows_positions_and_articles(staff_client):
    rows = populate(1)
    person = rows["person"]
    content = staff_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert "党工委书记" in content
    assert rows["article"].title in content


def test_source_pages_cannot_be_edited(staff_client):
    page = make_source_page("本报讯 原文不可改")
    url = reverse("admin:articles_sourcepage_change", args=[page.pk])
    response = staff_client.post(url, {"raw_text": "改过的"})
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.raw_text == "本报讯 原文不可改"


def test_admin_requires_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
