"""An article's revisions (django-reversion): what each looked like, the difference between two, and restoring one.

Every admin save and every workflow step stores a revision: the article's fields (its topics and organizations
with it), its credits and its mentions, who and when. This module registers the models with reversion, reads
revisions back as :class:`Snapshot` values, compares two snapshots (pure: strings in, escaped HTML rows out)
and restores an old revision as a new one.

Restoring brings back the text, bylines, mentions, topics and the other fields the change form edits; it keeps
the article's workflow state, publication time, URL and creator, which change only through the workflow.
"""

from __future__ import annotations

import datetime as dt
import difflib
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

from .models import PARAGRAPH_BREAK, Article, Credit, CreditRole, Mention, Topic

# Registered here, imported by the admin and the workflow: an article's revision holds its credits and mentions.
if not reversion.is_registered(Article):
    reversion.register(Credit)
    reversion.register(Mention)
    reversion.register(Article, follow=("credits", "mentions"))

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


TEXT_FIELDS = [("kicker", "引题"), ("title", "标题（主题）"), ("subtitle", "副题"), ("lead", "导语/摘要")]
LIST_FIELDS = [("paragraphs", "正文"), ("credits", "署名"), ("mentions", "提及人物"), ("topics", "专题"),
               ("organizations", "涉及机构")]


def credit_line(role: str, name: str) -> str:
    return f"{CreditRole(role).label if role in CreditRole.values else role} {name}"


def mention_line(title_printed: str, name: str, role: str) -> str:
    return f"{title_printed}{name}" + (f"（{role}）" if role else "")


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
    )


def _inline_rows(version: Version) -> tuple[list[dict], list[dict]]:
    """The credits and mentions stored in the same revision as ``version`` (an article's), in print order."""
    article_id = int(version.object_id)
    types = ContentType.objects.get_for_models(Credit, Mention)
    credits, mentions = [], []
    for other in version.revision.version_set.filter(content_type__in=types.values()):
        data = other.field_dict
        if data.get("article_id") == article_id:
            (credits if other.content_type_id == types[Credit].pk else mentions).append(data)
    return _ordered(credits), _ordered(mentions)


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
    )


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
        sections.append(DiffSection(label, tuple(diff_lines(getattr(old, name), getattr(new, name)))))
    return sections


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
    """Bring back the article's fields, credits, mentions, topics and organizations from ``version``.

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
