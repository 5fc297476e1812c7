"""Pictures uploaded by editors, for any app: checking an upload, and the renditions readers get.

Used by articles' photos (``articles.photos``) and by people's portraits and organisations' logos
(``people.models``), so every picture a reader sees is made the same way. It imports no app of the project.

An upload is checked before anything is stored (:class:`ImageUploadField`, :func:`check_image`): a file that is
not a picture, is over ``MAX_BYTES``, has more than ``MAX_PIXELS`` pixels (a decompression bomb) or is in a
format browsers do not show is refused with a message saying why. CMYK, 16-bit and palette pictures are
accepted: their renditions are converted to 8-bit RGB.

The original is kept as uploaded. Readers only get renditions, made once when the row is saved
(:func:`make_renditions`) and kept in the same storage (``STORAGES["default"]``, local files or S3): the
picture turned upright by its EXIF orientation, at up to three widths (never wider than the original), as WebP
and as JPEG for browsers without WebP, saved without EXIF, so without the place it was taken. A rendition
already made for a row's file is never made again: the names of those made are kept on the row (a JSON field),
with the file they were made from.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)


def unguessable_name(folder: str, filename: str, default_extension: str = ".jpg") -> str:
    """<folder>/<random>.<ext>: a name no one can guess, so a kept original (a photo's EXIF and location, a
    page's PDF) is never found through a reader page, which only ever links what was made from it."""
    import os
    import uuid

    extension = os.path.splitext(filename)[1].lower()[:5] or default_extension
    return f"{folder}/{uuid.uuid4().hex}{extension}"


#: The largest upload accepted.
MAX_BYTES = 20 * 1024 * 1024
#: The most pixels a picture may have (a 60-megapixel camera's is 9504 × 6336): more is refused before it is
#: decoded, as a decompression bomb would be.
MAX_PIXELS = 80_000_000
#: Formats browsers show and Pillow reads safely.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "MPO": "JPEG"}
#: The widths of an article photo's renditions (CSS pixels × density): a phone, a tablet or 2× phone, a wide
#: screen.
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


class ImageUploadField(forms.ImageField):
    """An admin upload field: :func:`check_image`'s messages instead of Django's one message for all."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        check_image(data)
        return super().to_python(data)


# -- renditions -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenditionFields:
    """Where a model keeps a picture and its renditions: the names of its image field, of the JSON field of
    renditions ({"source": image name, "jpeg": [[width, height, name], …], "webp": […]}, narrowest first) and
    of the upright picture's size; the widths to make; and whether a replaced original is deleted (an article
    photo's is kept, since old revisions of the article still name it)."""

    image: str = "image"
    renditions: str = "renditions"
    width: str = "width"
    height: str = "height"
    widths: tuple[int, ...] = WIDTHS
    replaces_original: bool = False


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


def rendition_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The widths to make for a picture ``width`` pixels wide: those of ``widths`` clearly narrower (by 15%: a
    960 of a 1000 would add bytes, not sharpness), and the picture's own (or the widest of ``widths``)."""
    largest = min(width, widths[-1])
    return sorted({w for w in widths if w < largest * 0.85} | {largest})


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def rendition_stem(name: str) -> str:
    """Where the renditions of the original ``name`` go: photos/2023/02/x.jpg → photos/renditions/2023/02/x."""
    stem = posixpath.splitext(name)[0]
    folder, _, rest = stem.partition("/")
    return f"{folder}/renditions/{rest}" if rest else f"renditions/{stem}"


def make_renditions(instance, fields: RenditionFields = RenditionFields()) -> bool:
    """Make and store the renditions of ``instance``'s picture, unless made already; True if it changed them.

    The renditions of an earlier file (and, with ``replaces_original``, that file itself) are deleted at commit;
    a picture removed takes its renditions with it. Sets the renditions and the size on ``instance`` and writes
    them with ``update()`` (the row's own save has announced the change to readers).
    """
    file = getattr(instance, fields.image)
    old = getattr(instance, fields.renditions) or {}
    if (old.get("source") == file.name) if file else not old:
        return False
    made: dict = {}
    width = height = None
    if file:
        with file.open("rb") as stream, Image.open(stream) as original:
            largest = fields.widths[-1] * 2
            original.draft("RGB", (largest, largest))  # JPEG: decode at a smaller scale when it can
            upright = upright_rgb(original)
        stem = rendition_stem(file.name)
        made = {"source": file.name, "jpeg": [], "webp": []}
        for w in rendition_widths(upright.width, fields.widths):
            h = max(1, round(upright.height * w / upright.width))
            resized = upright if w == upright.width else upright.resize((w, h), Image.Resampling.LANCZOS)
            for kind, extension in (("webp", "webp"), ("jpeg", "jpg")):
                name = file.storage.save(f"{stem}-{w}.{extension}", ContentFile(_encode(resized, kind)))
                made[kind].append([w, h, name])
        width, height = upright.width, upright.height
    values = {fields.renditions: made, fields.width: width, fields.height: height}
    for attname, value in values.items():
        setattr(instance, attname, value)
    type(instance)._base_manager.filter(pk=instance.pk).update(**values)
    stale = rendition_names(old)
    if fields.replaces_original and old.get("source"):
        stale.append(old["source"])
    delete_files(file.storage, stale)
    return True


def picture_saved(instance, fields: RenditionFields, update_fields=None) -> bool:
    """After ``instance.save(update_fields=…)``: its renditions made if its picture may have changed (a save of
    other fields, or of a row loaded without the picture, leaves them alone without reading the row again)."""
    if fields.image in instance.get_deferred_fields():
        return False
    if update_fields is not None and fields.image not in update_fields:
        return False
    return make_renditions(instance, fields)


def rendition_names(renditions: dict) -> list[str]:
    return [name for kind in ("jpeg", "webp") for _, _, name in (renditions or {}).get(kind, [])]


def stored_names(instance, fields: RenditionFields) -> list[str]:
    """Every file a row's picture has in storage: the original and its renditions."""
    file = getattr(instance, fields.image)
    return [*([file.name] if file else []), *rendition_names(getattr(instance, fields.renditions))]


def delete_files(storage, names: list[str]) -> None:
    """Delete ``names`` from ``storage`` once the transaction commits (a rollback keeps them)."""

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("images: could not delete %s", name, exc_info=True)

    if names:
        transaction.on_commit(delete)


# -- for templates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What a template needs to show a picture: srcsets of both formats, the fallback, the size."""

    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int
    height: int
    largest: str  # the widest JPEG: for Open Graph and JSON-LD
    smallest: str  # the narrowest JPEG: thumbnails


URL_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")


def _folder_urls(storage):
    """``storage.url`` for the renditions of one picture: the first asked of the storage, the others in the same
    folder by their file names (names this module made, of letters, digits, - _ and ., which a URL carries as
    they are) — a storage's url() cost more than the picture's markup."""
    known: dict[str, str] = {}

    def url(name: str) -> str:
        folder, _, file_name = name.rpartition("/")
        if not URL_SAFE_NAME.fullmatch(file_name):
            return storage.url(name)
        if folder not in known:
            first = storage.url(name)
            if not first.endswith("/" + file_name):
                return first
            known[folder] = first[: -len(file_name)]
        return known[folder] + file_name

    return url


def picture(file, renditions: dict | None) -> Picture | None:
    """The renditions of ``file`` (a FieldFile) as URLs; None while it has none (its original is never shown)."""
    renditions = renditions or {}
    if not renditions.get("jpeg"):
        return None
    url = _folder_urls(file.storage)
    urls = {kind: [(w, h, url(name)) for w, h, name in renditions.get(kind, [])] for kind in ("jpeg", "webp")}
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
