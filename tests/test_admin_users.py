"""A staff user with a role is made on one screen (role and byline on the add form, staff from the start), and
the user list shows each user's roles. Only those who manage accounts may: anyone else's POST is a 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from people.models import Person
from tests.factories import make_duty_chief, make_editor, make_person, make_reporter, make_site_admin

pytestmark = pytest.mark.django_db

ADD = "admin:auth_user_add"


def add_data(username="sunqinghui", role="记者", byline="孙庆辉"):
    from django.contrib.auth.models import Group

    return {"username": username, "role": str(Group.objects.get(name=role).pk), "byline": byline,
            "usable_password": "true", "password1": "Zq8!xk2#news", "password2": "Zq8!xk2#news"}


def test_add_form_has_the_role_and_byline(staff_client):
    html = staff_client.get(reverse(ADD)).content.decode()
    assert 'name="role"' in html and 'name="byline"' in html
    for role in ["记者", "编辑", "值班主任", "管理员"]:
        assert f">{role}</option>" in html


@pytest.mark.parametrize("by", ["superuser", "管理员"])
def test_one_screen_makes_a_staff_user_with_a_role_and_byline(client, staff_client, by):
    if by == "管理员":
        client.force_login(make_site_admin())
    response = client.post(reverse(ADD), add_data(role="编辑"))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="sunqinghui")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == ["编辑"]
    assert user.has_perm("articles.review_article")
    person = Person.objects.get(account=user)
    assert (person.name, person.kind) == ("孙庆辉", "journalist")


def test_byline_links_the_existing_journalist(staff_client):
    existing = make_person("孙庆辉", kind="journalist")
    make_person("孙庆辉", kind="official", disambiguator="区教育局")
    assert staff_client.post(reverse(ADD), add_data()).status_code == 302
    existing.refresh_from_db()
    assert existing.account.username == "sunqinghui"
    assert Person.objects.filter(name="孙庆辉").count() == 2


def test_byline_beside_a_namesake_with_an_account_is_a_new_person(staff_client):
    make_person("孙庆辉", kind="journalist", account=make_reporter("other"))
    assert staff_client.post(reverse(ADD), add_data()).status_code == 302
    person = Person.objects.get(account__username="sunqinghui")
    assert person.name == "孙庆辉" and person.disambiguator


def test_user_list_shows_roles(staff_client):
    make_reporter("reporter1")
    make_editor("editor1")
    make_duty_chief("chief1")
    html = staff_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "角色" in html
    for username, role in [("reporter1", "记者"), ("editor1", "编辑"), ("chief1", "值班主任")]:
        row = html[html.index(f">{username}</a>"):]
        row = row[:row.index("</tr>")]
        assert f">{role}</td>" in row, (username, row)


@pytest.mark.parametrize("make_user", [make_reporter, make_editor, make_duty_chief])
def test_others_cannot_make_users(client, make_user):
    client.force_login(make_user())
    before = User.objects.count()
    assert client.get(reverse(ADD)).status_code == 403
    response = client.post(reverse(ADD), add_data(role="管理员"))
    assert response.status_code == 403
    assert User.objects.count() == before
    assert not Person.objects.filter(name="孙庆辉").exists()


def test_permissions_are_listed_in_chinese(staff_client):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="记者")
    html = staff_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "稿件 | 稿件 | 可以添加稿件" in html
    assert "登录防护 | 登录尝试 | 可以查看登录尝试" in html
    assert "Can add" not in html and "Can view" not in html
