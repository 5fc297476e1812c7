"""Reads for the reader site. Every one starts from ``Article.objects.published()`` (no draft, withdrawn or
scheduled article reaches a list, count, feed or page) and costs a number of queries that does not grow with
the paper. The date shown and archived is the column ``Article.display_date``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsroom.prepared import PreparedList, counted, first_row, in_order, loaded, prepared
from people.models import Organization, Person

from .counting import day_key
from .models import (
    Article,
    ArticlePhoto,
    ArticleRegion,
    ArticleStatus,
    CountScope,
    Credit,
    Meeting,
    Mention,
    PendingEdit,
    PublishedCount,
    SourcePage,
    Topic,
)

#: (first, last): the days the archive knows; wide enough for any paper.
ALL_DAYS = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))

#: The order of every article list: newest first, then in the order they ran on the page.
LIST_ORDER = ("-published_at", "position_on_page", "pk")

#: What an article's card (includes/card.html) shows: a list loads these fields alone (the body for the lead
#: when there is none, or a search's excerpt).
CARD_FIELDS = ("kicker", "title", "slug", "display_date", "page_number", "lead", "body")


# -- articles ---------------------------------------------------------------------------------------------


def readable_articles() -> QuerySet[Article]:
    """Published articles whose time has come, newest first, without related rows: for cards and counts."""
    return Article.objects.published().order_by(*LIST_ORDER)


def is_readable(ref: str = "article_id") -> Exists:
    """The article the row's ``ref`` field names is readable: looked up by its key for each row (as
    ``article__in=<readable articles>``, or as a join, SQLite may walk every readable article for each row)."""
    return Exists(Article.objects.published().filter(pk=OuterRef(ref)))


@prepared
def _latest(now: dt.datetime) -> QuerySet[Article]:
    return Article.objects.published(now).only(*CARD_FIELDS).order_by(*LIST_ORDER)


def latest_articles() -> PreparedList:
    """Every readable article's card, newest first, a page at a time (the home page)."""
    return PreparedList(_latest, timezone.now(), total=readable_total)


def public_articles() -> QuerySet[Article]:
    """Readable articles with bylines, people and topics prefetched: for feeds and full pages."""
    return readable_articles().prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person")),
        Prefetch("mentions", queryset=Mention.objects.select_related("person")),
        "topics",
    )


@dataclass
class ArticlePage:
    """A readable article and what its page lists: bylines, people, topics, organizations, meetings, photos."""

    article: Article
    credits: list[Credit]
    mentions: list[Mention]
    topics: list[Topic]
    organizations: list[Organization]
    meetings: list[Meeting]
    photos: list[ArticlePhoto] = field(default_factory=list)  # the lead photo first


@prepared
def _readable_by_slug(slug: str, now: dt.datetime) -> QuerySet[Article]:
    # Whether it has photos and published corrections: their queries are made only for those that do.
    corrected = PendingEdit.objects.filter(article=OuterRef("pk"), status=ArticleStatus.PUBLISHED).exclude(correction="")
    return Article.objects.published(now).filter(slug=slug).annotate(
        has_photos=Exists(ArticlePhoto.objects.filter(article=OuterRef("pk"))), has_corrections=Exists(corrected),
    )


@prepared(rows=True)
def _people_of(article_id: int) -> QuerySet:
    """The article's credits and mentions, each (kind c/m, role, title printed, order, pk, person's id, name and
    slug), in one query."""
    fields = ("role", "title_printed", "order", "pk", "person_id", "person__name", "person__slug")
    credits = Credit.objects.filter(article_id=article_id).order_by().values_list(
        Value("c"), "role", Value(""), *fields[2:]
    )
    mentions = Mention.objects.filter(article_id=article_id).order_by().values_list(Value("m"), *fields)
    return credits.union(mentions, all=True).order_by("order", "pk")


@prepared(rows=True)
def _tags_of(article_id: int) -> QuerySet:
    """The article's topics, organizations and meetings (pk, name, slug, kind t/o/m) in one query."""
    return (
        Topic.objects.filter(articles=article_id).order_by().values_list("pk", "name", "slug", Value("t"))
        .union(
            Organization.objects.filter(articles=article_id).order_by().values_list("pk", "name", "slug", Value("o")),
            Meeting.objects.filter(articles=article_id).order_by().values_list("pk", "name", Value(""), Value("m")),
            all=True,
        )
        .order_by("name")
    )


#: What a photo shows (includes/photo.html): its picture, caption and text for those who cannot see it.
PHOTO_FIELDS = ("article_id", "image", "caption", "alt", "order", "renditions", "photographer_id")


@prepared
def _photos_of(article_id: int) -> QuerySet[ArticlePhoto]:
    return ArticlePhoto.objects.filter(article_id=article_id).select_related("photographer").only(
        *PHOTO_FIELDS, "photographer__name", "photographer__slug").order_by("order", "pk")


def article_page(slug: str | Article) -> ArticlePage:
    """One readable article and its page's lists, in three queries and one more if it has photos; raises
    Article.DoesNotExist. Given an Article rather than a slug (a preview), its page whatever its state, in three."""
    if isinstance(slug, Article):
        article = slug
    else:
        article = first_row(_readable_by_slug, slug, timezone.now(), missing=Article.DoesNotExist)
    tags: dict[str, list] = {"t": [], "o": [], "m": []}
    for pk, name, slug_, kind in _tags_of(article.pk):
        tags[kind].append((pk, name, slug_))
    credits, mentions = [], []
    for kind, role, printed, order, pk, person_id, name, slug_ in _people_of(article.pk):
        if kind == "c":
            row = loaded(Credit, id=pk, article_id=article.pk, person_id=person_id, role=role, order=order)
        else:
            row = loaded(Mention, id=pk, article_id=article.pk, person_id=person_id, role=role,
                         title_printed=printed, order=order)
        row.person = loaded(Person, id=person_id, name=name, slug=slug_)
        (credits if kind == "c" else mentions).append(row)
    return ArticlePage(
        article=article,
        credits=credits,
        mentions=mentions,
        topics=[Topic(pk=pk, name=name, slug=slug_) for pk, name, slug_ in tags["t"]],
        organizations=[Organization(pk=pk, name=name, slug=slug_) for pk, name, slug_ in tags["o"]],
        meetings=[Meeting(pk=pk, name=name) for pk, name, _ in tags["m"]],
        photos=_photos_of(article.pk) if getattr(article, "has_photos", True) else [],
    )


#: How many of the newest photos the home page's photo stories are chosen from: the cost stays the same
#: however many articles the paper has, with photos or without.
PHOTO_CANDIDATES = 200


#: How many photo stories the home page shows: the top story and the strip of photo news.
PHOTO_STORIES = 7


@prepared
def _photos_of_new_stories(now: dt.datetime) -> QuerySet[ArticlePhoto]:
    """The photos of the newest ``PHOTO_STORIES`` readable articles with one, each with its article's card, in
    reading order, then each article's photos in order."""
    newest = ArticlePhoto.objects.order_by("-pk").values("article_id")[:PHOTO_CANDIDATES]
    stories = Article.objects.published(now).filter(pk__among=newest).order_by(*LIST_ORDER).values("pk")[:PHOTO_STORIES]
    return (
        ArticlePhoto.objects.filter(article_id__in=stories).select_related("article")
        .only(*PHOTO_FIELDS, *(f"article__{f}" for f in CARD_FIELDS), "article__published_at",
              "article__position_on_page")
        .order_by(*(f"article__{f}".replace("article__-", "-article__") for f in LIST_ORDER), "order", "pk")
    )


def photo_stories() -> list[Article]:
    """The newest readable articles with a photo, each with ``lead_photo`` (the first with renditions made):
    one query."""
    lead: dict[int, Article] = {}
    for photo in _photos_of_new_stories(timezone.now()):  # each article's photos in order
        article = lead.setdefault(photo.article_id, photo.article)
        article.lead_photo = getattr(article, "lead_photo", None) or photo
    return [a for a in lead.values() if a.lead_photo.renditions]


#: How many of the newest articles of its people, and of its topics, an article's "related" list chooses
#: from: the work stays the same whether a person has ten articles or ten thousand.
RELATED_CANDIDATES = 50


@prepared
def _related(pk: int, person_ids: list[int], topic_ids: list[int], now: dt.datetime) -> QuerySet[Article]:
    # The newest rows first (article ids grow as articles are written), in one IN over a UNION of the short
    # lists: an OR of two INs would test every article against both.
    newest = []
    if person_ids:
        newest.append(Mention.objects.filter(person_id__in=person_ids).order_by("-article_id").values("article_id"))
    if topic_ids:
        through = Article.topics.through.objects.filter(topic_id__in=topic_ids)
        newest.append(through.order_by("-article_id").values("article_id"))
    parts = [rows[:RELATED_CANDIDATES].query.sql_with_params() for rows in newest]
    pool = Q(pk__in=RawSQL(
        " UNION ".join(f"SELECT * FROM ({sql}) AS newest_{i}" for i, (sql, _) in enumerate(parts)),
        tuple(p for _, params in parts for p in params),
    ))
    shared_people = _count_subquery(
        Mention.objects.filter(article=OuterRef("pk"), person_id__in=person_ids), "article"
    )
    shared_topics = _count_subquery(
        Article.topics.through.objects.filter(article=OuterRef("pk"), topic_id__in=topic_ids), "article"
    )
    return (
        Article.objects.published(now).only(*CARD_FIELDS)
        .filter(pool)
        .exclude(pk=pk)
        .annotate(shared=shared_people + shared_topics)
        .order_by("-shared", *LIST_ORDER)
    )


def related_articles(article: Article, person_ids: list[int], topic_ids: list[int], limit: int = 5) -> list[Article]:
    """Other readable articles sharing people named (``person_ids``) or topics (``topic_ids``) with
    ``article``, most shared first, among the newest ``RELATED_CANDIDATES`` of each: a pool looked up by key."""
    if not person_ids and not topic_ids:
        return []
    return _related(article.pk, person_ids, topic_ids, timezone.now(), limit=limit)


@prepared
def _neighbours(published_at: dt.datetime, position: int, pk: int, now: dt.datetime) -> QuerySet[Article]:
    """The articles just before and just after the reading-order key (published_at, position, pk)."""
    readable = Article.objects.published(now)
    key = (connections[readable.db].ops.adapt_datetimefield_value(published_at), position, pk)

    def beyond(op: str) -> RawSQL:  # the reading-order key compared as a row (both backends have row values)
        return RawSQL(f"(published_at, position_on_page, id) {op} (%s, %s, %s)", key, output_field=BooleanField())

    # The plain bounds on published_at let the (status, published_at) index start at the article itself; each
    # end is found by its own index walk, and both are fetched in one query.
    previous = (
        readable.filter(beyond("<"), published_at__lte=published_at)
        .order_by("-published_at", "-position_on_page", "-pk").values("pk")[:1]
    )
    following = (
        readable.filter(beyond(">"), published_at__gte=published_at)
        .order_by("published_at", "position_on_page", "pk").values("pk")[:1]
    )
    return (Article.objects.filter(Q(pk=Subquery(previous)) | Q(pk=Subquery(following))).order_by()
            .only("title", "slug", "published_at", "position_on_page"))


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """(previous, next) readable article in reading order: by publication time, then as they ran on the page."""
    found = {"previous": None, "following": None}
    ours = (article.published_at, article.position_on_page, article.pk)
    for end in _neighbours(*ours, timezone.now()):
        found["previous" if (end.published_at, end.position_on_page, end.pk) < ours else "following"] = end
    return found["previous"], found["following"]


#: A list of at most this many articles (a person's, an organization's…) is fetched whole by id and sorted;
#: a longer one is read in list order from the publication-time index (see LinkedArticles).
SORT_IDS_UP_TO = 1000

#: LIST_ORDER in a form no index serves (a readable article always has published_at), so PostgreSQL sorts the
#: rows it was given rather than walking the publication-time index from today.
SORTED_LIST_ORDER = (Coalesce(F("published_at"), F("created_at")).desc(), "position_on_page", "pk")


class LinkedArticles:
    """The readable articles that ``links(owner_id)`` (rows with an ``article_id``) name, newest first, each card
    annotated with ``extra(owner_id)``. A short list is fetched by key and sorted (walking the publication-time
    index from today would cost its articles' age); a long one is walked in list order (its articles are dense)."""

    def __init__(self, links, extra=lambda owner: {}):
        self.links, self.extra = links, extra
        self.probe = prepared(rows=True)(self._ids)
        self.sorted = prepared(rows=True)(self._sorted)
        self.cards = prepared(self._cards)
        self.page = prepared(self._page)
        self.count = prepared(rows=True)(self._count)

    def _ids(self, owner: int) -> QuerySet:
        return self.links(owner).order_by().values_list("article_id")

    def _articles(self, owner: int, now: dt.datetime, short: bool) -> QuerySet[Article]:
        ids = self.links(owner).order_by().values("article_id")
        if not short:
            return Article.objects.published(now).filter(pk__in=ids).order_by(*LIST_ORDER)
        # The bounded subquery tells PostgreSQL the list is short: it looks each article up by its key.
        return Article.objects.published(now).filter(pk__among=ids[:SHORT_LIST]).order_by(*SORTED_LIST_ORDER)

    def _sorted(self, owner: int, now: dt.datetime) -> QuerySet:
        return self._articles(owner, now, True).values_list("pk")

    def _cards(self, owner: int, ids: list[int]) -> QuerySet[Article]:
        return Article.objects.filter(pk__in=ids).only(*CARD_FIELDS).annotate(**self.extra(owner)).order_by()

    def _page(self, owner: int, now: dt.datetime, short: bool) -> QuerySet[Article]:
        return self._articles(owner, now, short).only(*CARD_FIELDS).annotate(**self.extra(owner))

    def _count(self, owner: int, now: dt.datetime, short: bool) -> QuerySet:
        return counted(self._articles(owner, now, short))

    def _cards_in_order(self, owner: int, ids: list[int], limit: int, offset: int) -> list[Article]:
        wanted = ids[offset:offset + limit]
        return in_order(wanted, self.cards(owner, wanted)) if wanted else []

    def of(self, owner: int, total=None) -> PreparedList:
        """The list, for a paginator; ``total``: a function giving its length (a kept count), else it is counted."""
        now = timezone.now()
        short = len(self.probe(owner, limit=SORT_IDS_UP_TO + 1)) <= SORT_IDS_UP_TO
        if short and total is None:
            ids = [pk for (pk,) in self.sorted(owner, now)]
            return PreparedList(self._cards_in_order, owner, ids, total=lambda: len(ids))
        return PreparedList(self.page, owner, now, short, total=total or (lambda: self.count(owner, now, short)[0][0]))


#: The bound of a short list's subquery (SORT_IDS_UP_TO and one): it tells PostgreSQL how short the list is.
SHORT_LIST = SORT_IDS_UP_TO + 1

_CREDITED = LinkedArticles(
    lambda owner: Credit.objects.filter(person_id=owner),
    lambda owner: {"credit_role": Subquery(
        Credit.objects.filter(article=OuterRef("pk"), person_id=owner).order_by("order", "pk").values("role")[:1]
    )},
)
_NAMING_ORGANIZATION = LinkedArticles(lambda owner: Article.organizations.through.objects.filter(organization_id=owner))
_REPORTING = LinkedArticles(lambda owner: Article.meetings.through.objects.filter(meeting_id=owner))


@prepared
def _naming(person_id: int, now: dt.datetime) -> QuerySet[Article]:
    # Walked in LIST_ORDER from the mentions' index (person and the article's order key, copied), each article
    # checked as it comes: the first page costs twenty rows, however many articles name the person.
    return (Article.objects.published(now).filter(mentions__person=person_id, mentions__published_at__lte=now)
            .only(*CARD_FIELDS).annotate(title_printed=F("mentions__title_printed"))
            .order_by("-mentions__published_at", "mentions__position_on_page", "mentions__article_id"))


def articles_naming(person: Person) -> PreparedList:
    """Articles that name ``person``, each with ``title_printed``: the title the article gives them; their
    number from the kept counts."""
    return PreparedList(_naming, person.pk, timezone.now(),
                        total=lambda: _published_counts(CountScope.NAMED, [person.pk]).get(person.pk, 0))


def articles_credited_to(person: Person) -> PreparedList:
    """Articles ``person`` wrote or photographed, each with ``credit_role`` (记者, 通讯员…)."""
    return _CREDITED.of(person.pk)


def naming_or_credited(person: Person) -> Q:
    """A filter for articles that name ``person`` or credit them."""
    return Q(Exists(Mention.objects.filter(article=OuterRef("pk"), person=person))) | Q(
        Exists(Credit.objects.filter(article=OuterRef("pk"), person=person))
    )


def with_titles_held(person: Person, articles) -> None:
    """Give each article ``title_held``: the title printed in it, else the positions ``person`` (from
    ``people.selectors.person_for_reader``) held that day. No query."""
    for article in articles:
        printed = getattr(article, "title_printed", "") or ""
        day = article.display_date
        if printed:
            article.title_held = printed
        elif day:
            article.title_held = "、".join(
                f"{p.organization.short_name or p.organization.name}{p.title}" if p.organization else p.title
                for p in person.visible_positions if p.held_on(day)
            )
        else:
            article.title_held = ""


@prepared
def _topic(slug: str) -> QuerySet[Topic]:
    return Topic.objects.filter(slug=slug)


def topic_for_reader(slug: str) -> Topic:
    """The topic of ``slug`` (its page answers even before it has articles); raises Topic.DoesNotExist."""
    return first_row(_topic, slug, missing=Topic.DoesNotExist)


@prepared
def _on_topic(topic_id: int, now: dt.datetime) -> QuerySet[Article]:
    return Article.objects.published(now).only(*CARD_FIELDS).filter(topics=topic_id).order_by(*LIST_ORDER)


def articles_on_topic(topic: Topic) -> PreparedList:
    """The topic's articles, newest first; their number from the kept counts."""
    return PreparedList(_on_topic, topic.pk, timezone.now(),
                        total=lambda: topic_article_counts([topic.pk]).get(topic.pk, 0))


def articles_naming_organization(organization: Organization) -> PreparedList:
    """Articles naming ``organization``; their number from the kept counts."""
    pk = organization.pk
    return _NAMING_ORGANIZATION.of(pk, total=lambda: organization_article_counts([pk]).get(pk, 0))


def articles_reporting(meeting: Meeting) -> PreparedList:
    return _REPORTING.of(meeting.pk)


def articles_on_print_page(issue_date: dt.date, page_number: int) -> QuerySet[Article]:
    """The readable articles of one print page, in the order they ran."""
    return readable_articles().filter(issue_date=issue_date, page_number=page_number).order_by(
        "position_on_page", "pk"
    )


# -- the e-paper: a print page as printed, the edition's pages, the days around -------------------------


@dataclass
class PageScan:
    """A print page's picture (its WebP renditions) and, for each readable article on it, its regions."""

    src: str
    srcset: str
    width: int  # of the narrowest rendition: the picture's proportions and the overlay's coordinates
    height: int
    stories: list[tuple[Article, list[ArticleRegion]]] = field(default_factory=list)


def page_scan(issue_date: dt.date, page_number: int) -> PageScan | None:
    """The picture of the print page as last imported from its PDF, with the regions of its readable articles
    (in the order they ran), or None: a page imported from text only has no picture. Two queries."""
    page = (
        SourcePage.objects.filter(issue_date=issue_date, page_number=page_number).exclude(original="")
        .order_by("-imported_at", "-pk").only("pk", "images").first()
    )
    renditions = (page.images or {}).get("webp") if page else None
    if not renditions:
        return None
    urls = [(width, height, default_storage.url(name)) for width, height, name in renditions]
    regions = (
        ArticleRegion.objects.filter(
            source_page=page, article__in=articles_on_print_page(issue_date, page_number).values("pk")
        )
        .select_related("article").only("left", "top", "right", "bottom", "order", "article__slug",
                                        "article__title", "article__position_on_page")
        .order_by("article__position_on_page", "article_id", "order")
    )
    stories: dict[int, tuple[Article, list[ArticleRegion]]] = {}
    for region in regions:
        stories.setdefault(region.article_id, (region.article, []))[1].append(region)
    width, height, src = urls[0]
    return PageScan(src=src, srcset=", ".join(f"{url} {w}w" for w, _, url in urls), width=width, height=height,
                    stories=list(stories.values()))


def edition_pages(issue_date: dt.date) -> list[int]:
    """The page numbers of the day's edition that have readable articles."""
    numbers = (
        readable_articles().filter(issue_date=issue_date, page_number__isnull=False)
        .order_by().values_list("page_number", flat=True).distinct()
    )
    return sorted(numbers)


def edition_days_around(issue_date: dt.date) -> tuple[tuple[dt.date, int] | None, tuple[dt.date, int] | None]:
    """The (day, first page) of the editions before and after ``issue_date`` that have readable print pages,
    both in one query."""
    printed = readable_articles().filter(page_number__isnull=False)
    before = printed.filter(issue_date__lt=issue_date).order_by("-issue_date", "page_number").values("pk")[:1]
    after = printed.filter(issue_date__gt=issue_date).order_by("issue_date", "page_number").values("pk")[:1]
    ends = Article.objects.filter(Q(pk=Subquery(before)) | Q(pk=Subquery(after))).order_by()
    found: dict[str, tuple[dt.date, int] | None] = {"before": None, "after": None}
    for day, number in ends.values_list("issue_date", "page_number"):
        found["before" if day < issue_date else "after"] = (day, number)
    return found["before"], found["after"]


# -- counts, from the counts the database keeps ----------------------------------------------------------


@prepared(rows=True)
def _counts_of(scope: str) -> QuerySet:
    return PublishedCount.objects.filter(scope=scope, n__gt=0).values_list("key", "n")


@prepared(rows=True)
def _counts_in(scope: str, keys: list[int]) -> QuerySet:
    return PublishedCount.objects.filter(scope=scope, n__gt=0, key__in=keys).values_list("key", "n")


@prepared(rows=True)
def _counts_between(scope: str, first: int, last: int) -> QuerySet:
    return PublishedCount.objects.filter(scope=scope, n__gt=0, key__range=(first, last)).values_list("key", "n")


def _published_counts(scope: str, keys=None) -> dict[int, int]:
    """{key: live articles} of ``scope`` (kept by the triggers of ``articles.counting``), for ``keys`` (a list,
    or a (first, last) range) or all."""
    if keys is None:
        return dict(_counts_of(scope))
    if isinstance(keys, tuple):
        return dict(_counts_between(scope, *keys))
    return dict(_counts_in(scope, list(keys))) if keys else {}


def readable_total() -> int:
    """How many articles a reader can see: one row of the kept counts, not a count over the paper."""
    return _published_counts(CountScope.ALL, [0]).get(0, 0)


def topic_article_counts(topic_ids=None) -> dict[int, int]:
    """{topic id: readable articles on it} (every topic, or those of ``topic_ids``)."""
    return _published_counts(CountScope.TOPIC, topic_ids)


def organization_article_counts(organization_ids=None) -> dict[int, int]:
    """{organization id: readable articles naming it} (every organization, or those of ``organization_ids``)."""
    return _published_counts(CountScope.ORGANIZATION, organization_ids)


def days_with_articles(first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
    """(day, number of readable articles) for each day in [first, last] that has some, in order."""
    first, last = max(first, ALL_DAYS[0]), min(last, ALL_DAYS[1])
    counts = _published_counts(CountScope.DAY, (day_key(first), day_key(last)))
    return [(dt.date(key // 10000, key // 100 % 100, key % 100), n) for key, n in sorted(counts.items())]


# -- the date archive -----------------------------------------------------------------------------------


#: The order of date-archive pages and date-filtered lists: by the date the article is filed under, then as
#: everywhere else (the index article_status_display_date, in this order).
DATE_ORDER = ("-display_date", *LIST_ORDER)


def on_days(articles: QuerySet[Article], first: dt.date, last: dt.date, *, keep_order: bool = False) -> QuerySet[Article]:
    """``articles`` whose display date falls in [first, last], newest date first unless ``keep_order``."""
    narrowed = articles.filter(display_date__range=(first, last))
    return narrowed if keep_order else narrowed.order_by(*DATE_ORDER)


@prepared
def _between(first: dt.date, last: dt.date, now: dt.datetime) -> QuerySet[Article]:
    return on_days(Article.objects.published(now).only(*CARD_FIELDS), first, last)


def articles_between(first: dt.date, last: dt.date, total=None) -> PreparedList:
    """Readable articles whose display date falls in [first, last]; ``total``: a function giving their number
    (else the kept counts of those days are added up)."""
    return PreparedList(_between, first, last, timezone.now(),
                        total=total or (lambda: sum(n for _, n in days_with_articles(first, last))))


@dataclass
class ArchiveMonth:
    first_day: dt.date
    count: int


@dataclass
class ArchiveYear:
    year: int
    count: int = 0
    months: list[ArchiveMonth] = field(default_factory=list)


def archive_tree(first: dt.date = ALL_DAYS[0], last: dt.date = ALL_DAYS[1]) -> list[ArchiveYear]:
    """Every year and month in [first, last] that has readable articles, newest first, with counts. One query."""
    years: dict[int, ArchiveYear] = {}
    for day, n in days_with_articles(first, last):
        year = years.setdefault(day.year, ArchiveYear(day.year))
        year.count += n
        if not year.months or year.months[-1].first_day.month != day.month:
            year.months.append(ArchiveMonth(day.replace(day=1), 0))
        year.months[-1].count += n
    for year in years.values():
        year.months.reverse()
    return sorted(years.values(), key=lambda y: y.year, reverse=True)


@prepared(rows=True)
def _day_before(day: dt.date, now: dt.datetime) -> QuerySet:
    return Article.objects.published(now).filter(display_date__lt=day).order_by("-display_date").values_list("display_date")


@prepared(rows=True)
def _day_after(day: dt.date, now: dt.datetime) -> QuerySet:
    return Article.objects.published(now).filter(display_date__gt=day).order_by("display_date").values_list("display_date")


def day_before(day: dt.date) -> dt.date | None:
    """The nearest earlier day that has readable articles."""
    found = _day_before(day, timezone.now(), limit=1)
    return found[0][0] if found else None


def day_after(day: dt.date) -> dt.date | None:
    """The nearest later day that has readable articles."""
    found = _day_after(day, timezone.now(), limit=1)
    return found[0][0] if found else None


# -- people, organizations, topics, meetings ---------------------------------------------------------


def _count_subquery(rows: QuerySet, group_field: str):
    """COUNT(*) of ``rows`` (filtered on an OuterRef) as an integer annotation; 0 when there are none."""
    counted = rows.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@prepared
def topic_choices() -> QuerySet[Topic]:
    """The topics a list can be narrowed to, by name (their slugs and names only)."""
    return Topic.objects.order_by("name").only("slug", "name")


@prepared
def topics_with_counts() -> QuerySet[Topic]:
    """The topics with readable articles, each with ``article_count`` (from the kept counts), in one query; a
    topic with none yet is not listed (its page still answers)."""
    counted = PublishedCount.objects.filter(scope=CountScope.TOPIC, key=OuterRef("pk"), n__gt=0).values("n")[:1]
    return Topic.objects.annotate(article_count=Subquery(counted)).filter(article_count__gt=0)


#: The home page's topic sections: how many topics, how many articles each, chosen among the newest articles.
SECTION_TOPICS, SECTION_ARTICLES, SECTION_POOL = 3, 4, 100


@dataclass
class TopicSection:
    topic: Topic
    articles: list[Article]


@prepared(rows=True)
def _newest_on_topics(topic_ids: list[int], now: dt.datetime) -> QuerySet:
    """Links of ``topic_ids`` to the newest ``SECTION_POOL`` readable articles, newest first: (topic, article,
    its title, slug and date), all a section shows."""
    newest = Article.objects.published(now).order_by(*LIST_ORDER).values("pk")[:SECTION_POOL]
    return (
        Article.topics.through.objects.filter(topic_id__in=topic_ids, article_id__among=newest)
        .order_by("-article__published_at", "article__position_on_page", "article_id")
        .values_list("topic_id", "article_id", "article__title", "article__slug", "article__display_date")
    )


def topic_sections(topics: list[Topic]) -> list[TopicSection]:
    """The home page's sections: the biggest topics of ``topics`` (with ``article_count``), each with its newest
    articles among the newest ``SECTION_POOL``. One query, whatever the size of the paper; a topic with none
    among them has no section."""
    chosen = sorted(topics, key=lambda t: (-t.article_count, t.name))[:SECTION_TOPICS]
    if not chosen:
        return []
    by_topic: dict[int, list[Article]] = {}
    for topic_id, pk, title, slug, day in _newest_on_topics([t.pk for t in chosen], timezone.now()):  # newest first
        if len(kept := by_topic.setdefault(topic_id, [])) < SECTION_ARTICLES:
            kept.append(loaded(Article, id=pk, title=title, slug=slug, display_date=day))
    return [TopicSection(topic, by_topic[topic.pk]) for topic in chosen if by_topic.get(topic.pk)]


def visible_meetings() -> QuerySet[Meeting]:
    """Meetings reported by at least one readable article."""
    reported = Meeting.articles.through.objects.filter(meeting=OuterRef("pk")).filter(is_readable())
    return Meeting.objects.filter(Exists(reported)).select_related("chair")
