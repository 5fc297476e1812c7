"""An article's revisions (django-reversion): what each looked like, the difference between two, and restoring one.

Every admin save and every workflow step stores a revision: the article's fields (its topics and organizations
with it), its credits, its mentions and its photos (file, caption, alt text, order, photographer), who and when. This module registers the models with reversion, reads
revisions back as :class:`Snapshot` values, compares two snapshots (pure: strings in, escaped HTML rows out)
and restores an old revision as a new one.

Restoring brings back the text, bylines, mentions, topics, photos and the other fields the change form edits; it
keeps the article's workflow state, publication time, URL and creator, which change only through the workflow. A
photo's file stays in storage while any revision names it (``articles.photos.photo_deleted``), so a restored
revision gets its photos back with their files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version, VersionQuerySet

from people.models import Organization, Person

from .models import PARAGRAPH_BREAK, Article, ArticlePhoto, Credit, CreditRole, Mention, Topic

# Registered here, imported by the admin and the workflow: an article's revision holds its credits, mentions and
# photos.
if not reversion.is_registered(Article):
    reversion.register(Credit)
    reversion.register(Mention)
    reversion.register(ArticlePhoto)
    reversion.register(Article, follow=("credits", "mentions", "photos"))

#: A photo's fields a revision brings back (its renditions are made again from the file).
PHOTO_FIELDS = ("image", "caption", "alt", "order", "photographer_id")

BASELINE_COMMENT = "修订记录开始前的版本"
# Kept as they are when an old revision is restored: the workflow, the public URL and the record of creation.
KEPT_ON_RESTORE = frozenset(
    {"id", "status", "published_at", "slug", "created_by_id", "created_at", "updated_at", "import_checksum"}
)


class RestoreError(Exception):
    """A revision that cannot be brought back as it was (a person it names has since been deleted)."""


# ---------------------------------------------------------------------------------------------------------
# Snapshots: what an article looked like, as the strings an editor compares.


@dataclass(frozen=True)
class Snapshot:
    kicker: str
    title: str
    subtitle: str
    lead: str
    paragraphs: tuple[str, ...]
    credits: tuple[str, ...]
    mentions: tuple[str, ...]
    topics: tuple[str, ...]
    organizations: tuple[str, ...]
    photos: tuple[str, ...] = ()


TEXT_FIELDS = [("kicker", "引题"), ("title", "标题（主题）"), ("subtitle", "副题"), ("lead", "导语/摘要")]
LIST_FIELDS = [("paragraphs", "正文"), ("credits", "署名"), ("mentions", "提及人物"), ("topics", "专题"),
               ("organizations", "涉及机构"), ("photos", "图片")]


def credit_line(role: str, name: str) -> str:
    return f"{CreditRole(role).label if role in CreditRole.values else role} {name}"


def mention_line(title_printed: str, name: str, role: str) -> str:
    return f"{title_printed}{name}" + (f"（{role}）" if role else "")


def photo_line(image: str, caption: str, alt: str, photographer: str) -> str:
    """A photo as an editor compares it: its file (the short name), 图说, alt text and photographer; the lines'
    order is the photos' order."""
    line = f"〔{posixpath.basename(image)}〕{caption or '（无图说）'}｜替代文字：{alt}"
    return line + (f"｜摄影：{photographer}" if photographer else "")


def split_paragraphs(body: str) -> list[str]:
    """As ``Article.paragraphs``: blank lines separate paragraphs."""
    return [p.strip() for p in PARAGRAPH_BREAK.split(body.strip()) if p.strip()]


def _ordered(rows):
    return sorted(rows, key=lambda row: (row["order"], row["id"] or 0))


def _names(model, pks) -> dict[int, str]:
    pks = {pk for pk in pks if pk is not None}
    found = dict(model.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}
    return {pk: found.get(pk, f"（已删除 #{pk}）") for pk in pks}


def snapshot_of_article(article: Article) -> Snapshot:
    """The article as it is in the database now."""
    credits = article.credits.select_related("person").order_by("order", "pk")
    mentions = article.mentions.select_related("person").order_by("order", "pk")
    return Snapshot(
        kicker=article.kicker,
        title=article.title,
        subtitle=article.subtitle,
        lead=article.lead,
        paragraphs=tuple(article.paragraphs),
        credits=tuple(credit_line(c.role, c.person.name) for c in credits),
        mentions=tuple(mention_line(m.title_printed, m.person.name, m.role) for m in mentions),
        topics=tuple(t.name for t in article.topics.order_by("name")),
        organizations=tuple(o.name for o in article.organizations.order_by("name")),
        photos=photo_lines(list(article.photos.order_by("order", "pk").values(*PHOTO_FIELDS, "id"))),
    )


def photo_lines(rows: list[dict]) -> tuple[str, ...]:
    """Photo rows (``PHOTO_FIELDS``, in order) as the lines of a snapshot."""
    people = _names(Person, [row["photographer_id"] for row in rows])
    return tuple(
        photo_line(row["image"], row["caption"], row["alt"], people.get(row["photographer_id"], "")) for row in rows
    )


def _revision_rows(version: Version) -> dict[type, list[dict]]:
    """The credits, mentions and photos stored in the same revision as ``version`` (an article's), in order."""
    article_id = int(version.object_id)
    types = ContentType.objects.get_for_models(Credit, Mention, ArticlePhoto)
    models = {ct.pk: model for model, ct in types.items()}
    rows: dict[type, list[dict]] = {Credit: [], Mention: [], ArticlePhoto: []}
    for other in version.revision.version_set.filter(content_type__in=types.values()):
        data = other.field_dict
        if data.get("article_id") == article_id:
            rows[models[other.content_type_id]].append(data)
    return {model: _ordered(found) for model, found in rows.items()}


def _inline_rows(version: Version) -> tuple[list[dict], list[dict]]:
    """The credits and mentions stored in the same revision as ``version`` (an article's), in print order."""
    rows = _revision_rows(version)
    return rows[Credit], rows[Mention]


def photo_rows(version: Version) -> list[dict]:
    """The photos stored in the same revision as ``version``, in order: ``PHOTO_FIELDS`` (the image as its
    name) and ``id``. A revision made before photos were recorded has none."""
    return [
        {"id": row["id"], "image": str(row["image"] or ""), "caption": row.get("caption", ""),
         "alt": row.get("alt", ""), "order": row["order"], "photographer_id": row.get("photographer_id")}
        for row in _revision_rows(version)[ArticlePhoto]
    ]


#: Public names for the readers of revisions elsewhere (``articles.editing``).
inline_rows = _inline_rows
names_of = _names


def snapshot_of_version(version: Version) -> Snapshot:
    """The article as an old revision stored it. Deleted people and topics show as （已删除 #id）."""
    data = version.field_dict
    credits, mentions = _inline_rows(version)
    people = _names(Person, [row["person_id"] for row in credits + mentions])
    topics = _names(Topic, data.get("topics", []))
    organizations = _names(Organization, data.get("organizations", []))
    return Snapshot(
        kicker=data.get("kicker", ""),
        title=data.get("title", ""),
        subtitle=data.get("subtitle", ""),
        lead=data.get("lead", ""),
        paragraphs=tuple(split_paragraphs(data.get("body", ""))),
        credits=tuple(credit_line(row["role"], people[row["person_id"]]) for row in credits),
        mentions=tuple(mention_line(row["title_printed"], people[row["person_id"]], row["role"]) for row in mentions),
        topics=tuple(sorted(topics.values())),
        organizations=tuple(sorted(organizations.values())),
        photos=photo_lines(photo_rows(version)),
    )


def file_named_in_revisions(name: str) -> bool:
    """Whether any stored revision names ``name`` as a photo's file (its original is then kept)."""
    content_type = ContentType.objects.get_for_model(ArticlePhoto)
    return Version.objects.filter(content_type=content_type, serialized_data__contains=f'"{name}"').exists()


# ---------------------------------------------------------------------------------------------------------
# Comparing two snapshots (pure).


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side comparison; ``old``/``new`` are escaped HTML with <del>/<ins> marks."""

    kind: str  # "equal", "change", "delete" (only on the old side), "insert" (only on the new side)
    old_number: int | None
    old: SafeString
    new_number: int | None
    new: SafeString


@dataclass(frozen=True)
class DiffSection:
    label: str
    rows: tuple[DiffRow, ...]

    @property
    def changed(self) -> bool:
        return any(row.kind != "equal" for row in self.rows)


def highlight(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Escape both strings and mark, character by character, what was deleted from ``old`` and added in ``new``."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(escape(old[i1:i2]))
            right.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 — every piece is escaped above


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.5 or matcher.quick_ratio() < 0.5:
        return 0.0
    return matcher.ratio()


def _pairs(old: Sequence[str], new: Sequence[str]):
    """Pair the lines of a replaced block: the most similar pair first, then the lines before and after it."""
    if not old or not new or len(old) * len(new) > 400:
        yield from zip_longest(range(len(old)), range(len(new)))
        return
    score, i, j = max((_similarity(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new))
    if score < 0.5:
        yield from zip_longest(range(len(old)), range(len(new)))
        return
    yield from _pairs(old[:i], new[:j])
    yield i, j
    for a, b in _pairs(old[i + 1:], new[j + 1:]):
        yield (None if a is None else a + i + 1), (None if b is None else b + j + 1)


def diff_lines(old: Sequence[str], new: Sequence[str]) -> list[DiffRow]:
    """Line by line (paragraph by paragraph): equal lines side by side, changed lines paired and marked."""
    rows = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow("equal", i + 1, escape(old[i]), j + 1, escape(new[j]))
                     for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        for a, b in _pairs(old[i1:i2], new[j1:j2]):
            if a is not None and b is not None:
                left, right = highlight(old[i1 + a], new[j1 + b])
                rows.append(DiffRow("change", i1 + a + 1, left, j1 + b + 1, right))
            elif a is not None:
                rows.append(DiffRow("delete", i1 + a + 1, mark_safe(f"<del>{escape(old[i1 + a])}</del>"), None,
                                    mark_safe("")))
            else:
                rows.append(DiffRow("insert", None, mark_safe(""), j1 + b + 1,
                                    mark_safe(f"<ins>{escape(new[j1 + b])}</ins>")))
    return rows


def compare(old: Snapshot, new: Snapshot) -> list[DiffSection]:
    """Every field an editor reads, in the order of the change form; each section says whether it changed."""
    sections = []
    for name, label in TEXT_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            row = DiffRow("equal", None, escape(a), None, escape(b))
        else:
            left, right = highlight(a, b)
            row = DiffRow("change", None, left, None, right)
        sections.append(DiffSection(label, (row,)))
    for name, label in LIST_FIELDS:
        differ = diff_photos if name == "photos" else diff_lines
        sections.append(DiffSection(label, tuple(differ(getattr(old, name), getattr(new, name)))))
    return sections


def _photo_key(line: str) -> str:
    return line.partition("〕")[0]


def diff_photos(old: Sequence[str], new: Sequence[str]) -> list[DiffRow]:
    """Photos matched by their file, not by their text: one in both is the same photo (its caption, alt text,
    photographer or place changed, or not), one only in ``old`` was removed, one only in ``new`` added. In the
    new order, each removed photo where it stood."""
    old_at = {_photo_key(line): i for i, line in enumerate(old)}
    new_keys = {_photo_key(line) for line in new}
    removed = [i for i, line in enumerate(old) if _photo_key(line) not in new_keys]
    rows = []

    def removals_before(limit: int):
        while removed and removed[0] < limit:
            i = removed.pop(0)
            rows.append(DiffRow("delete", i + 1, mark_safe(f"<del>{escape(old[i])}</del>"), None, mark_safe("")))

    for j, line in enumerate(new):
        i = old_at.get(_photo_key(line))
        if i is None:
            rows.append(DiffRow("insert", None, mark_safe(""), j + 1, mark_safe(f"<ins>{escape(line)}</ins>")))
            continue
        removals_before(i)
        if old[i] == line and i == j:
            rows.append(DiffRow("equal", i + 1, escape(old[i]), j + 1, escape(line)))
        else:  # changed, or moved (the numbers say where it was and is)
            left, right = highlight(old[i], line)
            rows.append(DiffRow("change", i + 1, left, j + 1, right))
    removals_before(len(old))
    return rows


# ---------------------------------------------------------------------------------------------------------
# Reading and writing revisions.


def versions_of(article_or_pk) -> VersionQuerySet:
    """The article's stored versions, newest first, with their revision and its user."""
    pk = getattr(article_or_pk, "pk", article_or_pk)
    return (
        Version.objects.get_for_object_reference(Article, pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def revision_label(version: Version) -> str:
    when = timezone.localtime(version.revision.date_created)
    return f"{when:%Y-%m-%d %H:%M}"


def ensure_baseline(article: Article) -> bool:
    """Record the article as it is, if it has no revision yet (imported, or older than revisions).

    Called before the first save that would create a revision, so that change can be compared and undone.
    """
    if versions_of(article).exists():
        return False
    with reversion.create_revision():
        reversion.set_comment(BASELINE_COMMENT)
        reversion.set_date_created(article.updated_at)
        reversion.add_to_revision(article)
    return True


def edit_token(updated_at: dt.datetime | None) -> str:
    """What an open change form remembers of the article, to tell whether someone has saved it since."""
    return updated_at.isoformat() if updated_at else ""


@dataclass(frozen=True)
class Conflict:
    """Someone saved the article after the form was opened: when, and their revision if they left one."""

    updated_at: dt.datetime
    latest: Version | None


def changed_since(article_pk: int, token: str) -> Conflict | None:
    """Compare the token a form was opened with to the article's row, locking the row until the save is done."""
    rows = Article.objects.filter(pk=article_pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    updated_at = rows.values_list("updated_at", flat=True).first()
    if updated_at is None:
        return None
    try:
        unchanged = dt.datetime.fromisoformat(token) == updated_at
    except (TypeError, ValueError):
        unchanged = False
    if unchanged:
        return None
    return Conflict(updated_at=updated_at, latest=versions_of(article_pk).first())


def restore(*, article: Article, version: Version, by) -> None:
    """Bring back the article's fields, credits, mentions, topics, organizations and photos from ``version``.

    The restore is a new revision by ``by`` ("恢复到 <date> 的版本"); status, publication time, slug and creator
    stay as they are now. Raises RestoreError if a person it names no longer exists.
    """
    data = version.field_dict
    credits, mentions = _inline_rows(version)
    people = {row["person_id"] for row in credits + mentions}
    missing = people - set(Person.objects.filter(pk__in=people).values_list("pk", flat=True))
    if missing:
        raise RestoreError(f"这个版本的署名或提及人物已被删除（#{'、#'.join(map(str, sorted(missing)))}），无法恢复")
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"恢复到 {revision_label(version)} 的版本")
        current = Article.objects.select_for_update().get(pk=article.pk)
        current.credits.all().delete()
        current.mentions.all().delete()
        for row in credits:
            Credit.objects.create(article=current, person_id=row["person_id"], role=row["role"], order=row["order"])
        for row in mentions:
            Mention.objects.create(article=current, person_id=row["person_id"], title_printed=row["title_printed"],
                                   role=row["role"], order=row["order"])
        many = {}
        for name, value in data.items():
            if name in KEPT_ON_RESTORE:
                continue
            field = Article._meta.get_field(name)
            if field.many_to_many:
                many[field.name] = list(field.related_model.objects.filter(pk__in=value).values_list("pk", flat=True))
            elif field.many_to_one:
                if value is None or field.related_model.objects.filter(pk=value).exists():
                    setattr(current, field.attname, value)
            else:
                setattr(current, field.attname, value)
        current.save()
        for name, pks in many.items():
            getattr(current, name).set(pks)
        restore_photos(current, photo_rows(version))


def restore_photos(article: Article, rows: list[dict]) -> None:
    """Make ``article``'s photos those of ``rows`` (``photo_rows``): a photo still there gets its file, caption,
    alt text, order and photographer back; one since deleted comes back with its file (kept while a revision
    names it; one whose file is gone cannot and is left out); one added since is deleted. Inside the caller's
    transaction and revision."""
    existing = {photo.pk: photo for photo in article.photos.all()}
    people = set(Person.objects.filter(pk__in={r["photographer_id"] for r in rows}).values_list("pk", flat=True))
    kept = set()
    for row in rows:
        photo = existing.get(row["id"]) or ArticlePhoto(article=article)
        if photo.pk is None and not (row["image"] and photo.image.storage.exists(row["image"])):
            continue
        values = {**{name: row[name] for name in PHOTO_FIELDS},
                  "photographer_id": row["photographer_id"] if row["photographer_id"] in people else None}
        if photo.pk is not None and all(getattr(photo, name) == value for name, value in values.items()):
            kept.add(photo.pk)
            continue
        for name, value in values.items():
            setattr(photo, name, value)
        photo.save()  # a file that changed gets its renditions made again (``articles.photos``)
        kept.add(photo.pk)
    for pk, photo in existing.items():
        if pk not in kept:
            photo.delete()
