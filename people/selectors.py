"""Reads for the reader site's people and organizations: who a reader may see, and the indexes.

A person or an organization is visible only through a readable article (``articles.selectors``): someone
named only in a draft has no public page, so a draft never leaks through a name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from articles.models import Article, CountScope, Meeting, Mention, PublishedCount
from articles.selectors import LIST_ORDER, visible_meetings
from newsroom.links import slug_urls
from newsroom.prepared import PreparedList, counted, first_row, prepared
from newsroom.text import name_pinyin, pinyin_query

from .models import Organization, Person, PersonKind, Position


def _kept(scope: str, ref: str = "pk") -> Exists:
    """The row (``ref``: the field holding its id) has a kept count above 0 in ``scope``: a live article supports
    it (``articles.counting``). One probe of the counts' key, whatever the size of the paper."""
    return Exists(PublishedCount.objects.filter(scope=scope, key=OuterRef(ref), n__gt=0))


def _is_visible_position() -> Q:
    """Positions readers may see: entered by an editor (no source article), or printed in a readable article.
    A title only drafts print (拟任…) stays off the public pages."""
    return ~Q(Exists(Position.sources.through.objects.filter(position=OuterRef("pk")))) | Q(
        _kept(CountScope.POSITION)
    )


def visible_positions() -> QuerySet[Position]:
    """Positions readers may see, held by people readers may see."""
    return Position.objects.filter(_is_visible_person("person")).filter(_is_visible_position())


def visible_people() -> QuerySet[Person]:
    """People named in or credited on at least one readable article (an indexed probe per person)."""
    return Person.objects.filter(_is_visible_person())


@prepared
def _visible_person(slug: str) -> QuerySet[Person]:
    return visible_people().filter(slug=slug)


@prepared
def _visible_positions_of(person_id: int) -> QuerySet[Position]:
    return Position.objects.filter(_is_visible_position(), person_id=person_id).select_related("organization")


def person_for_reader(slug: str) -> Person:
    """A visible person with ``visible_positions`` (and their organizations); raises Person.DoesNotExist."""
    person = first_row(_visible_person, slug, missing=Person.DoesNotExist)
    person.visible_positions = _visible_positions_of(person.pk)
    return person


@dataclass(frozen=True)
class Entry:
    """A row of the people or organization index: a name as printed and its page; for an official, the position's
    title and end; for an organization, how many articles name it."""

    name: str
    url: str
    title: str = ""
    end_date: dt.date | None = None
    article_count: int = 0  # an organization's, on its index


@dataclass
class OrganizationGroup:
    organization: Entry
    positions: list[Entry] = field(default_factory=list)


@dataclass
class PeopleIndex:
    officials: list[OrganizationGroup]
    journalists: list[Entry]
    recent: list[Entry]
    #: More journalists than the index lists (found by name).
    more_journalists: bool = False


#: The people index's bounds (a screenful or two on a phone, whatever the paper knows): the people of the newest
#: RECENT_ARTICLES articles, the officials of the INDEX_ORGANIZATIONS most named organizations, the journalists.
RECENT_ARTICLES = 30
RECENT_PEOPLE = 60
INDEX_ORGANIZATIONS = 12
INDEX_OFFICIALS = INDEX_JOURNALISTS = 40


def _is_visible_person(person: str = "pk") -> Q:
    """A filter for people named in or credited on a readable article (their kept count); ``person``: the field
    holding the person (``pk`` on Person, ``person`` on Position)."""
    return Q(_kept(CountScope.PERSON, person))


def _most_named_organizations() -> QuerySet:
    """The keys of organizations by how many readable articles name them, most first (the index on the kept
    counts' scope and n: the first few are read, however many organizations there are)."""
    return (PublishedCount.objects.filter(scope=CountScope.ORGANIZATION, n__gt=0).order_by("-n", "key")
            .values_list("key", flat=True))


@prepared(rows=True)
def _officials_positions() -> QuerySet:
    busiest = _most_named_organizations()[:INDEX_ORGANIZATIONS]
    return (
        visible_positions().filter(person__kind=PersonKind.OFFICIAL, organization__among=busiest)
        .order_by("organization__name", "order", "person__name", "pk")
        .values_list("title", "end_date", "person__name", "person__slug", "organization_id", "organization__name",
                     "organization__slug")
    )


@prepared(rows=True)
def _journalists() -> QuerySet:
    # Without their counts (each journalist's page gives theirs); by name through the index person_kind_name.
    return (Person.objects.filter(kind=PersonKind.JOURNALIST).filter(_is_visible_person())
            .order_by("kind", "name", "disambiguator").values_list("name", "slug"))


@prepared(rows=True)
def _recently_named(now: dt.datetime) -> QuerySet:
    # Journalists are left out by _named_people: a join less here, half the planning of this query.
    newest = Article.objects.published(now).order_by(*LIST_ORDER).values("pk")[:RECENT_ARTICLES]
    return (
        Mention.objects.filter(article__in=newest)
        .order_by("-article__published_at", "article__position_on_page", "order").values_list("person_id")
    )


@prepared(rows=True)
def _named_people(ids: list[int]) -> QuerySet:
    return (Person.objects.filter(pk__in=ids).exclude(kind=PersonKind.JOURNALIST).order_by()
            .values_list("pk", "name", "disambiguator", "slug"))


def people_index() -> PeopleIndex:
    """The officials of the most named organizations (by organization), the journalists and the people in the
    newest articles, as names and links: a size that does not grow with the paper (the rest: people_named)."""
    person_url, organization_url = slug_urls("people:person_detail"), slug_urls("people:organization_detail")
    groups: dict[int, OrganizationGroup] = {}
    for title, end_date, name, slug, organization_id, organization, organization_slug in _officials_positions(
        limit=INDEX_OFFICIALS
    ):
        group = groups.get(organization_id) or groups.setdefault(
            organization_id, OrganizationGroup(Entry(organization, organization_url(organization_slug)))
        )
        group.positions.append(Entry(name, person_url(slug), title, end_date))
    journalists = _journalists(limit=INDEX_JOURNALISTS + 1)
    ids = list(dict.fromkeys(pk for pk, in _recently_named(timezone.now())))
    by_id = {pk: Entry(f"{name}（{disambiguator}）" if disambiguator else name, person_url(slug))
             for pk, name, disambiguator, slug in _named_people(ids)} if ids else {}
    return PeopleIndex(
        officials=list(groups.values()),
        journalists=[Entry(name, person_url(slug)) for name, slug in journalists[:INDEX_JOURNALISTS]],
        recent=[by_id[i] for i in ids if i in by_id][:RECENT_PEOPLE],
        more_journalists=len(journalists) > INDEX_JOURNALISTS,
    )


#: The most people a name lookup on the people index lists.
NAME_LOOKUP_LIMIT = 100


def people_named(text: str) -> list[Person]:
    """Visible people whose name contains ``text`` (up to NAME_LOOKUP_LIMIT), names starting with it first."""
    text = text.strip()[:20]
    if not text:
        return []
    found = list(
        Person.objects.filter(name__contains=text).filter(_is_visible_person())
        .order_by("name", "disambiguator")[: NAME_LOOKUP_LIMIT]
    )
    return sorted(found, key=lambda p: not p.name.startswith(text))


#: Organizations a page of the index lists: a page costs the same however many organizations the paper knows.
ORGANIZATIONS_PER_PAGE = 100


@prepared(rows=True)
def _organization_counts() -> QuerySet:
    return _most_named_organizations().values_list("key", "n")


@prepared(rows=True)
def _organizations_total() -> QuerySet:
    return counted(_most_named_organizations())


@prepared(rows=True)
def _organization_names(ids: list[int]) -> QuerySet:
    return Organization.objects.filter(pk__in=ids).order_by().values_list("pk", "name", "slug")


def _organization_entries(counts: list) -> list[Entry]:
    url = slug_urls("people:organization_detail")
    names = {pk: (name, slug) for pk, name, slug in _organization_names([key for key, _ in counts])} if counts else {}
    return [Entry(names[key][0], url(names[key][1]), article_count=n) for key, n in counts if key in names]


def organization_index() -> PreparedList:
    """The organizations readable articles name, most named first (an Entry with ``article_count``, its kept
    count), for the index to page through: a page reads its hundred counts through their index, then their
    names. An organization known only from a position is on its officials' pages."""
    return PreparedList(_organization_counts, total=lambda: _organizations_total()[0][0], rows=_organization_entries)


def visible_organizations() -> QuerySet[Organization]:
    """Organizations named in a readable article or where a visible person holds a position."""
    return Organization.objects.filter(_is_visible_organization()).select_related("parent")


def _is_visible_organization() -> Q:
    """A filter for organizations named in a readable article (their kept count) or where a visible person
    holds a position: indexed probes per organization."""
    staffed = visible_positions().filter(organization=OuterRef("pk"))
    return Q(_kept(CountScope.ORGANIZATION)) | Q(Exists(staffed))


@prepared
def _organization(slug: str) -> QuerySet[Organization]:
    return Organization.objects.select_related("parent").filter(slug=slug)


@prepared
def _visible_family(pk: int, parent_id: int | None) -> QuerySet[Organization]:
    """Which of the organization ``pk``, its parent and its children a reader may see."""
    among = Q(pk=pk) | Q(parent_id=pk) if parent_id is None else Q(pk=pk) | Q(pk=parent_id) | Q(parent_id=pk)
    return (Organization.objects.filter(among).filter(_is_visible_organization()).order_by("name")
            .only("pk", "name", "slug", "parent_id"))


def organization_for_reader(slug: str) -> Organization:
    """A visible organization with ``visible_children``, and ``parent`` only when visible too: two queries (the
    organization, then which of its family a reader may see). Raises Organization.DoesNotExist."""
    organization = first_row(_organization, slug, missing=Organization.DoesNotExist)
    visible = _visible_family(organization.pk, organization.parent_id)
    if organization.pk not in {o.pk for o in visible}:
        raise Organization.DoesNotExist
    if organization.parent_id not in {o.pk for o in visible}:
        organization.parent = None
    organization.visible_children = [o for o in visible if o.parent_id == organization.pk and o.pk != organization.pk]
    return organization


@prepared
def organization_people(organization_id: int) -> QuerySet[Position]:
    """Positions at the organization held by visible people, with the people."""
    return (
        visible_positions().filter(organization_id=organization_id)
        .select_related("person")
        .order_by("order", "person__name", "pk")
    )


def meeting_for_reader(pk: int) -> Meeting:
    """A meeting reported by a readable article, with its visible participants; raises Meeting.DoesNotExist."""
    meeting = visible_meetings().prefetch_related(
        Prefetch("participants", queryset=visible_people().order_by("name")),
        Prefetch("organizations", queryset=visible_organizations().order_by("name")),
    ).get(pk=pk)
    if meeting.chair_id and not visible_people().filter(pk=meeting.chair_id).exists():
        meeting.chair = None  # named only in drafts: not shown
    return meeting


#: The most people or organizations a name typed into a filter (or pinyin in a search) stands for.
NAME_MATCH_LIMIT = 20


def _by_pinyin(rows: QuerySet, text: str, wanted: Q) -> tuple[QuerySet, str, Q]:
    """(``rows``, ``text`` as pinyin, ``wanted`` or a slug without hyphens starting with that pinyin) when
    ``text`` is pinyin (zhangh: zhang-hong-jun); else ``rows``, "" and ``wanted``."""
    compact = pinyin_query(text)
    if compact:
        rows = rows.annotate(compact_slug=Replace(F("slug"), Value("-"), Value("")))
        wanted |= Q(compact_slug__startswith=compact)
    return rows, compact, wanted


def _matching(rows: QuerySet, text: str, name_fields: tuple[str, ...]) -> list:
    """Rows of ``rows`` whose page (slug) or a name field is ``text``, or whose name's pinyin is ``text``
    (``zhanghongjun`` for 张红军, through the slug: zhang-hong-jun…). One query."""
    exact = Q(slug=text)
    for name in name_fields:
        exact |= Q(**{name: text})
    rows, compact, exact = _by_pinyin(rows, text, exact)
    found = list(rows.filter(exact).select_related(None).order_by("name", "pk").only("pk", "name", "slug", *name_fields)[:NAME_MATCH_LIMIT * 5])
    # A slug may go on with a disambiguator (li-ping-qu-jiao-yu-ju): only a name whose own pinyin is the text.
    return [
        r for r in found
        if r.slug == text or any(getattr(r, n) == text for n in name_fields) or (compact and name_pinyin(r.name) == compact)
    ][:NAME_MATCH_LIMIT]


def people_matching(text: str) -> list[Person]:
    """Visible people that ``text`` (a name, a page's slug, or the name in pinyin) stands for; one query."""
    return _matching(visible_people(), text.strip(), ("name",))


def organizations_matching(text: str) -> list[Organization]:
    """Visible organizations that ``text`` (a name, a short name, a slug, or pinyin) stands for; one query."""
    return _matching(visible_organizations(), text.strip(), ("name", "short_name"))


#: How many names the filter boxes suggest as a reader types.
SUGGESTIONS = 10


def names_starting_with(kind: str, text: str) -> list[str]:
    """Names of visible people (``kind`` "person") or organizations ("organization") that start with ``text``,
    or whose pinyin does (zhangh → 张红军): what the reader's filter boxes suggest. One query."""
    text = text.strip()[:20]
    if not text:
        return []
    rows = visible_people() if kind == "person" else visible_organizations().select_related(None)
    rows, _, wanted = _by_pinyin(rows, text, Q(name__startswith=text))
    names = rows.filter(wanted).order_by("name").values_list("name", flat=True)[: SUGGESTIONS * 3]
    return list(dict.fromkeys(names))[:SUGGESTIONS]
