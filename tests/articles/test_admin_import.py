"""导入版面 in the admin: a preview that writes nothing, a confirmation that writes exactly the preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import services
from articles.admin_import import TOKEN_SALT
from articles.models import Article, Credit, Meeting, Mention, SourcePage
from people.models import Organization, Person, Position
from tests.factories import make_editor, make_person, make_position, make_reporter, make_user

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"
IMPORT = reverse("admin:articles_sourcepage_import")
CONFIRM = reverse("admin:articles_sourcepage_import_confirm")


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Person, Organization, Position, Credit, Mention, Meeting, SourcePage)
    }


def preview(client, **data):
    data.setdefault("year", "2023")
    return client.post(IMPORT, data)


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_form_loads_for_staff(staff_client):
    response = staff_client.get(IMPORT)
    assert response.status_code == 200
    content = response.content.decode()
    assert "导入版面" in content and 'name="text"' in content and 'name="file"' in content


def test_preview_shows_what_the_import_would_do_and_writes_nothing(staff_client, seed_text):
    zhang = make_person("张红军")
    make_position(zhang, "党工委书记")
    before = table_counts()
    response = preview(staff_client, text=seed_text.replace("\n", "\r\n"))  # a browser posts CRLF
    assert response.status_code == 200
    assert table_counts() == before
    content = response.content.decode()
    assert "稿件 4 篇：新建 4" in content
    assert "坚持大抓基层的鲜明导向" in content and "有力推动基层党建工作全面提质" in content
    assert "高新区党（工）委（党组）书记述职评议“交答卷”" in content
    assert "标题由系统从导语生成，待核" in content
    # 张红军 matched to the existing record (a link to it); the others are new
    assert f'href="/admin/people/person/{zhang.pk}/change/"' in content
    assert "区党工委书记张红军（主持）［已有］" in content
    assert "新建 15：" in content and "宋紫谦" in content
    assert "中铁安全技术集团有限公司" in content
    assert "2023世界金刚石大会总体方案汇报会" in content
    assert "待核事项 3 项" in content
    assert "确认导入" in content


def test_confirm_writes_exactly_the_preview(staff_client, seed_text):
    response = preview(staff_client, text=seed_text, page_number="1", issue_date="2023-02-14")
    dry = services.import_page(raw=seed_text.encode(), year=2023, issue_date=None, dry_run=True)
    previewed_people = {p.name for p in dry.people_created}
    previewed_orgs = {o.name for o in dry.organizations_created}
    previewed_titles = [o.parsed.title for o in dry.articles]

    response = staff_client.post(CONFIRM, {"token": token_of(response)})
    page = SourcePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:articles_article_changelist')}?source_page__id__exact={page.pk}"
    assert page.raw_text == seed_text  # the CRLF-free text, byte for byte
    assert page.checksum == services.page_checksum(seed_text)
    assert (page.issue_date.isoformat(), page.page_number, page.file_name) == ("2023-02-14", 1, "")
    assert list(page.articles.order_by("position_on_page").values_list("title", flat=True)) == previewed_titles
    assert set(Person.objects.values_list("name", flat=True)) == previewed_people
    assert set(Organization.objects.values_list("name", flat=True)) == previewed_orgs
    assert Meeting.objects.count() == 2
    followed = staff_client.get(response["Location"])
    assert "已导入版面" in followed.content.decode()
    assert "有力推动基层党建工作全面提质" in followed.content.decode()


def test_importer_is_recorded(client, seed_text):
    editor = make_editor("wang")
    client.force_login(editor)
    client.post(CONFIRM, {"token": token_of(preview(client, text=seed_text))})
    assert SourcePage.objects.get().imported_by == editor


def test_upload_a_gbk_file(staff_client, seed_text):
    upload = SimpleUploadedFile("page-1.txt", seed_text.encode("gb18030"), content_type="text/plain")
    response = staff_client.post(IMPORT, {"file": upload, "year": "2023"})
    assert "文件“page-1.txt”" in response.content.decode()
    staff_client.post(CONFIRM, {"token": token_of(response)})
    page = SourcePage.objects.get()
    assert (page.file_name, page.encoding, page.raw_text) == ("page-1.txt", "gb18030", seed_text)


def test_a_page_already_imported_is_refused_with_a_link(staff_client, seed_text):
    report = services.import_page(raw=seed_text.encode(), year=2023)
    before = table_counts()
    response = preview(staff_client, text=seed_text)
    content = response.content.decode()
    assert "这个版面已经导入过" in content
    assert f'href="/admin/articles/sourcepage/{report.source_page.pk}/change/"' in content
    assert "确认导入" not in content
    assert table_counts() == before


def test_a_page_imported_between_preview_and_confirm_is_refused(staff_client, seed_text):
    token = token_of(preview(staff_client, text=seed_text))
    services.import_page(raw=seed_text.encode(), year=2023)
    before = table_counts()
    response = staff_client.post(CONFIRM, {"token": token}, follow=True)
    assert "这个版面已经导入过" in response.content.decode()
    assert table_counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   \n"}, "页面文件为空"),
        ({"text": "今天天气很好。\n明天也好。"}, "没有“本报讯”"),
        ({"file": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}, "疑似二进制文件"),
        ({"file": b""}, "页面文件为空"),
        ({"file": "本报讯 2月12日，郑州高新区召开会议。".encode() + b"\xff\xfe\xfd" * 3 + "区党工委书记张红军主持。".encode() * 5},
         "无法识别编码"),
        ({"file": b"a" * (services.MAX_PAGE_BYTES + 1)}, "文件过大"),
        ({"text": "本报讯 2月12日，召开会议。", "year": ""}, "请填写出版日期或年份"),
        ({}, "请上传版面文件或粘贴 OCR 文本"),
    ],
)
def test_bad_input_shows_the_message_and_writes_nothing(staff_client, data, message):
    data = dict(data)
    if "file" in data:
        data["file"] = SimpleUploadedFile("page.txt", data["file"])
    before = table_counts()
    response = preview(staff_client, **data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content, content[:4000]
    assert "确认导入" not in content
    assert table_counts() == before


def test_a_forged_or_foreign_token_writes_nothing(client, seed_text):
    editor, other = make_editor("li"), make_editor("zhao")
    client.force_login(editor)
    token = token_of(preview(client, text=seed_text))
    tampered = signing.dumps({"raw": "", "user": editor.pk}, salt="something-else")
    for bad in (tampered, token[:-2] + "xx", ""):
        response = client.post(CONFIRM, {"token": bad}, follow=True)
        assert "确认信息无效" in response.content.decode()
    client.force_login(other)
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert "这份预览不是您做的" in response.content.decode()
    assert SourcePage.objects.count() == 0
    assert signing.loads(token, salt=TOKEN_SALT)["user"] == editor.pk


def test_confirm_is_post_only(staff_client):
    assert staff_client.get(CONFIRM).status_code == 405


def test_who_may_import(client, seed_text):
    nobody = make_user("guest")  # staff, no group: may not add articles
    client.force_login(nobody)
    assert client.get(IMPORT).status_code == 403
    assert preview(client, text=seed_text).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert SourcePage.objects.count() == 0
    client.force_login(make_reporter("sun"))  # 记者 may add articles, so may import
    response = preview(client, text=seed_text)
    assert response.status_code == 200 and "确认导入" in response.content.decode()


def test_buttons_on_the_changelist_and_the_index(staff_client):
    content = staff_client.get(reverse("admin:articles_sourcepage_changelist")).content.decode()
    assert f'href="{IMPORT}"' in content and "导入版面" in content
    assert reverse("admin:articles_review_queue") in content
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert f'href="{IMPORT}"' in index and "待核队列" in index


# Issue 13: residue and item kinds in the preview; the same page confirmed twice at once.

PAGE_WITH_RESIDUE = """金秋稻田收割忙
图为11月8日，农民在城关镇东湖村驾驶收割机收割水稻。
记者 周涛 摄

本报讯（记者 李明）11月10日上午，区委书记张红军主持召开区委常委会会议，研究部署下一步工作。
记者 李明

下期预告
"""


def test_preview_shows_the_residue_and_the_kind_of_each_item(staff_client):
    response = preview(staff_client, text=PAGE_WITH_RESIDUE)
    content = response.content.decode()
    assert 'id="preview-residue"' in content and "下期预告" in content
    assert "［图片新闻］" in content and "［消息］" in content


def test_confirm_keeps_the_residue_with_the_page(staff_client):
    token = token_of(preview(staff_client, text=PAGE_WITH_RESIDUE))
    staff_client.post(CONFIRM, {"token": token})
    assert SourcePage.objects.get().residue == "下期预告"


def test_a_page_confirmed_twice_at_once_gives_a_message_not_an_error(staff_client, monkeypatch):
    token = token_of(preview(staff_client, text=PAGE_WITH_RESIDUE))
    staff_client.post(CONFIRM, {"token": token})
    real = services._imported_page
    calls = []
    monkeypatch.setattr(services, "_imported_page",
                        lambda checksum: None if not calls.append(1) and len(calls) == 1 else real(checksum))
    response = staff_client.post(CONFIRM, {"token": token}, follow=True)
    assert response.status_code == 200
    assert "同一个版面正在被另一次导入写入" in response.content.decode()
    assert SourcePage.objects.count() == 1
