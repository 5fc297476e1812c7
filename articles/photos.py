"""Articles' photos: the article-specific part of their pictures; the rest is ``newsroom.images``.

An upload is checked before anything is stored (``newsroom.images.check_image``, through the admin's
``PhotoUploadField``). The original is kept as uploaded, and kept when the photo gets another file or is deleted
while the article's revisions name it (``articles.revisions``: restoring one brings the photo back). Readers
only get renditions, made once when the photo is saved (:func:`make_renditions`, called by ``ArticlePhoto.save``)
with the same code as portraits and logos: upright, at up to three widths (``WIDTHS``), WebP and JPEG, without
EXIF, so without the place it was taken.
"""

from __future__ import annotations

from newsroom import images
from newsroom.images import (
    MAX_BYTES,
    WIDTHS,
    Picture,
    check_image,
    delete_files,
    rendition_names,
)
from newsroom.images import ImageUploadField as PhotoUploadField

__all__ = [
    "MAX_BYTES", "WIDTHS", "Picture", "PhotoUploadField", "check_image", "delete_files", "rendition_names",
    "make_renditions", "picture", "after_save", "photo_deleted", "credit_photographer",
]

#: Where an ArticlePhoto keeps its picture and renditions (its own field names, the default widths).
FIELDS = images.RenditionFields()


def make_renditions(photo) -> bool:
    """Make and store the renditions of ``photo``'s file, unless made already; True if it made them."""
    return images.make_renditions(photo, FIELDS)


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
    """The renditions of a deleted photo go too, at commit, and its original unless a revision of the article
    still names it (restoring that revision brings the photo back with its file)."""
    from . import revisions

    if not photo.image:
        return
    names = rendition_names(photo.renditions)
    if not revisions.file_named_in_revisions(photo.image.name):
        names.append(photo.image.name)
    delete_files(photo.image.storage, names)


# -- for templates ----------------------------------------------------------------------------------------


def picture(photo) -> Picture | None:
    """The renditions of ``photo`` as URLs; None while it has none (its original is never shown)."""
    return images.picture(photo.image, photo.renditions)
