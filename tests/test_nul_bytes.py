"""A NUL character anywhere in a request's parameters (or path) is a Chinese 400, never a 500: PostgreSQL refuses
NUL in text, so every filter, search box and autocomplete that hands a parameter to a query would fail there.
Run on SQLite and on PostgreSQL (scripts/with-postgres)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_organization, make_person, make_reporter, make_topic

pytestmark = pytest.mark.django_db

NUL = "%00"


@pytest.fixture
def rows(db):
    person = make_person("张红军")
    organization = make_organization("郑州高新区管委会")
    topic = make_topic("党建")
    article = make_article("张红军调研", body="第一段。")
    return {"person": person, "organization": organization, "topic": topic, "article": article}


def assert_nul_rejected(response, url):
    assert response.status_code == 400, f"{url}: {response.status_code}"
    content = response.content.decode()
    assert "请求有误" in content and "空字符" in content, url
    assert response["Cache-Control"] == "no-store"


READER_URLS = [
    f"/articles/?person={NUL}",
    f"/articles/?organization={NUL}",
    f"/articles/?topic={NUL}",
    f"/articles/?q=a{NUL}b",
    f"/articles/?start={NUL}",
    f"/articles/?x{NUL}=1",
    f"/search/?q={NUL}",
    f"/search/?q=金刚石{NUL}",
    f"/people/?page={NUL}",
    f"/?q={NUL}",
    f"/articles/{NUL}/",
    f"/people/a{NUL}b/",
    f"/feed/?q={NUL}",
]


@pytest.mark.parametrize("url", READER_URLS)
def test_reader_pages_answer_400_to_nul(client, rows, url):
    assert_nul_rejected(client.get(url), url)


def admin_urls(rows) -> list[str]:
    autocomplete = reverse("admin:autocomplete")
    return [
        reverse("admin:articles_article_changelist") + f"?q={NUL}",
        reverse("admin:articles_article_changelist") + f"?q=张{NUL}",
        reverse("admin:people_person_changelist") + f"?q={NUL}",
        reverse("admin:people_organization_changelist") + f"?q={NUL}",
        reverse("admin:articles_meeting_changelist") + f"?q={NUL}",
        reverse("admin:articles_article_changelist") + f"?status={NUL}",
        reverse("admin:articles_article_changelist") + f"?topics__id__exact={NUL}",
        reverse("admin:articles_article_changelist") + f"?page={NUL}",
        reverse("admin:articles_article_changelist") + f"?dateline_date__gte={NUL}",
        reverse("admin:people_person_changelist") + f"?kind__exact={NUL}",
        f"{autocomplete}?term={NUL}&app_label=articles&model_name=mention&field_name=person",
        f"{autocomplete}?term=张{NUL}&app_label=articles&model_name=article&field_name=organizations",
        f"{autocomplete}?term=a&app_label=articles{NUL}&model_name=mention&field_name=person",
        reverse("admin:articles_article_change", args=[rows["article"].pk]) + f"?_changelist_filters=q%3D{NUL}",
    ]


def test_admin_search_filters_and_autocomplete_answer_400_to_nul(staff_client, rows):
    for url in admin_urls(rows):
        assert_nul_rejected(staff_client.get(url), url)


def test_reporter_gets_400_too(client, rows):
    client.force_login(make_reporter())
    for url in admin_urls(rows):
        assert_nul_rejected(client.get(url), url)


def test_nul_in_a_posted_form_is_400_and_changes_nothing(staff_client, rows):
    article = rows["article"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = staff_client.post(url, {"title": "改\x00过的标题", "body": "正文"})
    assert_nul_rejected(response, url)
    article.refresh_from_db()
    assert article.title == "张红军调研"
    response = staff_client.post(reverse("admin:articles_article_changelist") + f"?q={NUL}", {"action": "x"})
    assert_nul_rejected(response, "changelist POST")
    assert Article.objects.count() == 1


def test_the_same_pages_without_nul_still_work(staff_client, client, rows):
    assert client.get("/articles/?q=张红军").status_code == 200
    assert client.get("/search/?q=张红军").status_code == 200
    assert staff_client.get(reverse("admin:articles_article_changelist") + "?q=张").status_code == 200
    autocomplete = reverse("admin:autocomplete")
    response = staff_client.get(f"{autocomplete}?term=张&app_label=articles&model_name=mention&field_name=person")
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["张红军"]
