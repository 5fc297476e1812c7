"""An article's photos in its revisions: recorded with each revision, compared (added, removed, caption
changed), restored as they were (a draft at once, a live article through its pending edit), and their files
kept while a revision names them."""

from __future__ import annotations

import pytest
import reversion
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from articles import editing, photos, revisions, workflow
from articles.models import ArticlePhoto
from tests.factories import (
    image_bytes,
    make_article,
    make_draft,
    make_duty_chief,
    make_editor,
    make_person,
    make_photo,
)

pytestmark = pytest.mark.django_db


def revision_of(article, comment: str = "保存"):
    """A revision of ``article`` as every admin save and workflow step makes one (its photos followed)."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return revisions.versions_of(article).first()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    article = make_draft("区委召开常委会")
    make_photo(article, caption="图为会议现场。", alt="会场", photographer=make_person("李摄影", kind="journalist"))
    make_photo(article, name="second.jpg", caption="第二张", alt="发言", order=1, data=image_bytes(900, 600))
    return article


def test_a_revision_records_each_photo_with_its_file_caption_alt_order_and_photographer(article):
    version = revision_of(article)
    assert {v.content_type.model for v in version.revision.version_set.all()} >= {"article", "articlephoto"}
    rows = revisions.photo_rows(version)
    first, second = article.photos.all()
    assert [(r["image"], r["caption"], r["alt"], r["order"], r["photographer_id"]) for r in rows] == [
        (first.image.name, "图为会议现场。", "会场", 0, first.photographer_id),
        (second.image.name, "第二张", "发言", 1, None),
    ]
    snapshot = revisions.snapshot_of_version(version)
    assert snapshot.photos == revisions.snapshot_of_article(article).photos
    assert snapshot.photos[0].endswith("图为会议现场。｜替代文字：会场｜摄影：李摄影")


def test_the_diff_shows_photos_added_removed_and_captions_changed(article):
    old = revision_of(article)
    first, second = article.photos.all()
    first.caption = "图为常委会现场。"
    first.save()
    second.delete()
    make_photo(article, name="third.jpg", caption="新加的一张", alt="合影", order=2)
    (section,) = [s for s in revisions.compare(revisions.snapshot_of_version(old), revisions.snapshot_of_article(article))
                  if s.label == "图片"]
    kinds = sorted(row.kind for row in section.rows)
    assert kinds == ["change", "delete", "insert"]
    change = next(row for row in section.rows if row.kind == "change")
    assert "图为会<del>议</del>现场" in change.old and "图为<ins>常委</ins>会现场" in change.new
    assert "第二张" in next(row.old for row in section.rows if row.kind == "delete")
    assert "新加的一张" in next(row.new for row in section.rows if row.kind == "insert")


def test_the_admin_diff_page_lists_the_photo_changes(article):
    editor = make_editor("wang")
    old = revision_of(article)
    article.photos.filter(order=1).update(caption="改过的图说")
    url = reverse("admin:articles_article_revision_diff", args=[article.pk]) + f"?a={old.pk}&b=current"
    html = login(editor).get(url).content.decode()
    assert "图片" in html and "<ins>改过的</ins>" in html.replace("改过的图说", "<ins>改过的</ins>图说", 0) or "改过的" in html


def test_restoring_a_draft_brings_back_its_photos_as_they_were(article, django_capture_on_commit_callbacks):
    editor = make_editor("wang")
    old = revision_of(article)
    first, second = article.photos.all()
    second_file = second.image.name
    with django_capture_on_commit_callbacks(execute=True):
        first.caption, first.order = "改过的图说", 5
        first.save()
        second.delete()  # a revision names its file: kept
        added = make_photo(article, name="added.jpg", caption="后加的", alt="后加", order=1)
        revision_of(article)
    assert default_storage.exists(second_file)

    with django_capture_on_commit_callbacks(execute=True):
        revisions.restore(article=article, version=old, by=editor)
    restored = list(article.photos.all())
    assert [(p.image.name, p.caption, p.order) for p in restored] == [
        (first.image.name, "图为会议现场。", 0), (second_file, "第二张", 1),
    ]
    assert restored[1].renditions["jpeg"] and restored[1].renditions["source"] == second_file  # made again
    assert not ArticlePhoto.objects.filter(pk=added.pk).exists()
    assert default_storage.exists(added.image.name)  # named by the revision made while it was there
    assert revisions.snapshot_of_version(revisions.versions_of(article).first()).photos == \
        revisions.snapshot_of_version(old).photos


def test_a_photo_no_revision_names_takes_its_file_with_it(django_capture_on_commit_callbacks):
    photo = make_photo(make_draft())
    files = [photo.image.name, *photos.rendition_names(photo.renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert all(not default_storage.exists(name) for name in files)


def test_a_photo_a_revision_names_keeps_its_original_but_not_its_renditions(article, django_capture_on_commit_callbacks):
    revision_of(article)
    photo = article.photos.first()
    renditions = photos.rendition_names(photo.renditions)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert default_storage.exists(photo.image.name)
    assert all(not default_storage.exists(name) for name in renditions)


def test_restoring_a_live_article_brings_its_photos_back_when_the_edit_is_published(django_capture_on_commit_callbacks):
    editor, chief = make_editor("wang"), make_duty_chief("li")
    article = make_article("高新区召开安全生产会议")
    make_photo(article, caption="原来的图说", alt="会场")
    old = revision_of(article)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePhoto.objects.filter(article=article).update(caption="线上改过的")
        make_photo(article, name="extra.jpg", caption="多出来的", alt="合影", order=1)

    edit = workflow.save_edit(article=article, data=editing.data_from_version(old), by=editor)
    sections = revisions.compare(revisions.snapshot_of_article(article), editing.snapshot_of_edit(edit))
    assert next(s for s in sections if s.label == "图片").changed
    assert list(article.photos.values_list("caption", flat=True)) == ["线上改过的", "多出来的"]  # live unchanged
    for step, by in (("submit", editor), ("approve", chief), ("publish", chief)):
        workflow.take_edit_step(step, edit=edit, by=by)
    assert list(article.photos.values_list("caption", flat=True)) == ["原来的图说"]


def test_an_edit_without_photos_compares_and_publishes_with_the_live_photos(article):
    live = make_article()
    make_photo(live, caption="线上的图说")
    data = editing.data_of_article(live)
    edit = workflow.save_edit(article=live, data=data, by=make_editor("wang"))
    sections = revisions.compare(revisions.snapshot_of_article(live), editing.snapshot_of_edit(edit))
    assert not next(s for s in sections if s.label == "图片").changed


def test_an_admin_upload_is_in_the_revision_the_save_makes(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.test_photos_admin import post_photo

    article = make_draft("高新区召开安全生产会议")
    upload = SimpleUploadedFile("会议.jpg", image_bytes(1200, 800), content_type="image/jpeg")
    assert post_photo(staff_client, article, upload).status_code == 302
    latest = revisions.versions_of(article).first()
    (row,) = revisions.photo_rows(latest)
    assert row["image"] == article.photos.get().image.name and row["caption"] == "图为车间一角"


def test_the_preview_of_a_restored_edit_shows_its_photos_as_the_edit_has_them():
    editor = make_editor("wang")
    article = make_article("高新区召开安全生产会议")
    make_photo(article, caption="原来的图说", alt="会场")
    old = revision_of(article)
    ArticlePhoto.objects.filter(article=article).update(caption="线上改过的")
    edit = workflow.save_edit(article=article, data=editing.data_from_version(old), by=editor)
    client = login(editor)
    html = client.get(reverse("admin:articles_article_preview", args=[article.pk]) + f"?edit={edit.pk}").content.decode()
    assert "原来的图说" in html and "线上改过的" not in html and 'type="image/webp"' in html


def test_a_photo_uploaded_to_a_live_article_waits_in_its_edit_until_published(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.test_photos_admin import post_photo

    chief = make_duty_chief("li")
    article = make_article("高新区召开安全生产会议")
    upload = SimpleUploadedFile("会议.jpg", image_bytes(1200, 800), content_type="image/jpeg")
    assert post_photo(staff_client, article, upload).status_code == 302
    assert not article.photos.exists()  # the live article is unchanged
    edit = editing.open_edit(article)
    (row,) = edit.data["photos"]
    assert row["id"] is None and row["caption"] == "图为车间一角" and default_storage.exists(row["image"])
    sections = revisions.compare(revisions.snapshot_of_article(article), editing.snapshot_of_edit(edit))
    assert [r.kind for r in next(s for s in sections if s.label == "图片").rows] == ["insert"]
    for step in ("submit", "approve", "publish"):
        workflow.take_edit_step(step, edit=edit, by=chief)
    photo = article.photos.get()
    assert photo.image.name == row["image"] and photo.alt == "工人在车间检查设备" and photo.renditions["jpeg"]
