"""articles/photos.py: checking uploads, renditions made once, EXIF turned and stripped, the files kept."""

from __future__ import annotations

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles import photos
from articles.models import ArticlePhoto, CreditRole
from newsroom import images
from tests.factories import image_bytes, make_article, make_credit, make_person, make_photo

pytestmark = pytest.mark.django_db

ORIENTATION, GPS = 0x0112, 0x8825


def check(data: bytes, name: str = "x.jpg"):
    return photos.check_image(ContentFile(data, name=name))


# -- checking an upload ---------------------------------------------------------------------------------


def test_a_jpeg_passes():
    info = check(image_bytes(640, 480))
    assert (info.format, info.width, info.height) == ("JPEG", 640, 480)


def test_not_an_image_is_refused_in_chinese():
    with pytest.raises(ValidationError) as caught:
        check("这不是图片".encode(), "note.jpg")
    assert caught.value.code == "not_an_image"
    assert "不是可识别的图片" in caught.value.messages[0]


def test_a_truncated_image_is_refused():
    with pytest.raises(ValidationError) as caught:
        check(image_bytes(format="PNG")[:200], "cut.png")
    assert caught.value.code == "damaged"


def test_over_20_mb_is_refused_before_it_is_read():
    big = ContentFile(b"\0" * (photos.MAX_BYTES + 1), name="big.jpg")
    with pytest.raises(ValidationError) as caught:
        photos.check_image(big)
    assert caught.value.code == "too_large"
    assert "不能超过 20 MB" in caught.value.messages[0]


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height``: what a decompression bomb looks like before decoding."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20000, 20000), (10000, 9000)])  # over Pillow's limit; over ours only
def test_a_decompression_bomb_is_refused(size):
    with pytest.raises(ValidationError) as caught:
        check(png_header(*size), "bomb.png")
    assert caught.value.code == "too_many_pixels"
    assert "像素过多" in caught.value.messages[0]


def test_an_unsupported_format_is_refused_with_its_name():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    with pytest.raises(ValidationError) as caught:
        check(out.getvalue(), "x.bmp")
    assert caught.value.code == "format" and "BMP" in caught.value.messages[0]


# -- renditions -------------------------------------------------------------------------------------------


def test_renditions_are_made_at_three_widths_in_two_formats():
    photo = make_photo(make_article(), data=image_bytes(2400, 1600))
    assert [w for w, _, _ in photo.renditions["jpeg"]] == [480, 960, 1600]
    assert [w for w, _, _ in photo.renditions["webp"]] == [480, 960, 1600]
    for width, height, name in photo.renditions["webp"]:
        with default_storage.open(name) as f, Image.open(f) as image:
            assert image.format == "WEBP" and image.size == (width, height)
    assert photo.renditions["jpeg"][0][:2] == [480, 320]
    stored = ArticlePhoto.objects.get(pk=photo.pk)
    assert stored.renditions == photo.renditions and (stored.width, stored.height) == (2400, 1600)
    assert default_storage.exists(photo.image.name)  # the original is kept


def test_a_small_picture_is_never_enlarged():
    photo = make_photo(make_article(), data=image_bytes(700, 500))
    assert [w for w, _, _ in photo.renditions["jpeg"]] == [480, 700]


def test_a_rendition_is_never_made_twice(monkeypatch):
    photo = make_photo(make_article())
    made = photo.renditions
    calls = []
    monkeypatch.setattr(images, "_encode", lambda *a: calls.append(a) or b"")
    photo.caption = "改了图说"
    photo.save()
    assert calls == [] and ArticlePhoto.objects.get(pk=photo.pk).renditions == made


def test_exif_orientation_is_applied_and_exif_and_location_stripped():
    # Stored 1200 × 800 with "turn 90° clockwise to view" (6): upright, it is 800 × 1200.
    data = image_bytes(1200, 800, exif={ORIENTATION: 6, 0x010F: "Canon", GPS: {1: "N", 2: (34.0, 45.0, 30.0)}})
    photo = make_photo(make_article(), data=data)
    assert (photo.width, photo.height) == (800, 1200)
    for kind in ("jpeg", "webp"):
        for width, height, name in photo.renditions[kind]:
            assert height > width
            with default_storage.open(name) as f, Image.open(f) as image:
                assert not image.getexif(), name
                assert "exif" not in image.info
    # the original keeps its EXIF
    with default_storage.open(photo.image.name) as f, Image.open(f) as image:
        assert image.getexif()[ORIENTATION] == 6
        assert image.getexif().get_ifd(GPS)[1] == "N"


@pytest.mark.parametrize("mode,format", [("CMYK", "JPEG"), ("I;16", "PNG"), ("RGBA", "PNG"), ("L", "JPEG")])
def test_cmyk_16_bit_and_transparent_pictures_become_rgb(mode, format):
    data = image_bytes(600, 400, mode=mode, format=format)
    assert check(data, f"x.{format.lower()}").mode == mode
    photo = make_photo(make_article(), data=data, name=f"x.{format.lower()}")
    with default_storage.open(photo.renditions["jpeg"][0][2]) as f, Image.open(f) as image:
        assert image.mode == "RGB"


def test_a_new_file_replaces_the_renditions_and_deleting_removes_the_files(django_capture_on_commit_callbacks):
    photo = make_photo(make_article())
    old = photos.rendition_names(photo.renditions)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = ContentFile(image_bytes(900, 600), name="new.jpg")
        photo.save()
    assert all(not default_storage.exists(name) for name in old)
    assert photo.renditions["jpeg"][-1][0] == 900
    files = [photo.image.name, *photos.rendition_names(photo.renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert all(not default_storage.exists(name) for name in files)


def test_picture_gives_srcsets_and_the_size():
    photo = make_photo(make_article(), data=image_bytes(2000, 1000))
    shown = photos.picture(photo)
    assert shown.webp_srcset.count("w, ") == 2 and shown.webp_srcset.endswith(" 1600w")
    assert ".webp 480w" in shown.webp_srcset and ".jpg 960w" in shown.jpeg_srcset
    assert (shown.width, shown.height) == (1600, 800)
    assert shown.src.endswith("-960.jpg") and shown.largest.endswith("-1600.jpg")
    assert photos.picture(ArticlePhoto(renditions={})) is None


# -- the photographer -----------------------------------------------------------------------------------


def test_the_photographer_is_credited_once():
    article = make_article()
    photographer = make_person("李摄影", kind="journalist")
    make_photo(article, photographer=photographer)
    make_photo(article, photographer=photographer, order=1)
    credits = list(article.credits.values_list("person__name", "role"))
    assert credits == [("李摄影", CreditRole.PHOTOGRAPHER)]


def test_a_writer_photographer_is_not_credited_again():
    article = make_article()
    person = make_person("孙庆辉", kind="journalist")
    make_credit(article, person, role=CreditRole.WRITER_PHOTOGRAPHER)
    make_photo(article, photographer=person)
    assert article.credits.count() == 1


def test_str_and_order():
    article = make_article()
    second = make_photo(article, order=1, caption="第二张")
    first = make_photo(article, order=0, caption="")
    assert list(article.photos.all()) == [first, second]
    assert str(second) == "第二张" and str(first) == "工作人员在车间检查设备"


def test_the_command_makes_missing_renditions_once(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    photo = make_photo(make_article())
    ArticlePhoto.objects.filter(pk=photo.pk).update(renditions={})
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", stdout=out)
    assert "已生成 1 张" in out.getvalue()
    assert len(ArticlePhoto.objects.get(pk=photo.pk).renditions["jpeg"]) == 3
    call_command("make_renditions", stdout=out)
    assert "已生成 0 张" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", "--all", stdout=out)
    assert out.getvalue().endswith("已生成 1 张图片的缩略图。\n")
