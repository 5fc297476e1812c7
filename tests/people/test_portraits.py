"""A person's portrait and an organisation's logo: renditions made by the article photos' code, shown on the
reader pages (srcset, size, the name as alt text, og:image), checked in the admin, files gone with the row."""

from __future__ import annotations

import os
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from people import services
from people.models import Organization, Person
from tests.articles.test_photos import png_header
from tests.factories import image_bytes, make_article, make_mention, make_organization, make_person

pytestmark = pytest.mark.django_db


def upload(data: bytes | None = None, name: str = "portrait.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or image_bytes(1200, 1500), content_type="image/jpeg")


def files_of(renditions: dict, original: str) -> list[str]:
    return [original, *(name for kind in ("jpeg", "webp") for _, _, name in renditions[kind])]


def visible_person(**kwargs) -> Person:
    """A person named in a published article, so their page is public."""
    person = make_person("张红军", **kwargs)
    make_mention(make_article(), person)
    return person


def visible_organization(**kwargs) -> Organization:
    organization = make_organization("郑州高新区管委会", **kwargs)
    make_article().organizations.add(organization)
    return organization


# -- renditions -------------------------------------------------------------------------------------------


def test_a_portrait_gets_renditions_at_its_three_widths_once():
    person = make_person(portrait=upload(image_bytes(1200, 1500)))
    assert [w for w, _, _ in person.portrait_renditions["jpeg"]] == [240, 480, 960]
    assert [w for w, _, _ in person.portrait_renditions["webp"]] == [240, 480, 960]
    assert person.portrait_renditions["jpeg"][0][:2] == [240, 300]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.portrait_width, stored.portrait_height) == (1200, 1500)
    assert stored.portrait_renditions == person.portrait_renditions
    assert person.portrait.name.startswith("people/portraits/")
    assert person.portrait_renditions["jpeg"][0][2].startswith("people/renditions/portraits/")
    made = person.portrait_renditions
    person.bio = "简介"
    person.save()
    assert Person.objects.get(pk=person.pk).portrait_renditions == made  # not made again


def test_a_logo_with_transparency_is_laid_on_white():
    organization = make_organization(logo=upload(image_bytes(500, 500, mode="RGBA", format="PNG"), "logo.png"))
    assert [w for w, _, _ in organization.logo_renditions["jpeg"]] == [240, 500]
    with default_storage.open(organization.logo_renditions["jpeg"][0][2]) as f, Image.open(f) as image:
        assert image.mode == "RGB"


def test_a_replaced_portrait_takes_its_old_files_with_it_at_commit(django_capture_on_commit_callbacks):
    person = make_person(portrait=upload())
    old = files_of(person.portrait_renditions, person.portrait.name)
    with django_capture_on_commit_callbacks(execute=True):
        person.portrait = upload(image_bytes(800, 800), "new.jpg")
        person.save()
    assert all(not default_storage.exists(name) for name in old)
    assert default_storage.exists(person.portrait.name)
    assert person.portrait_renditions["jpeg"][-1][0] == 800
    current = files_of(person.portrait_renditions, person.portrait.name)
    with django_capture_on_commit_callbacks(execute=True):
        person.portrait = ""
        person.save()
    assert all(not default_storage.exists(name) for name in current)
    assert Person.objects.get(pk=person.pk).portrait_renditions == {}


def test_deleting_a_person_or_an_organisation_removes_the_files_at_commit(django_capture_on_commit_callbacks):
    person = make_person(portrait=upload())
    organization = make_organization(logo=upload(name="logo.jpg"))
    names = [*files_of(person.portrait_renditions, person.portrait.name),
             *files_of(organization.logo_renditions, organization.logo.name)]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
        organization.delete()
    assert all(not default_storage.exists(name) for name in names)


def test_a_merged_duplicate_hands_its_portrait_on(django_capture_on_commit_callbacks, django_user_model):
    survivor = make_person("张红军")
    duplicate = make_person("张红军", disambiguator="重复", portrait=upload())
    names = files_of(duplicate.portrait_renditions, duplicate.portrait.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_people(survivor=survivor, duplicate=duplicate, by=None)
    survivor = Person.objects.get(pk=survivor.pk)
    assert survivor.portrait.name == names[0] and survivor.portrait_picture is not None
    assert all(default_storage.exists(name) for name in names)


def test_the_command_makes_missing_portrait_and_logo_renditions(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    person = make_person(portrait=upload())
    organization = make_organization(logo=upload(name="logo.jpg"))
    Person.objects.filter(pk=person.pk).update(portrait_renditions={})
    Organization.objects.filter(pk=organization.pk).update(logo_renditions={})
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", stdout=out)
    assert out.getvalue() == "已生成 2 张图片的缩略图。\n"
    assert len(Person.objects.get(pk=person.pk).portrait_renditions["jpeg"]) == 3
    assert default_storage.exists(person.portrait.name)  # "again" never deletes the original
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", "--all", stdout=out)
    assert out.getvalue().endswith("已生成 2 张图片的缩略图。\n")
    assert default_storage.exists(person.portrait.name) and default_storage.exists(organization.logo.name)


# -- reader pages -----------------------------------------------------------------------------------------


def test_the_person_page_shows_the_portrait_with_srcset_size_and_the_name_as_alt(client):
    person = visible_person(portrait=upload(image_bytes(1200, 1500)))
    html = client.get(person.get_absolute_url()).content.decode()
    (img,) = re.findall(r"<img [^>]*alt=\"张红军\"[^>]*>", html)
    assert 'width="960" height="1200"' in img and "-480.jpg 480w" in img
    assert '<source type="image/webp" srcset="' in html and ".webp 240w" in html
    largest = person.portrait_renditions["jpeg"][-1][2]
    assert f'<meta property="og:image" content="http://testserver/media/{largest}">' in html
    assert '<meta property="og:image:alt" content="张红军">' in html
    assert person.portrait.name not in html  # the original (EXIF, location) is never linked


def test_the_organisation_page_shows_the_logo(client):
    organization = visible_organization(logo=upload(image_bytes(600, 300), "logo.jpg"))
    html = client.get(organization.get_absolute_url()).content.decode()
    assert re.search(r'<picture class="portrait logo">\s*<source type="image/webp" srcset="[^"]+ 240w, [^"]+ 480w, '
                     r'[^"]+ 600w"', html)
    assert 'alt="郑州高新区管委会"' in html and 'width="600" height="300"' in html
    assert organization.logo_renditions["jpeg"][-1][2] in html.split('property="og:image"')[1].split(">")[0]


def test_without_a_portrait_the_page_has_none_and_shares_the_site_logo(client):
    person = visible_person()
    html = client.get(person.get_absolute_url()).content.decode()
    assert 'class="portrait' not in html
    assert '<meta property="og:image" content="http://testserver/static/img/logo.png">' in html


# -- the admin --------------------------------------------------------------------------------------------


def person_form(person: Person, **fields) -> dict:
    data = {
        "name": person.name, "disambiguator": person.disambiguator, "kind": person.kind, "slug": person.slug,
        "bio": person.bio, "account": "",
        **{f"{prefix}-{key}": value for prefix in ("positions", "mentions")
           for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0",
                              "MAX_NUM_FORMS": "1000"}.items()},
        **fields,
    }
    return data


def stored_files(root) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


def test_an_editor_uploads_a_portrait_and_sees_its_thumbnail(staff_client):
    person = make_person()
    url = reverse("admin:people_person_change", args=[person.pk])
    response = staff_client.post(url, person_form(person, portrait=upload(image_bytes(900, 1200, mode="CMYK"))))
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert len(person.portrait_renditions["webp"]) == 3
    change = staff_client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in change and "肖像预览" in change
    assert 'class="photo-thumbnail"' in change and "-240.jpg" in change


@pytest.mark.parametrize(
    "data,message",
    [
        ("不是图片".encode(), "不是可识别的图片"),
        (image_bytes(format="PNG")[:300], "已损坏或不完整"),
        (png_header(20000, 20000), "像素过多"),  # a decompression bomb, refused before it is decoded
    ],
)
def test_a_bad_portrait_is_refused_with_a_reason_and_nothing_stored(staff_client, settings, data, message):
    person = make_person()
    before = stored_files(settings.MEDIA_ROOT)
    response = staff_client.post(reverse("admin:people_person_change", args=[person.pk]),
                                 person_form(person, portrait=upload(data, "bad.jpg")))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Person.objects.get(pk=person.pk).portrait
    assert stored_files(settings.MEDIA_ROOT) == before


def test_an_organisation_logo_is_uploaded_in_its_admin(staff_client):
    organization = make_organization("郑州高新区管委会")
    url = reverse("admin:people_organization_change", args=[organization.pk])
    data = {"name": organization.name, "short_name": "", "aliases": "", "kind": organization.kind, "parent": "",
            "slug": organization.slug, "description": "", "logo": upload(image_bytes(400, 400, format="PNG"), "l.png")}
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    organization.refresh_from_db()
    assert organization.logo_picture is not None
    assert "标志预览" in staff_client.get(url).content.decode()
