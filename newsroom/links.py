"""Reversing URLs once: the links every page carries, and the page of each topic, article, person and
organization (a list of a thousand people reversed a thousand URLs: ~25 ms of the people index).

A URL depends only on the view, its arguments, the URL configuration and the script prefix (the path the site
is mounted under), so each is reversed once per process for each of those and then looked up.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

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


def _where() -> tuple[str, str]:
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


@lru_cache(maxsize=8)
def _site_links(urlconf: str, prefix: str) -> dict[str, str]:
    return {name: reverse(view, urlconf=urlconf) for name, view in SITE_LINKS.items()}


def site_links() -> dict[str, str]:
    return _site_links(*_where())


@lru_cache(maxsize=100_000)  # about 10 MB at most per process
def _slug_url(view: str, slug: str, urlconf: str, prefix: str) -> str:
    return reverse(view, kwargs={"slug": slug}, urlconf=urlconf)


def slug_url(view: str, slug: str) -> str:
    """``reverse(view, kwargs={"slug": slug})``, remembered."""
    return _slug_url(view, slug, *_where())
