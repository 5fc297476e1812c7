"""The article form fits a reporter's work: their own byline filled in, the people named picked or added by name
(autocomplete with 新建), organizations by autocomplete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Person
from tests.articles.test_workflow_admin import article_form
from tests.factories import make_article, make_editor, make_organization, make_person, make_reporter

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def rows(prefix: str, *forms: dict) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(forms)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, form in enumerate(forms):
        data.update({f"{prefix}-{i}-{key}": value for key, value in form.items()})
    return data


@pytest.fixture
def reporter(client):
    user = make_reporter("sun")
    make_person("孙庆辉", kind="journalist", account=user)
    client.force_login(user)
    return user


def test_a_new_article_opens_with_the_reporters_own_byline(client, reporter):
    html = client.get(ADD).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="1"' in html
    select = html[html.index('name="credits-0-person"'):]
    select = select[:select.index("</select>")]
    assert 'selected>孙庆辉</option>' in select
    assert 'data-tags="true"' in html and "articles/js/person_picker.js" in html


def test_the_prefilled_byline_is_saved_and_can_be_cleared(client, reporter):
    me = Person.objects.get(account=reporter)
    data = article_form("有署名的稿件", **rows("credits", {"order": "0", "role": "记者", "person": str(me.pk)}))
    assert client.post(ADD, data).status_code == 302
    article = Article.objects.get(title="有署名的稿件")
    assert [(c.person, c.role) for c in article.credits.all()] == [(me, "记者")]
    data = article_form("没有署名的稿件", **rows("credits", {"order": "0", "role": "记者", "person": ""}))
    assert client.post(ADD, data).status_code == 302
    assert not Article.objects.get(title="没有署名的稿件").credits.exists()


def test_no_own_byline_without_a_linked_person(client):
    client.force_login(make_reporter())
    html = client.get(ADD).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="0"' in html
    existing = make_article("旧稿件")
    client.force_login(make_editor())
    html = client.get(reverse("admin:articles_article_change", args=[existing.pk])).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="0"' in html


def test_reporter_adds_a_person_by_name(client, reporter):
    known = make_person("张红军")
    data = article_form("张红军会见王五", **rows(
        "mentions",
        {"order": "0", "person": str(known.pk), "title_printed": "党工委书记", "role": "会见"},
        {"order": "1", "person": "王五", "title_printed": "某公司董事长", "role": ""},
    ), **rows("credits", {"order": "0", "role": "通讯员", "person": "李新"}))
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="张红军会见王五")
    assert [m.person.name for m in article.mentions.all()] == ["张红军", "王五"]
    wang = Person.objects.get(name="王五")
    assert (wang.kind, wang.confirmed, wang.disambiguator) == ("other", False, "")
    li = article.credits.get().person
    assert (li.name, li.kind, li.confirmed) == ("李新", "journalist", False)


def test_a_new_namesake_is_told_apart(client, reporter):
    make_person("王五")
    data = article_form("又一个王五", **rows("mentions", {"order": "0", "person": "王五", "title_printed": "村支书"}))
    assert client.post(ADD, data).status_code == 302
    assert sorted(Person.objects.filter(name="王五").values_list("disambiguator", flat=True)) == ["", "村支书"]
    data = article_form("第三个王五", **rows("mentions", {"order": "0", "person": "王五", "title_printed": ""}))
    assert client.post(ADD, data).status_code == 302
    assert sorted(Person.objects.filter(name="王五").values_list("disambiguator", flat=True)) == ["", "待核实3", "村支书"]


def test_an_invalid_article_creates_nobody_and_shows_the_name_back(client, reporter):
    data = article_form("", **rows("mentions", {"order": "0", "person": "赵六", "title_printed": ""}))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not Person.objects.filter(name="赵六").exists()
    assert '<option value="赵六" selected>新建人物：赵六</option>' in response.content.decode()


def test_a_row_with_a_title_but_no_person_is_an_error_only_when_the_row_exists(client, reporter):
    existing = make_person("张红军")
    article = make_article("已有稿件", published=False, status="draft", created_by=reporter)
    from articles.models import Mention

    mention = Mention.objects.create(article=article, person=existing, order=0)
    data = article_form("已有稿件", **{
        "mentions-TOTAL_FORMS": "1", "mentions-INITIAL_FORMS": "1", "mentions-0-id": str(mention.pk),
        "mentions-0-article": str(article.pk), "mentions-0-order": "0", "mentions-0-person": "",
        "mentions-0-title_printed": "", "mentions-0-role": "",
    })
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "请选择人物，或输入姓名新建" in response.content.decode()


def test_organizations_by_autocomplete(client, reporter):
    org = make_organization("郑州高新区管委会")
    make_organization("河南省消防协会")
    html = client.get(ADD).content.decode()
    field = html[html.index('name="organizations"') - 400:html.index('name="organizations"') + 400]
    assert "admin-autocomplete" in field and "selectfilter" not in field.lower()
    assert "河南省消防协会" not in html  # not a pick-list of every organization
    response = client.get(reverse("admin:autocomplete"), {"term": "高新", "app_label": "articles",
                                                          "model_name": "article", "field_name": "organizations"})
    assert [r["text"] for r in response.json()["results"]] == ["郑州高新区管委会"]
    data = article_form("有机构的稿件", organizations=[str(org.pk)])
    assert client.post(ADD, data).status_code == 302
    assert list(Article.objects.get(title="有机构的稿件").organizations.all()) == [org]


def test_reporter_still_cannot_use_the_person_pages_to_add(client, reporter):
    response = client.post(reverse("admin:people_person_add"), {"name": "钱七", "kind": "other"})
    assert response.status_code == 403
    assert not Person.objects.filter(name="钱七").exists()
