"""A refused request gets a Chinese 403 page (reader site and admin alike), and a forbidden POST changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Person
from tests.factories import make_draft, make_reporter

pytestmark = pytest.mark.django_db

ENGLISH = ["403 Forbidden", "Forbidden", "Permission denied", "CSRF verification failed"]


def assert_chinese_403(response):
    assert response.status_code == 403
    content = response.content.decode()
    assert '<html lang="zh-Hans">' in content
    for text in ENGLISH:
        assert text not in content
    return content


def test_reporter_refused_an_admin_page_sees_chinese(client):
    client.force_login(make_reporter())
    content = assert_chinese_403(client.get(reverse("admin:people_person_add")))
    assert "没有权限" in content


def test_forbidden_post_is_403_and_changes_nothing(client):
    reporter = make_reporter()
    client.force_login(reporter)
    response = client.post(reverse("admin:people_person_add"), {"name": "王五", "kind": "other"})
    assert "没有权限" in assert_chinese_403(response)
    assert not Person.objects.filter(name="王五").exists()
    other = make_draft("别人的草稿", created_by=make_reporter())
    response = client.post(reverse("admin:articles_article_change", args=[other.pk]), {"title": "改掉", "body": "x"})
    assert response.status_code in (302, 403, 404)  # not in the reporter's list: "does not exist"
    other.refresh_from_db()
    assert other.title == "别人的草稿"


def test_csrf_failure_is_chinese(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reporter())
    response = client.post(reverse("admin:articles_article_add"), {"title": "x"})
    content = assert_chinese_403(response)
    assert "安全校验" in content
