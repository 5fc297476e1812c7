"""Links without a ``reverse()`` per link: the pages every page carries, and the page of each topic, article,
person and organization (an index shows hundreds).

A slug page's URL is its view's URL with the slug put in: the view's pattern is reversed once per process, URL
configuration and script prefix (the path the site is mounted under), then filled in by a string replacement.
"""

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
