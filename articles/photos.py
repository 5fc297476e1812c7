"""Articles' photos: checking an upload, and the renditions readers get.

An upload is checked before anything is stored (:class:`PhotoUploadField`, :func:`check_image`): a file that is
not a picture, is over ``MAX_BYTES``, has more than ``MAX_PIXELS`` pixels (a decompression bomb) or is in a
format browsers do not show is refused with a message saying why. CMYK, 16-bit and palette pictures are
accepted: their renditions are converted to 8-bit RGB.

The original is kept as uploaded. Readers only get renditions, made once when the photo is saved
(:func:`make_renditions`, called by ``ArticlePhoto.save``) and kept in the same storage (``STORAGES["default"]``,
local files or S3): the picture turned upright by its EXIF orientation, at up to three widths
(``WIDTHS``, never wider than the original), as WebP and as JPEG for browsers without WebP, saved without
EXIF, so without the place it was taken. A rendition already made for the photo's file is never made again:
the names of those made are kept on the row (``ArticlePhoto.renditions``), with the file they were made from.
"""

from __future__ import annotations

import io
import logging
import posixpath
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

#: The largest upload accepted.
MAX_BYTES = 20 * 1024 * 1024
#: The most pixels a picture may have (a 60-megapixel camera's is 9504 × 6336): more is refused before it is
#: decoded, as a decompression bomb would be.
MAX_PIXELS = 80_000_000
#: Formats browsers show and Pillow reads safely.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "MPO": "JPEG"}
#: The widths of the renditions (CSS pixels × density): a phone, a tablet or 2× phone, a wide screen.
WIDTHS = (480, 960, 1600)
#: Rendition quality: good for news photos at about a third of the original's bytes.
JPEG_QUALITY = 82
WEBP_QUALITY = 78


# -- checking an upload -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    mode: str


def check_image(file) -> ImageInfo:
    """What ``file`` (an uploaded or stored file) holds, or ValidationError with a message for the editor."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            "图片文件太大（%(size).1f MB），不能超过 %(limit)d MB，请压缩后再上传。",
            code="too_large", params={"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}×{height}")
                if image.format not in FORMATS:
                    raise ValidationError(
                        "不支持 %(format)s 格式的图片，请转为 JPEG、PNG 或 WebP 后再上传。",
                        code="format", params={"format": image.format or "未知"},
                    )
                info = ImageInfo(image.format, width, height, image.mode)
                image.verify()  # the whole file, without decoding it: a truncated or damaged one fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            "图片像素过多（%(pixels)s），超过 %(limit)d 万像素的上限，可能是恶意构造的文件，已拒绝。"
            "请缩小尺寸后再上传。",
            code="too_many_pixels", params={"pixels": _pixels(exc), "limit": MAX_PIXELS // 10_000},
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(
            "这个文件不是可识别的图片，请上传 JPEG、PNG 或 WebP 格式的照片。", code="not_an_image"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("图片文件已损坏或不完整，无法读取，请重新导出后再上传。", code="damaged") from exc
    finally:
        file.seek(0)
    return info


def _pixels(exc: Exception) -> str:
    text = str(exc)
    return text if "×" in text and len(text) < 30 else "过大"


class PhotoUploadField(forms.ImageField):
    """The admin's upload field: :func:`check_image`'s messages instead of Django's one message for all."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        check_image(data)
        return super().to_python(data)


# -- renditions -----------------------------------------------------------------------------------------


def upright_rgb(image: Image.Image) -> Image.Image:
    """``image`` turned by its EXIF orientation, as 8-bit RGB: CMYK converted, 16-bit scaled down, transparency
    laid on white (JPEG has none)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.point(lambda v: v * 255).convert("L")
    if image.mode in ("RGBA", "LA", "P", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def rendition_widths(width: int) -> list[int]:
    """The widths to make for a picture ``width`` pixels wide: those of WIDTHS clearly narrower (by 15%: a
    960 of a 1000 would add bytes, not sharpness), and the picture's own (or the widest of WIDTHS)."""
    largest = min(width, WIDTHS[-1])
    return sorted({w for w in WIDTHS if w < largest * 0.85} | {largest})


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def make_renditions(photo) -> bool:
    """Make and store the renditions of ``photo``'s file, unless made already; True if it made them.

    Renditions of an earlier file of the photo are deleted. Sets ``renditions``, ``width`` and ``height`` and
    writes them with ``update()`` (the photo's own save has announced the change to readers).
    """
    if not photo.image or photo.renditions.get("source") == photo.image.name:
        return False
    storage = photo.image.storage
    with photo.image.open("rb") as file, Image.open(file) as original:
        original.draft("RGB", (WIDTHS[-1] * 2, WIDTHS[-1] * 2))  # JPEG: decode at a smaller scale when it can
        upright = upright_rgb(original)
    stem = posixpath.splitext(photo.image.name)[0].replace("photos/", "photos/renditions/", 1)
    if stem == posixpath.splitext(photo.image.name)[0]:
        stem = f"renditions/{stem}"
    made: dict = {"source": photo.image.name, "jpeg": [], "webp": []}
    for width in rendition_widths(upright.width):
        height = max(1, round(upright.height * width / upright.width))
        resized = upright if width == upright.width else upright.resize((width, height), Image.Resampling.LANCZOS)
        for kind, extension in (("webp", "webp"), ("jpeg", "jpg")):
            name = storage.save(f"{stem}-{width}.{extension}", ContentFile(_encode(resized, kind)))
            made[kind].append([width, height, name])
    old = photo.renditions
    photo.renditions, photo.width, photo.height = made, upright.width, upright.height
    type(photo).objects.filter(pk=photo.pk).update(renditions=made, width=upright.width, height=upright.height)
    delete_files(storage, rendition_names(old))
    return True


def rendition_names(renditions: dict) -> list[str]:
    return [name for kind in ("jpeg", "webp") for _, _, name in renditions.get(kind, [])]


def delete_files(storage, names: list[str]) -> None:
    """Delete ``names`` from ``storage`` once the transaction commits (a rollback keeps them)."""

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("photos: could not delete %s", name, exc_info=True)

    if names:
        transaction.on_commit(delete)


def credit_photographer(photo) -> None:
    """The photographer is credited on the article (图/某某), so their page lists it and readers may see it."""
    from .models import Credit, CreditRole

    if photo.photographer_id is None:
        return
    credits = Credit.objects.filter(article_id=photo.article_id, person_id=photo.photographer_id)
    if not credits.filter(role__in=[CreditRole.PHOTOGRAPHER, CreditRole.WRITER_PHOTOGRAPHER]).exists():
        last = Credit.objects.filter(article_id=photo.article_id).order_by("-order").values_list("order", flat=True)
        Credit.objects.create(
            article_id=photo.article_id, person_id=photo.photographer_id, role=CreditRole.PHOTOGRAPHER,
            order=(last.first() or 0) + 1,
        )


def after_save(photo) -> None:
    """What saving a photo entails: its renditions, its photographer's credit."""
    make_renditions(photo)
    credit_photographer(photo)


def photo_deleted(photo) -> None:
    """The original and the renditions of a deleted photo go too, at commit."""
    if photo.image:
        delete_files(photo.image.storage, [photo.image.name, *rendition_names(photo.renditions)])


# -- for templates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What a template needs to show a photo: srcsets of both formats, the fallback, the size."""

    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int
    height: int
    largest: str  # the widest JPEG: for Open Graph and JSON-LD
    smallest: str  # the narrowest JPEG: thumbnails


def picture(photo) -> Picture | None:
    """The renditions of ``photo`` as URLs; None while it has none (its original is never shown)."""
    renditions = photo.renditions or {}
    if not renditions.get("jpeg"):
        return None
    storage = photo.image.storage
    urls = {kind: [(w, h, storage.url(name)) for w, h, name in renditions.get(kind, [])] for kind in ("jpeg", "webp")}
    jpeg = urls["jpeg"]
    middle = jpeg[min(1, len(jpeg) - 1)]
    return Picture(
        webp_srcset=", ".join(f"{url} {w}w" for w, _, url in urls["webp"]),
        jpeg_srcset=", ".join(f"{url} {w}w" for w, _, url in jpeg),
        src=middle[2],
        width=jpeg[-1][0],
        height=jpeg[-1][1],
        largest=jpeg[-1][2],
        smallest=jpeg[0][2],
    )
