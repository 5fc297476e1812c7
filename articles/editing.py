"""Edits to published articles: what a pending edit holds, how it is read back, and how it updates the live row.

A pending edit (``PendingEdit.data``) is the article as the change form saved it::

    {"fields": {attname: value, …}, "topics": [pk, …], "organizations": [pk, …],
     "credits": [{"person_id", "role", "order"}, …], "mentions": [{"person_id", "title_printed", "role", "order"}, …]}

Edits made by the change form and from an old revision (restoring a revision of a live article makes a pending
edit) carry ``"photos"`` too (``revisions.photo_rows``' shape: ``id`` None for a photo the edit adds): the photos
as the edit has them, written when it is published. An edit without that key leaves the photos as they are. The
workflow (``articles.workflow``) moves edits between states and publishes them with :func:`apply`; this module
only converts and writes rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from newsroom.prepared import prepared
from people.models import Organization, Person

from . import revisions
from .models import Article, ArticlePhoto, ArticleStatus, Credit, Mention, PendingEdit, Topic

#: What an edit of a live article may not change: its workflow state and time, URL and record of creation.
KEPT = revisions.KEPT_ON_RESTORE | {"display_date"}


def edited_fields() -> list:
    """The article's own fields a pending edit carries."""
    return [
        f for f in Article._meta.concrete_fields
        if f.attname not in KEPT and f.name not in KEPT and not f.primary_key
    ]


def _json(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return DjangoJSONEncoder().default(value)
    return value


def data_from_form(article: Article, cleaned_data: dict, formsets) -> dict:
    """An edit's data from the admin's change form: ``article`` is the form's instance (its fields already set
    from the form, not saved), ``cleaned_data`` gives topics and organizations, the formsets bylines and mentions."""
    fields = {f.attname: _json(f.value_from_object(article)) for f in edited_fields()}
    data = {
        "fields": fields,
        "topics": sorted(t.pk for t in (cleaned_data["topics"] if "topics" in cleaned_data else article.topics.all())),
        "organizations": sorted(
            o.pk for o in (cleaned_data["organizations"] if "organizations" in cleaned_data
                           else article.organizations.all())
        ),
        "credits": [],
        "mentions": [],
    }
    for formset in formsets:
        model = formset.model
        if model is ArticlePhoto:
            data["photos"] = _photo_rows_from_formset(formset)
            continue
        if model not in (Credit, Mention):
            continue
        rows = []
        for form in formset.forms:
            row = getattr(form, "cleaned_data", None) or {}
            if not row or row.get("DELETE") or row.get("person") is None:
                continue
            if model is Credit:
                rows.append({"person_id": row["person"].pk, "role": row.get("role", ""), "order": row.get("order") or 0})
            else:
                rows.append({"person_id": row["person"].pk, "title_printed": row.get("title_printed", ""),
                             "role": row.get("role", ""), "order": row.get("order") or 0})
        rows.sort(key=lambda r: r["order"])
        data["credits" if model is Credit else "mentions"] = rows
    return data


def _photo_rows_from_formset(formset) -> list[dict]:
    """The photo inline's rows as an edit keeps them. A file uploaded for the edit is stored now, under the name
    an upload would get, so the edit can name it; the live article shows it once the edit is published."""
    rows = []
    for form in formset.forms:
        row = getattr(form, "cleaned_data", None) or {}
        if not row or row.get("DELETE") or not row.get("image"):
            continue
        image = row["image"]
        if isinstance(image, FieldFile):
            name = image.name
        else:
            field = ArticlePhoto._meta.get_field("image")
            name = field.storage.save(field.generate_filename(form.instance, image.name), image,
                                      max_length=field.max_length)
        photographer = row.get("photographer")
        rows.append({"id": form.instance.pk, "image": name, "caption": row.get("caption", ""),
                     "alt": row.get("alt", ""), "order": row.get("order") or 0,
                     "photographer_id": photographer.pk if photographer else None})
    rows.sort(key=lambda r: r["order"])
    return rows


def data_from_version(version) -> dict:
    """An edit's data from an old revision of the article (reversion's stored fields and inline rows)."""
    stored = version.field_dict
    fields = {}
    for f in edited_fields():
        if f.name in stored:
            fields[f.attname] = _json(stored[f.name])
        elif f.attname in stored:
            fields[f.attname] = _json(stored[f.attname])
    credits, mentions = revisions.inline_rows(version)
    return {
        "fields": fields,
        "topics": sorted(stored.get("topics", [])),
        "organizations": sorted(stored.get("organizations", [])),
        "credits": [{"person_id": r["person_id"], "role": r["role"], "order": r["order"]} for r in credits],
        "mentions": [{"person_id": r["person_id"], "title_printed": r["title_printed"], "role": r["role"],
                      "order": r["order"]} for r in mentions],
        "photos": revisions.photo_rows(version),
    }


def data_of_article(article: Article) -> dict:
    """The live article in the same shape: what an edit is compared with."""
    return {
        "fields": {f.attname: _json(f.value_from_object(article)) for f in edited_fields()},
        "topics": sorted(article.topics.values_list("pk", flat=True)),
        "organizations": sorted(article.organizations.values_list("pk", flat=True)),
        "credits": list(article.credits.order_by("order", "pk").values("person_id", "role", "order")),
        "mentions": list(
            article.mentions.order_by("order", "pk").values("person_id", "title_printed", "role", "order")
        ),
    }


def article_from_data(article: Article, data: dict) -> Article:
    """An unsaved copy of ``article`` with the edit's fields: what readers will see once it is published."""
    copy = Article(**{f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields})
    for f in edited_fields():
        if f.attname in data.get("fields", {}):
            setattr(copy, f.attname, f.to_python(data["fields"][f.attname]))
    copy.display_date = copy.compute_display_date()
    return copy


def snapshot_of_edit(edit: PendingEdit) -> revisions.Snapshot:
    """The edit as the strings an editor compares (``articles.revisions.compare``)."""
    data = edit.data
    people = revisions.names_of(Person, [r["person_id"] for r in data["credits"] + data["mentions"]])
    article = article_from_data(edit.article, data)
    return revisions.Snapshot(
        kicker=article.kicker,
        title=article.title,
        subtitle=article.subtitle,
        lead=article.lead,
        paragraphs=tuple(article.paragraphs),
        credits=tuple(revisions.credit_line(r["role"], people[r["person_id"]]) for r in data["credits"]),
        mentions=tuple(revisions.mention_line(r["title_printed"], people[r["person_id"]], r["role"])
                       for r in data["mentions"]),
        topics=tuple(sorted(revisions.names_of(Topic, data["topics"]).values())),
        organizations=tuple(sorted(revisions.names_of(Organization, data["organizations"]).values())),
        photos=(revisions.photo_lines(data["photos"]) if "photos" in data
                else revisions.snapshot_of_article(edit.article).photos),
    )


def page_lists(edit: PendingEdit) -> tuple[list[Credit], list[Mention], list[Topic], list[Organization]]:
    """The bylines, mentions, topics and organizations of an edit, as unsaved rows for the reader template."""
    data = edit.data
    people = Person.objects.in_bulk([r["person_id"] for r in data["credits"] + data["mentions"]])
    credits = [Credit(person=people[r["person_id"]], role=r["role"], order=r["order"])
               for r in data["credits"] if r["person_id"] in people]
    mentions = [Mention(person=people[r["person_id"]], title_printed=r["title_printed"], role=r["role"],
                        order=r["order"]) for r in data["mentions"] if r["person_id"] in people]
    topics = list(Topic.objects.filter(pk__in=data["topics"]).order_by("name"))
    organizations = list(Organization.objects.filter(pk__in=data["organizations"]).order_by("name"))
    return credits, mentions, topics, organizations


def page_photos(edit: PendingEdit, live: list[ArticlePhoto]) -> list[ArticlePhoto]:
    """The photos of an edit, as unsaved rows for the reader template: the live ones (``live``) unless it carries
    photos; then each as the edit has it, with the renditions of the live photo of the same file (one deleted
    since has none until the edit is published, and is not shown before)."""
    if "photos" not in edit.data:
        return live
    by_file = {photo.image.name: photo for photo in live}
    rows = edit.data["photos"]
    people = Person.objects.in_bulk([r["photographer_id"] for r in rows if r["photographer_id"]])
    shown = []
    for row in rows:
        same = by_file.get(row["image"])
        shown.append(ArticlePhoto(
            article=edit.article, image=row["image"], caption=row["caption"], alt=row["alt"], order=row["order"],
            photographer=people.get(row["photographer_id"]), renditions=same.renditions if same else {},
        ))
    return shown


def apply(article: Article, data: dict) -> None:
    """Write an edit's data onto the live row (``article``, locked by the caller), its bylines, mentions, topics
    and organizations. The article's save announces the change to readers (``articles.signals``)."""
    people = {r["person_id"] for r in data["credits"] + data["mentions"]}
    existing = set(Person.objects.filter(pk__in=people).values_list("pk", flat=True))
    for f in edited_fields():
        if f.attname not in data["fields"]:
            continue
        value = f.to_python(data["fields"][f.attname])
        if f.many_to_one and value is not None and not f.related_model.objects.filter(pk=value).exists():
            continue
        setattr(article, f.attname, value)
    article.save()
    article.credits.all().delete()
    article.mentions.all().delete()
    for r in data["credits"]:
        if r["person_id"] in existing:
            Credit.objects.create(article=article, person_id=r["person_id"], role=r["role"], order=r["order"])
    for r in data["mentions"]:
        if r["person_id"] in existing:
            Mention.objects.create(article=article, person_id=r["person_id"], title_printed=r["title_printed"],
                                   role=r["role"], order=r["order"])
    article.topics.set(Topic.objects.filter(pk__in=data["topics"]))
    article.organizations.set(Organization.objects.filter(pk__in=data["organizations"]))
    if "photos" in data:
        revisions.restore_photos(article, data["photos"])


def open_edit(article: Article) -> PendingEdit | None:
    """The article's edit not yet published, if any (at most one)."""
    return article.pending_edits.exclude(status=ArticleStatus.PUBLISHED).select_related("created_by").first()


def edit_token(article: Article) -> str:
    """What an open change form remembers of the article's pending edit, to tell whether it changed since."""
    row = article.pending_edits.exclude(status=ArticleStatus.PUBLISHED).values_list("pk", "updated_at").first()
    return f"{row[0]}:{row[1].isoformat()}" if row else ""


# -- corrections, for the reader's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """A 更正 published with an edit: the day (in the paper's time zone) and the note."""

    day: dt.date
    text: str


@prepared(rows=True)
def _corrections_of(article_id: int):
    return (
        PendingEdit.objects.filter(article_id=article_id, status=ArticleStatus.PUBLISHED)
        .exclude(correction="")
        .order_by("published_at", "pk")
        .values_list("published_at", "correction")
    )


def corrections_of(article: Article) -> list[Correction]:
    """The corrections published on ``article``, oldest first (one query; none when the reader page's article
    is known to have none: ``has_corrections``, articles.selectors)."""
    if getattr(article, "has_corrections", True) is False:
        return []
    rows = _corrections_of(article.pk)
    return [Correction(timezone.localdate(at, timezone.get_default_timezone()), text) for at, text in rows]
