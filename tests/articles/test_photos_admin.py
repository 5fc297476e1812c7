"""The article form's photo inline: uploads checked before anything is stored, thumbnails, role permissions."""

from __future__ import annotations

import os
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import ArticlePhoto
from tests.articles.test_workflow_admin import article_form
from tests.factories import image_bytes, make_article, make_person, make_photo

pytestmark = pytest.mark.django_db


def post_photo(client, article, upload, **fields):
    data = article_form(article.title, slug=article.slug, **{
        "photos-TOTAL_FORMS": "1", "photos-0-order": "0", "photos-0-caption": "图为车间一角",
        "photos-0-alt": "工人在车间检查设备", "photos-0-photographer": "", "photos-0-image": upload,
        **fields,
    })
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def stored_files(root) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def test_an_editor_uploads_a_photo_and_sees_its_thumbnail(staff_client):
    article = make_article("高新区召开安全生产会议", published=False)
    photographer = make_person("李摄影", kind="journalist")
    upload = SimpleUploadedFile("会议.jpg", image_bytes(1600, 1000), content_type="image/jpeg")
    response = post_photo(staff_client, article, upload, **{"photos-0-photographer": str(photographer.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    (photo,) = article.photos.all()
    assert photo.caption == "图为车间一角" and photo.photographer == photographer
    assert len(photo.renditions["webp"]) == 3
    change = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in change
    assert 'class="photo-thumbnail"' in change and "-480.jpg" in change


@pytest.mark.parametrize(
    "data,message",
    [
        ("不是图片".encode(), "不是可识别的图片"),
        (image_bytes(format="PNG")[:300], "已损坏或不完整"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_stored(staff_client, settings, data, message):
    article = make_article(published=False)
    before = stored_files(settings.MEDIA_ROOT)
    response = post_photo(staff_client, article, SimpleUploadedFile("bad.jpg", data, content_type="image/jpeg"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticlePhoto.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == before


def test_alt_text_is_required(staff_client):
    article = make_article(published=False)
    upload = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    response = post_photo(staff_client, article, upload, **{"photos-0-alt": ""})
    assert response.status_code == 200 and not ArticlePhoto.objects.exists()


def test_the_site_admins_may_upload_photos():
    codenames = set(Group.objects.get(name="管理员").permissions.values_list("codename", flat=True))
    assert {"add_articlephoto", "change_articlephoto", "delete_articlephoto"} <= codenames


def test_the_role_groups_may_upload_photos():
    for name in ["记者", "编辑", "值班主任"]:
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"add_articlephoto", "change_articlephoto", "delete_articlephoto"} <= codenames, name


def test_a_photo_change_announces_itself_to_the_page_cache():
    article = make_article()
    with mock.patch("articles.signals.pages_changed") as changed:
        photo = make_photo(article)
        assert changed.called
        changed.reset_mock()
        photo.delete()
        assert changed.called
