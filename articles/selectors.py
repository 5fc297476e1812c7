"""Reads for the reader site: what a reader may see, with related rows fetched up front.

Every function here starts from ``Article.objects.published()``: a draft, a withdrawn or a scheduled article
never reaches a list, a count, a feed or a page. Each returns a queryset (or a few rows) whose cost in
queries does not grow with the number of articles.

The date a reader sees — and the one the date archive files an article under — is the column
``Article.display_date`` (its rule: ``articles.models.display_date_of``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

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

from people.models import Organization, Person

from .counting import day_key
from .models import (
    Article,
    ArticlePhoto,
    ArticleRegion,
    CountScope,
    Credit,
    Meeting,
    Mention,
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


def public_articles() -> QuerySet[Article]:
    """Readable articles with bylines, people and topics prefetched: for feeds and full pages."""
    return readable_articles().prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person")),
        Prefetch("mentions", queryset=Mention.objects.select_related("person")),
        "topics",
    )


#: What an article page shows of each person it credits or names.
PERSON_LINK_FIELDS = ("person__name", "person__slug")


@dataclass
class ArticlePage:
    """A readable article and what its page lists: bylines and people (each with the person), topics,
    organizations and meetings (names and links only)."""

    article: Article
    credits: list[Credit]
    mentions: list[Mention]
    topics: list[Topic]
    organizations: list[Organization]
    meetings: list[Meeting]
    #: In order, the lead photo first, each with its photographer (name and link).
    photos: list[ArticlePhoto] = field(default_factory=list)


def article_page(slug: str | Article) -> ArticlePage:
    """One readable article and its page's lists, in five queries; raises Article.DoesNotExist.
    Given an Article rather than a slug (a preview), its page whatever its state, in four."""
    article = slug if isinstance(slug, Article) else readable_articles().get(slug=slug)
    credits = list(
        Credit.objects.filter(article=article).select_related("person")
        .only("article_id", "person_id", "role", "order", *PERSON_LINK_FIELDS).order_by("order", "pk")
    )
    mentions = list(
        Mention.objects.filter(article=article).select_related("person")
        .only("article_id", "person_id", "title_printed", "role", "order", *PERSON_LINK_FIELDS)
        .order_by("order", "pk")
    )
    # The three lists of names and links in one query.
    tagged = (
        Topic.objects.filter(articles=article).order_by().values_list("pk", "name", "slug", Value("t"))
        .union(
            Organization.objects.filter(articles=article).order_by().values_list("pk", "name", "slug", Value("o")),
            Meeting.objects.filter(articles=article).order_by().values_list("pk", "name", Value(""), Value("m")),
            all=True,
        )
        .order_by("name")
    )
    tags: dict[str, list] = {"t": [], "o": [], "m": []}
    for pk, name, slug_, kind in tagged:
        tags[kind].append((pk, name, slug_))
    return ArticlePage(
        article=article,
        credits=credits,
        mentions=mentions,
        topics=[Topic(pk=pk, name=name, slug=slug_) for pk, name, slug_ in tags["t"]],
        organizations=[Organization(pk=pk, name=name, slug=slug_) for pk, name, slug_ in tags["o"]],
        meetings=[Meeting(pk=pk, name=name) for pk, name, _ in tags["m"]],
        photos=list(ArticlePhoto.objects.filter(article=article).select_related("photographer").only(
            "article_id", "image", "caption", "alt", "order", "renditions", "photographer__name",
            "photographer__slug",
        ).order_by("order", "pk")),
    )


#: What a photo on a card shows (includes/photo.html): its picture, caption and text for those who cannot see it.
PHOTO_FIELDS = ("article_id", "image", "caption", "alt", "order", "renditions", "photographer_id")

#: How many of the newest photos the home page's photo stories are chosen from: the cost stays the same
#: however many articles the paper has, with photos or without.
PHOTO_CANDIDATES = 200


def photo_stories(limit: int = 7) -> list[Article]:
    """The newest readable articles with a photo (at most ``limit``), each with ``lead_photo``: two queries
    (the articles, then their lead photos), one if there are none."""
    newest = ArticlePhoto.objects.order_by("-pk").values("article_id")[:PHOTO_CANDIDATES]
    # All their photos (a few each) rather than the first of each: a sliced prefetch is a window function,
    # costlier to build than the rows it saves.
    photos = Prefetch("photos", queryset=ArticlePhoto.objects.only(*PHOTO_FIELDS).order_by("order", "pk"),
                      to_attr="photo_list")
    articles = list(readable_articles().only(*CARD_FIELDS).filter(pk__in=newest).prefetch_related(photos)[:limit])
    for article in articles:
        article.lead_photo = article.photo_list[0] if article.photo_list else None
    return [a for a in articles if a.lead_photo is not None and a.lead_photo.renditions]


#: How many of the newest articles of its people, and of its topics, an article's "related" list chooses
#: from: the work stays the same whether a person has ten articles or ten thousand.
RELATED_CANDIDATES = 50


def related_articles(article: Article, person_ids: list[int], topic_ids: list[int], limit: int = 5) -> list[Article]:
    """Other readable articles sharing people named (``person_ids``) or topics (``topic_ids``) with
    ``article``, most shared first.

    Chosen among the newest articles naming those people and the newest on those topics
    (``RELATED_CANDIDATES`` of each), so the cost does not grow with the paper; a pool that small is looked up
    by key (with 200 of each, PostgreSQL scanned the whole article table instead).
    """
    if not person_ids and not topic_ids:
        return []
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
    return list(
        readable_articles()
        .filter(pool)
        .exclude(pk=article.pk)
        .annotate(shared=shared_people + shared_topics)
        .order_by("-shared", *LIST_ORDER)[:limit]
    )


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """(previous, next) readable article in reading order: by publication time, then as they ran on the page."""
    readable = readable_articles()
    at = connections[readable.db].ops.adapt_datetimefield_value(article.published_at)
    key = (at, article.position_on_page, article.pk)

    def beyond(op: str) -> RawSQL:  # the reading-order key compared as a row (both backends have row values)
        return RawSQL(f"(published_at, position_on_page, id) {op} (%s, %s, %s)", key, output_field=BooleanField())

    # The plain bounds on published_at let the (status, published_at) index start at the article itself; each
    # end is found by its own index walk, and both are fetched in one query.
    previous = (
        readable.filter(beyond("<"), published_at__lte=article.published_at)
        .order_by("-published_at", "-position_on_page", "-pk").values("pk")[:1]
    )
    following = (
        readable.filter(beyond(">"), published_at__gte=article.published_at)
        .order_by("published_at", "position_on_page", "pk").values("pk")[:1]
    )
    ends = Article.objects.filter(Q(pk=Subquery(previous)) | Q(pk=Subquery(following))).order_by()
    found = {"previous": None, "following": None}
    ours = (article.published_at, article.position_on_page, article.pk)
    for end in ends.only("title", "slug", "published_at", "position_on_page"):
        found["previous" if (end.published_at, end.position_on_page, end.pk) < ours else "following"] = end
    return found["previous"], found["following"]


#: A list of at most this many articles (a person's, an organization's…) is fetched whole by id and sorted;
#: a longer one is read in list order from the publication-time index (see _newest_first).
SORT_IDS_UP_TO = 1000

#: LIST_ORDER in a form no index serves (a readable article always has published_at), so PostgreSQL sorts the
#: rows it was given rather than walking the publication-time index from today.
SORTED_LIST_ORDER = (Coalesce(F("published_at"), F("created_at")).desc(), "position_on_page", "pk")


def _newest_first(article_ids: QuerySet) -> QuerySet[Article]:
    """Readable articles among ``article_ids`` (a values() query of article ids), newest first.

    Asked for the newest twenty of someone named in a few articles three years back, PostgreSQL walks the
    publication-time index from today until it has found twenty, through most of the paper. So when the list
    is short (its ids are counted first, one cheap query) only its rows are fetched and sorted: the cost follows the length
    of the list, not the age of the articles or the size of the paper. A long list is walked: its articles are
    dense.
    """
    short = article_ids[: SORT_IDS_UP_TO + 1]
    if short.count() > SORT_IDS_UP_TO:
        return readable_articles().filter(pk__in=article_ids)
    # The bounded subquery, not the ids themselves: its LIMIT tells PostgreSQL the list is short, so it looks
    # each article up by its key instead of joining the whole table, and no ids travel through Python.
    return readable_articles().filter(pk__in=short).order_by(*SORTED_LIST_ORDER)


def articles_naming(person: Person) -> QuerySet[Article]:
    """Articles that name ``person``, each with ``title_printed``: the title the article gives them."""
    printed = Mention.objects.filter(article=OuterRef("pk"), person=person).order_by().values("title_printed")[:1]
    named = Mention.objects.filter(person=person).order_by().values_list("article_id", flat=True)
    return _newest_first(named).annotate(title_printed=Subquery(printed))


def articles_credited_to(person: Person) -> QuerySet[Article]:
    """Articles ``person`` wrote or photographed, each with ``credit_role`` (记者, 通讯员…)."""
    credits = Credit.objects.filter(article=OuterRef("pk"), person=person)
    written = Credit.objects.filter(person=person).order_by().values_list("article_id", flat=True)
    return _newest_first(written).annotate(
        credit_role=Subquery(credits.order_by("order", "pk").values("role")[:1])
    )


def naming_or_credited(person: Person) -> Q:
    """A filter for articles that name ``person`` or credit them."""
    return Q(Exists(Mention.objects.filter(article=OuterRef("pk"), person=person))) | Q(
        Exists(Credit.objects.filter(article=OuterRef("pk"), person=person))
    )


def with_titles_held(person: Person, articles) -> None:
    """Give each article ``title_held``: the title printed in it, else the positions held that day.

    ``person.positions`` must be prefetched (with organizations); no query is made.
    """
    for article in articles:
        printed = getattr(article, "title_printed", "") or ""
        day = article.display_date
        if printed:
            article.title_held = printed
        elif day:
            article.title_held = "、".join(
                f"{p.organization.short_name or p.organization.name}{p.title}" if p.organization else p.title
                for p in person.positions_on(day)
            )
        else:
            article.title_held = ""


def articles_on_topic(topic: Topic) -> QuerySet[Article]:
    return readable_articles().filter(topics=topic)


def articles_naming_organization(organization: Organization) -> QuerySet[Article]:
    through = Article.organizations.through.objects.filter(organization=organization)
    return _newest_first(through.order_by().values_list("article_id", flat=True))


def articles_reporting(meeting: Meeting) -> QuerySet[Article]:
    through = Article.meetings.through.objects.filter(meeting=meeting)
    return _newest_first(through.order_by().values_list("article_id", flat=True))


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
    from django.core.files.storage import default_storage

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


def _published_counts(scope: str, keys=None) -> dict[int, int]:
    """{key: live articles} of ``scope`` (kept by the triggers of ``articles.counting``), for ``keys`` (a list,
    or a (first, last) range) or all."""
    rows = PublishedCount.objects.filter(scope=scope, n__gt=0)
    if keys is not None:
        rows = rows.filter(key__range=keys) if isinstance(keys, tuple) else rows.filter(key__in=keys)
    return dict(rows.values_list("key", "n"))


def readable_total() -> int:
    """How many articles a reader can see: one row of the kept counts, not a count over the paper."""
    return _published_counts(CountScope.ALL, [0]).get(0, 0)


def _relation_counts(scope: str, ids) -> dict[int, int]:
    """{id: readable articles} for the topics or organizations (``scope``) of ``ids`` (None: all of them)."""
    return _published_counts(scope, ids)


def topic_article_counts(topic_ids=None) -> dict[int, int]:
    """{topic id: readable articles on it} (every topic, or those of ``topic_ids``)."""
    return _relation_counts(CountScope.TOPIC, topic_ids)


def organization_article_counts(organization_ids=None) -> dict[int, int]:
    """{organization id: readable articles naming it} (every organization, or those of ``organization_ids``)."""
    return _relation_counts(CountScope.ORGANIZATION, organization_ids)


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


def articles_between(first: dt.date, last: dt.date) -> QuerySet[Article]:
    """Readable articles whose display date falls in [first, last]."""
    return on_days(readable_articles(), first, last)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class ArchiveMonth:
    first_day: dt.date
    count: int


@dataclass
class ArchiveYear:
    year: int
    count: int = 0
    months: list[ArchiveMonth] = field(default_factory=list)


def archive_tree() -> list[ArchiveYear]:
    """Every year and month that has readable articles, newest first, with counts. One query."""
    years: dict[int, ArchiveYear] = {}
    for day, n in days_with_articles(*ALL_DAYS):
        year = years.setdefault(day.year, ArchiveYear(day.year))
        year.count += n
        if not year.months or year.months[-1].first_day.month != day.month:
            year.months.append(ArchiveMonth(day.replace(day=1), 0))
        year.months[-1].count += n
    for year in years.values():
        year.months.reverse()
    return sorted(years.values(), key=lambda y: y.year, reverse=True)


def day_before(day: dt.date) -> dt.date | None:
    """The nearest earlier day that has readable articles."""
    earlier = readable_articles().filter(display_date__lt=day).order_by("-display_date")
    return earlier.values_list("display_date", flat=True).first()


def day_after(day: dt.date) -> dt.date | None:
    """The nearest later day that has readable articles."""
    later = readable_articles().filter(display_date__gt=day).order_by("display_date")
    return later.values_list("display_date", flat=True).first()


# -- people, organizations, topics, meetings ---------------------------------------------------------


def _count_subquery(rows: QuerySet, group_field: str):
    """COUNT(*) of ``rows`` (filtered on an OuterRef) as an integer annotation; 0 when there are none."""
    counted = rows.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def on_readable_article(rows: QuerySet) -> QuerySet:
    """``rows`` (of a table with an ``article`` key) whose article readers may see: for each row, its article
    looked up by its key. Written as ``article__in=<readable articles>``, or as a join, SQLite may walk every
    readable article for each probe instead (the people index took 3.2 s at 100,000 articles)."""
    return rows.filter(Exists(Article.objects.published().filter(pk=OuterRef("article_id"))))


def topic_choices() -> list[Topic]:
    """The topics a list can be narrowed to, by name (their slugs and names only)."""
    return list(Topic.objects.order_by("name").only("slug", "name"))


def topics_with_counts() -> list[Topic]:
    """The topics with readable articles, each with ``article_count`` (from the kept counts); a topic with
    none yet is not listed (its page still answers)."""
    counts = topic_article_counts()
    topics = [t for t in Topic.objects.all() if counts.get(t.pk, 0)]
    for topic in topics:
        topic.article_count = counts[topic.pk]
    return topics


#: The home page's topic sections: how many topics, how many articles each, chosen among the newest articles.
SECTION_TOPICS, SECTION_ARTICLES, SECTION_POOL = 3, 4, 200


@dataclass
class TopicSection:
    topic: Topic
    articles: list[Article]


def topic_sections(topics: list[Topic]) -> list[TopicSection]:
    """The home page's sections: the biggest topics of ``topics`` (with ``article_count``), each with its newest
    articles among the newest ``SECTION_POOL``. Two queries, whatever the size of the paper; a topic with none
    among them has no section."""
    chosen = sorted(topics, key=lambda t: (-t.article_count, t.name))[:SECTION_TOPICS]
    if not chosen:
        return []
    newest = readable_articles().values("pk")[:SECTION_POOL]
    links = (
        Article.topics.through.objects.filter(topic_id__in=[t.pk for t in chosen], article_id__in=newest)
        .order_by("-article__published_at", "article__position_on_page", "article_id")
        .values_list("topic_id", "article_id")
    )
    by_topic: dict[int, list[int]] = {}
    for topic_id, article_id in links:  # newest first: each topic keeps its first few
        if len(kept := by_topic.setdefault(topic_id, [])) < SECTION_ARTICLES:
            kept.append(article_id)
    wanted = {pk for ids in by_topic.values() for pk in ids}
    articles = readable_articles().only(*CARD_FIELDS).in_bulk(wanted) if wanted else {}
    return [
        TopicSection(topic, [articles[pk] for pk in by_topic[topic.pk] if pk in articles])
        for topic in chosen if by_topic.get(topic.pk)
    ]


def visible_meetings() -> QuerySet[Meeting]:
    """Meetings reported by at least one readable article."""
    reported = on_readable_article(Meeting.articles.through.objects.filter(meeting=OuterRef("pk")))
    return Meeting.objects.filter(Exists(reported)).select_related("chair")
