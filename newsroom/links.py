"""Links without a ``reverse()`` per link (an index shows hundreds): each view's URL is reversed once per URL
configuration and script prefix (the path the site is mounted under), then a slug or date is put in."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse

#: The pages every reader page links to (header, footer, feeds), by the name the templates use.
SITE_LINKS = {
    "home": "articles:home",
    "articles": "articles:article_list",
    "archive": "articles:archive",
    "people": "people:person_list",
    "organizations": "people:organization_list",
    "topics": "articles:topic_list",
    "search": "articles:search",
    "feed": "articles:feed",
    "feed_atom": "articles:feed_atom",
}

#: Stands for the slug in a reversed pattern: a valid slug that no URL of the site contains.
_SLUG = "slug-0placeholder0"


@lru_cache(maxsize=16)
def _site_links(urlconf: str, prefix: str) -> dict[str, str]:
    return {name: reverse(view, urlconf=urlconf) for name, view in SITE_LINKS.items()}


def site_links() -> dict[str, str]:
    return _site_links(settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=64)  # one entry per slug view, URL configuration and prefix
def _pattern(view: str, urlconf: str, prefix: str) -> str:
    return reverse(view, kwargs={"slug": _SLUG}, urlconf=urlconf)


def slug_url(view: str, slug: str) -> str:
    """``reverse(view, kwargs={"slug": slug})``, without the cost of a reverse."""
    return _pattern(view, settings.ROOT_URLCONF, get_script_prefix()).replace(_SLUG, slug)


def slug_urls(view: str):
    """:func:`slug_url` of ``view`` for many slugs (an index's rows): the pattern looked up once."""
    pattern = _pattern(view, settings.ROOT_URLCONF, get_script_prefix())
    return lambda slug: pattern.replace(_SLUG, slug)


@lru_cache(maxsize=16)
def _day_pattern(urlconf: str, prefix: str) -> str:
    """The day page's URL as a format string: /{0}/{1}/{2}/."""
    url = reverse("articles:archive_day", kwargs={"year": "9999", "month": "88", "day": "77"}, urlconf=urlconf)
    return url.replace("9999", "{0}", 1).replace("88", "{1}", 1).replace("77", "{2}", 1)


def day_link(day) -> str:
    """The date-archive page of a day (/2023/02/12/), without the cost of a reverse."""
    return _day_pattern(settings.ROOT_URLCONF, get_script_prefix()).format(
        f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"
    )
