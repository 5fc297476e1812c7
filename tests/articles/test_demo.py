import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Topic
from people.models import Person

pytestmark = pytest.mark.django_db


def load(capsys) -> str:
    call_command("load_demo")
    return capsys.readouterr().out


def test_demo_load_is_idempotent(capsys):
    first = load(capsys)
    counts = (Article.objects.count(), Person.objects.count(), Topic.objects.count(), get_user_model().objects.count())
    second = load(capsys)
    assert counts == (Article.objects.count(), Person.objects.count(), Topic.objects.count(),
                      get_user_model().objects.count())
    assert counts[0] == 4 and counts[3] == 1
    assert Article.objects.published().count() == 4
    assert "密码：" in first and "密码：" not in second
    assert "已导入过" in second


def test_demo_admin_password_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("NEWSROOM_ADMIN_PASSWORD", "a-long-demo-password-123")
    out = load(capsys)
    assert "a-long-demo-password-123" not in out
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("a-long-demo-password-123")


def test_home_page_lists_the_seed_articles(client, capsys):
    load(capsys)
    content = client.get("/").content.decode()
    for article in Article.objects.all():
        assert article.title in content


def test_the_demo_people_are_confirmed_so_search_keeps_their_names_whole(client, capsys):
    load(capsys)
    assert Person.objects.count() == 16 and not Person.objects.filter(confirmed=False).exists()
    html = client.get("/search/?q=张红军").content.decode()
    assert "共找到 2 篇稿件（检索词：张红军）" in html
    assert "<mark>张红军</mark>" in html and "<mark>张</mark>" not in html
