"""The 待核队列: what it lists, its buttons, who may use it, and a cost that does not grow with the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from people.models import Organization, Person
from tests.factories import (
    make_article,
    make_draft,
    make_editor,
    make_mention,
    make_organization,
    make_person,
    make_position,
    make_reporter,
    make_source_page,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:articles_review_queue")


def done_url(kind, obj):
    return reverse("admin:articles_review_done", args=[kind, obj.pk])


def fill_queue(n: int, start: int = 0) -> None:
    """n of each: a generated title, review notes, an unconfirmed person and organization, a pair of namesakes."""
    for i in range(start, start + n):
        make_draft(f"系统生成的标题{i}", title_is_generated=True)
        article = make_draft(f"有待核事项{i}", review_notes=f"人名“李平{i}”与已有1人同名")
        person = make_person(f"未核实{i}")
        make_position(person, "副主任", make_organization(f"未核实机构{i}"))
        make_mention(article, person, "副主任")
        make_person(f"李平{i}", disambiguator="区教育局", confirmed=True)
        make_person(f"李平{i}", disambiguator="区财政局", confirmed=True)
        make_draft(f"金秋稻田收割忙{i}", kind="图片新闻", body="图为农民在收割水稻。记者 周涛 摄")


def test_queue_lists_what_needs_review(staff_client):
    fill_queue(1)
    make_article("已核过的稿件")
    make_person("郭程明", confirmed=True)
    make_organization("河南省消防协会", confirmed=True)
    content = staff_client.get(QUEUE).content.decode()
    assert "系统生成的标题0" in content and "有待核事项0" in content
    assert "人名“李平0”与已有1人同名" in content
    assert "已核过的稿件" not in content
    assert "未核实0" in content and "未核实机构0" in content
    assert "郭程明" not in content and "河南省消防协会" not in content
    assert "李平0（区教育局）" in content and "李平0（区财政局）" in content
    assert "同名人物（1 个姓名）" in content
    assert 'value="merge_action"' in content


def test_mark_an_article_reviewed(staff_client):
    article = make_draft("系统生成的标题", title_is_generated=True, review_notes="标题由导语生成，请核对")
    response = staff_client.post(done_url("article", article), follow=True)
    assert "已标记为已核" in response.content.decode()
    article.refresh_from_db()
    assert (article.title_is_generated, article.review_notes) == (False, "")
    assert "系统生成的标题" not in staff_client.get(QUEUE).content.decode().split('id="namesakes"')[0]


def test_confirm_a_person_and_an_organization_from_the_queue(staff_client):
    person, org = make_person("宋紫谦"), make_organization("中国消防协会")
    staff_client.post(done_url("person", person))
    staff_client.post(done_url("organization", org))
    assert Person.objects.get().confirmed and Organization.objects.get().confirmed


def test_buttons_are_post_only_and_kinds_are_known(staff_client):
    article = make_draft(title_is_generated=True)
    assert staff_client.get(done_url("article", article)).status_code == 405
    assert staff_client.post(reverse("admin:articles_review_done", args=["topic", article.pk])).status_code == 404
    assert staff_client.post(reverse("admin:articles_review_done", args=["article", 99999])).status_code == 404


def test_editors_use_the_queue_reporters_may_not(client):
    article = make_draft(title_is_generated=True)
    person = make_person("宋紫谦")
    client.force_login(make_reporter("sun"))
    assert client.get(QUEUE).status_code == 403
    assert client.post(done_url("article", article)).status_code == 403
    assert client.post(done_url("person", person)).status_code == 403
    client.force_login(make_editor("bian"))
    assert client.get(QUEUE).status_code == 200
    assert client.post(done_url("article", article)).status_code == 302
    assert client.post(done_url("person", person)).status_code == 302
    assert not Article.objects.get().title_is_generated and Person.objects.get().confirmed


@pytest.mark.parametrize("n", [1, 20])
def test_queue_costs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, n):
    fill_queue(n)
    # session, user; the six sections and their six counts; positions prefetched for two of them
    with django_assert_max_num_queries(16):
        response = staff_client.get(QUEUE)
    assert response.status_code == 200
    assert f"系统生成的标题{n - 1}" in response.content.decode()


def test_namesakes_merge_button_opens_the_merge_confirmation(staff_client):
    a = make_person("李平", disambiguator="区教育局")
    b = make_person("李平", disambiguator="区财政局")
    content = staff_client.get(QUEUE).content.decode()
    assert f'<input type="hidden" name="_selected_action" value="{a.pk}">' in content
    # what the queue's 合并… form posts: the action and the namesakes, no "index"
    response = staff_client.post(reverse("admin:people_person_changelist"),
                                 {"action": "merge_action", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 200
    assert "合并人物" in response.content.decode() and 'name="survivor"' in response.content.decode()
    assert Person.objects.count() == 2


def test_text_a_page_could_not_place_is_listed_until_an_editor_deals_with_it(client):
    editor = make_editor("editor-residue")
    page = make_source_page(residue="下期预告")
    client.force_login(editor)
    content = client.get(QUEUE).content.decode()
    assert f'id="page-{page.pk}"' in content and "下期预告" in content
    response = client.post(done_url("page", page))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.residue == "" and "本报讯" in page.raw_text  # the raw text keeps every character
    assert 'id="pages"' not in client.get(QUEUE).content.decode()


def test_a_reporter_cannot_clear_a_pages_residue(client):
    page = make_source_page(residue="下期预告")
    client.force_login(make_reporter("reporter-residue"))
    assert client.post(done_url("page", page)).status_code == 403
    page.refresh_from_db()
    assert page.residue == "下期预告"


def test_photo_news_waits_for_its_picture_in_the_queue(staff_client, settings, tmp_path):
    """An imported 图片新闻 has only its caption: it is listed until a photo is uploaded."""
    from tests.factories import make_photo

    settings.MEDIA_ROOT = tmp_path
    article = make_draft("金秋稻田收割忙", kind="图片新闻", body="图为农民在收割水稻。记者 周涛 摄")
    make_draft("区委常委会召开会议")  # news, not photo news: never listed there
    content = staff_client.get(QUEUE).content.decode()
    assert "图片新闻待配图（1 篇" in content and "金秋稻田收割忙" in content
    make_photo(article)
    assert "图片新闻待配图" not in staff_client.get(QUEUE).content.decode()
