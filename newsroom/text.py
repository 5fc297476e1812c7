"""Small text helpers shared by the apps: slugs from Chinese text."""

from __future__ import annotations

import re

from django.db import connections, router
from django.utils import timezone
from django.utils.text import slugify

from newsroom.pinyin import lazy_pinyin  # pypinyin's, from a cache read as needed

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def pinyin_slug(text: str, *, max_length: int = 60) -> str:
    """张红军 -> zhang-hong-jun; keeps ASCII words (5G, 2023) and drops punctuation.

    Cuts at a syllable boundary so a long headline gives a readable slug, never an empty one for Chinese text.
    """
    syllables = lazy_pinyin(text)
    words = [_NON_SLUG.sub("-", slugify(s)).strip("-") for s in syllables]
    slug = ""
    for word in (w for w in words if w):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or slugify(text)[:max_length]


def unique_slug(instance, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… — the first no other row of the instance's model uses.

    One query for all the slugs that start with ``base``, however many namesakes (王伟, 王伟-2…) there are.
    """
    base = base or "item"
    model = type(instance)
    connection = connections[router.db_for_write(model, instance=instance)]
    table, slug_column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name("slug")
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    # A range, not slug__startswith: SQLite's LIKE cannot use the index, and the table scan made bulk imports
    # slow down as people accumulated. Slugs are ASCII, so every slug starting with base sorts below base + DEL.
    # Written in SQL: an import asks this for every new person, organization and article, and building the
    # ORM's query took 0.62 ms a call, this 0.15 (SQLite).
    sql = f"SELECT {slug_column} FROM {table} WHERE {slug_column} >= %s AND {slug_column} < %s"  # noqa: S608
    params = [base, base + "\x7f"]
    if instance.pk is not None:
        sql += f" AND {pk_column} <> %s"
        params.append(instance.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken = {row[0] for row in cursor.fetchall()}
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def unique_slugs(model, bases: list[str]) -> list[str]:
    """:func:`unique_slug` for new rows of ``model`` made together (``bulk_create``): one query for all the
    bases, and none of the slugs given twice."""
    connection = connections[router.db_for_write(model)]
    table, slug_column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name("slug")
    bases = [base or "item" for base in bases]
    distinct = list(dict.fromkeys(bases))
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(distinct), 200):  # SQLite's limit on an expression's depth
            chunk = distinct[start : start + 200]
            where = " OR ".join([f"({slug_column} >= %s AND {slug_column} < %s)"] * len(chunk))
            cursor.execute(f"SELECT {slug_column} FROM {table} WHERE {where}",  # noqa: S608
                           [value for base in chunk for value in (base, base + "\x7f")])
            taken.update(row[0] for row in cursor.fetchall())
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


class PinyinSlugMixin:
    """Fill an empty ``slug`` on save from the model's ``slug_source()``, in pinyin, unique in its table.

    The model defines ``slug_source()`` (the Chinese text to spell), ``slug_fallback`` (when the text gives no
    slug at all) and may set ``slug_max_length``.
    """

    slug_fallback = "item"
    slug_max_length = 60

    def slug_source(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if not self.slug:
            base = pinyin_slug(self.slug_source(), max_length=self.slug_max_length) or self.slug_fallback
            self.slug = unique_slug(self, base)
        super().save(*args, **kwargs)


def cn_date(day) -> str:
    """2023-02-12 -> 2023年2月12日, the way the paper prints dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment) -> str:
    """An aware datetime in the paper's time zone (settings.TIME_ZONE): 2023年2月12日 14:05."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return f"{cn_date(local)} {local:%H:%M}"


def cn_month(day) -> str:
    """2023-02-12 -> 2023年2月."""
    return f"{day.year}年{day.month}月"


#: The importer's notes end with an English gloss for its developers: "标题由导语生成，请核对（title generated from
#: the lead）". A full-width parenthesis that opens on a Latin letter and holds a space is such a gloss.
ENGLISH_GLOSS_RE = re.compile(r"（[A-Za-z][^（）\n]*\s[^（）\n]*）")


def without_english_gloss(text: str) -> str:
    """``text`` (an import note, an import error) without its English glosses: what editors read is Chinese."""
    return ENGLISH_GLOSS_RE.sub("", text)


_PINYIN_QUERY = re.compile(r"^[a-z]+$")


def pinyin_query(text: str) -> str:
    """``Zhang Hongjun`` / ``zhang-hong-jun`` -> ``zhanghongjun``: a reader's pinyin, compacted; "" if ``text`` is
    not pinyin (letters only, at least two)."""
    compact = re.sub(r"[\s\-'’·]+", "", text.strip().lower())
    return compact if len(compact) >= 2 and _PINYIN_QUERY.match(compact) else ""


def name_pinyin(name: str) -> str:
    """张红军 -> zhanghongjun (toneless, compacted), for comparing with :func:`pinyin_query`."""
    return "".join(lazy_pinyin(name)).lower()
