"""Small factory functions for tests: each makes one row with sensible defaults, overridable by keyword."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from articles.models import Article, ArticlePhoto, ArticleStatus, Credit, Meeting, Mention, SourcePage, Topic
from people.models import Organization, Person, PersonKind, Position

_seq = itertools.count(1)


def make_person(name: str = "张红军", **kwargs) -> Person:
    kwargs.setdefault("kind", PersonKind.OFFICIAL)
    return Person.objects.create(name=name, **kwargs)


def make_organization(name: str | None = None, **kwargs) -> Organization:
    return Organization.objects.create(name=name or f"郑州高新区第{next(_seq)}办事处", **kwargs)


def make_position(person: Person, title: str = "党工委书记", organization: Organization | None = None, **kwargs):
    return Position.objects.create(person=person, title=title, organization=organization, **kwargs)


def make_topic(name: str | None = None, **kwargs) -> Topic:
    return Topic.objects.create(name=name or f"专题{next(_seq)}", **kwargs)


def make_source_page(text: str = "本报讯 2月12日，……", **kwargs) -> SourcePage:
    import hashlib

    kwargs.setdefault("checksum", hashlib.sha256(f"{text}{next(_seq)}".encode()).hexdigest())
    return SourcePage.objects.create(raw_text=text, **kwargs)


def make_article(title: str | None = None, *, published: bool = True, **kwargs) -> Article:
    n = next(_seq)
    kwargs.setdefault("body", f"第一段，第{n}篇。\n\n第二段。")
    kwargs.setdefault("dateline_date", dt.date(2023, 2, 12))
    if published:
        kwargs.setdefault("status", ArticleStatus.PUBLISHED)
        kwargs.setdefault("published_at", timezone.now() - dt.timedelta(hours=n))
    return Article.objects.create(title=title or f"高新区召开会议{n}", **kwargs)


def make_credit(article: Article, person: Person, role: str = "记者", order: int = 0) -> Credit:
    return Credit.objects.create(article=article, person=person, role=role, order=order)


def make_mention(article: Article, person: Person, title_printed: str = "", role: str = "", order: int = 0) -> Mention:
    return Mention.objects.create(article=article, person=person, title_printed=title_printed, role=role, order=order)


def make_meeting(name: str = "2022年度述职评议会", **kwargs) -> Meeting:
    return Meeting.objects.create(name=name, **kwargs)


def make_user(username: str | None = None, *, role: str | None = None, **kwargs):
    """A staff user in one role group (记者, 编辑, 值班主任, 管理员), or with no group at all.

    No password (hashing one is slow): tests log in with ``client.force_login``.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from articles.workflow import ensure_roles

    kwargs.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username or f"user{next(_seq)}", password=None, **kwargs)
    if role:
        if not Group.objects.filter(name=role).exists():  # a transactional test flushed the migration's groups
            ensure_roles(Group, Permission)
        user.groups.add(Group.objects.get(name=role))
    return user


def make_reporter(username: str | None = None, **kwargs):
    return make_user(username, role="记者", **kwargs)


def make_editor(username: str | None = None, **kwargs):
    return make_user(username, role="编辑", **kwargs)


def make_duty_chief(username: str | None = None, **kwargs):
    return make_user(username, role="值班主任", **kwargs)


def make_site_admin(username: str | None = None, **kwargs):
    return make_user(username, role="管理员", **kwargs)


def make_draft(title: str | None = None, *, created_by=None, **kwargs) -> Article:
    """An unpublished article in the given state (draft unless ``status`` says otherwise)."""
    kwargs.setdefault("status", ArticleStatus.DRAFT)
    return make_article(title, published=False, created_by=created_by, **kwargs)


def make_approved(title: str | None = None, **kwargs) -> Article:
    """An article an editor has approved (已审核): ready for a duty chief to publish."""
    return make_draft(title, status=ArticleStatus.APPROVED, **kwargs)


def make_pending_edit(article: Article, *, by=None, status: str = ArticleStatus.DRAFT, **changes):
    """A pending edit of the live ``article`` with ``changes`` to its fields (title=…, body=…)."""
    from articles import editing
    from articles.models import PendingEdit

    data = editing.data_of_article(article)
    data["fields"].update(changes)
    return PendingEdit.objects.create(article=article, data=data, status=status, created_by=by)


def image_bytes(width: int = 1200, height: int = 800, *, format: str = "JPEG", mode: str = "RGB",
                exif: dict | None = None, color=(40, 110, 160)) -> bytes:
    """A picture made with Pillow: a coloured field with a lighter square in its top-left corner (so a turn shows),
    ``exif`` ({tag: value}) written into it."""
    import io

    from PIL import Image

    fill = color if mode in ("RGB", "RGBA") else (color[0] if mode in ("L", "I;16", "I") else (0, 80, 120, 10))
    image = Image.new(mode, (width, height), fill)
    if mode in ("RGB", "RGBA"):
        image.paste((250, 250, 250), (0, 0, max(1, width // 4), max(1, height // 4)))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        for tag, value in exif.items():
            if isinstance(value, dict):  # an IFD: GPS
                data.get_ifd(tag).update(value)
            else:
                data[tag] = value
        kwargs["exif"] = data
    image.save(out, format, **kwargs)
    return out.getvalue()


def make_photo(article: Article, *, name: str = "photo.jpg", data: bytes | None = None, **kwargs) -> ArticlePhoto:
    """A photo of ``article`` (a 1200 × 800 JPEG unless ``data``), its renditions made as a save makes them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    kwargs.setdefault("alt", "工作人员在车间检查设备")
    upload = SimpleUploadedFile(name, data or image_bytes(), content_type="image/jpeg")
    return ArticlePhoto.objects.create(article=article, image=upload, **kwargs)
