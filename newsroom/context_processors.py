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


@lru_cache(maxsize=8)
def _links(urlconf: str, prefix: str) -> dict[str, str]:
    return {name: reverse(view, urlconf=urlconf) for name, view in SITE_LINKS.items()}


def site(request):
    """The paper's name, and the links of every page's header and footer (``{{ links.home }}``): reversed
    once per URL configuration and script prefix, not a dozen times per page."""
    return {
        "site_name": settings.SITE_NAME,
        "links": _links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()),
    }
