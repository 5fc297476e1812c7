"""Whole reader pages cached for anonymous readers, never stale after a change.

Every cached page is filed under the site's current *generation*, a random token kept in the cache. Any change
a reader could see (``articles.signals`` calls :func:`pages_changed` on every save, delete and relation
change in the articles and people apps, and again when the transaction commits) draws a new token: the old
pages are simply never asked for again and age out. Nothing has to know which pages showed what.

Scheduled articles: the generation also carries the publication time of the next scheduled article, and no
page is kept past it; once that time has come the next request draws a new generation. So a page cached at
05:59 never hides the article scheduled for 06:00.

Only anonymous GET requests without messages are served from the cache; only 200 responses that set no
cookie are stored. The cache is Django's default cache: local memory (per process: fine for one process, a
development server or the tests) unless ``REDIS_URL`` points at Redis, which every process of a real install
shares — with several processes and local memory, a change made in one reaches the others only when their
copies expire (``NEWSROOM_PAGE_CACHE_SECONDS``, 300 s by default; 0 turns the page cache off).

Pieces of pages (``NEWSROOM_FRAGMENT_CACHE``), for the pages not in the page cache — another page of a list,
another filter, a logged-in editor, the first request after a change:

- :func:`memoized`: a value computed from the readable articles (a list's total, the topics' counts, the days
  of a month) is kept under the current generation, so it is exact: any change draws a new generation.
- :func:`cached_fragments`: HTML that depends on one row only (an article's card) is kept under that row's
  last change, so it survives other articles being published; see ``articles.cards``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

STATE_KEY = "pages:state"
#: Requests under these paths are never cached (the editors' admin; its pages are not for readers anyway).
EXCLUDED_PREFIXES = ("/admin/",)


#: The generation as this request first read it (set by AnonymousPageCacheMiddleware for each request): a page
#: that asks several memoized values reads the generation from the cache once, not once per value.
_request_state: contextvars.ContextVar[dict | None] = contextvars.ContextVar("newsroom_request_state", default=None)


def _new_state() -> dict:
    """A fresh generation, with the publication time of the next scheduled article (one indexed query)."""
    from articles.models import Article, ArticleStatus

    upcoming = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return {"generation": uuid.uuid4().hex, "next_publication": upcoming}


def pages_changed(*, schedule_may_change: bool = True) -> None:
    """Make every cached page stale: at once in autocommit, at commit inside a transaction (a reader served
    before the commit would otherwise have the old page stored under the new generation).

    ``schedule_may_change=False`` (a change to anything but an article) keeps the known time of the next
    scheduled article instead of looking it up again.
    """
    if not page_cache_enabled() and not fragments_enabled():
        return
    if in_transaction():  # no reader sees the change before the commit: one new generation then is enough
        transaction.on_commit(_forget_state)
        return
    _forget_request_state()
    try:
        state = None if schedule_may_change else cache.get(STATE_KEY)
        state = _new_state() if state is None else {**state, "generation": uuid.uuid4().hex}
        cache.set(STATE_KEY, state, timeout=None)
    except Exception:  # a cache server that is down must not stop an editor's save
        logger.exception("page cache: could not start a new generation")


def in_transaction() -> bool:
    """Inside a transaction that will commit. The transaction a Django TestCase wraps each test in never
    commits: a write directly inside it is treated as in autocommit, as a reader would see it."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _forget_request_state() -> None:
    """A request that changes something reads the new generation afterwards."""
    held = _request_state.get()
    if held is not None:
        held.pop("state", None)


def _forget_state() -> None:
    _forget_request_state()
    try:
        cache.delete(STATE_KEY)
    except Exception:
        logger.exception("page cache: could not forget the generation")


def current_state() -> dict:
    """The current generation; a new one when there is none or the next scheduled article's time has come.

    Read once per request (see ``_request_state``).
    """
    held = _request_state.get()
    if held is not None and "state" in held:
        return held["state"]
    state = _read_state()
    if held is not None:
        held["state"] = state
    return state


def _read_state() -> dict:
    state = cache.get(STATE_KEY)
    upcoming = state and state["next_publication"]
    if state is None or (upcoming and upcoming <= timezone.now()):
        state = _new_state()
        cache.set(STATE_KEY, state, timeout=None)
    return state


def page_cache_enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def fragments_enabled() -> bool:
    return getattr(settings, "FRAGMENT_CACHE", False)


#: How long a memoized value or a fragment may be kept (a new generation makes memoized values stale sooner).
FRAGMENT_SECONDS = 24 * 3600
_MISSING = object()


def memoized(name: str, compute):
    """``compute()``, kept under ``name`` for the current generation: computed once per change to the site.

    Only for values derived from what readers see. Inside a transaction (a write that may not commit) and with
    the fragment cache off, the value is computed each time; so it is when the cache server is away.
    """
    if not fragments_enabled() or in_transaction():
        return compute()
    try:
        key = f"memo:{current_state()['generation']}:{hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()}"
        value = cache.get(key, _MISSING)
    except Exception:
        logger.exception("fragment cache: unavailable")
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, FRAGMENT_SECONDS)
        except Exception:
            logger.exception("fragment cache: could not store %s", name)
    return value


def cached_fragments(keys: list[str], render) -> list[str]:
    """The fragment under each key, ``render(i)`` for the i-th key where there is none (stored for next time).

    One round trip to the cache for all the keys, one more for those rendered. Each key must name everything
    its fragment shows (e.g. a row's primary key and last change).
    """
    if not fragments_enabled() or in_transaction():
        return [render(i) for i in range(len(keys))]
    try:
        found = cache.get_many(keys)
    except Exception:
        logger.exception("fragment cache: unavailable")
        found = {}
    out, new = [], {}
    for i, key in enumerate(keys):
        html = found.get(key)
        if html is None:
            html = new[key] = render(i)
        out.append(html)
    if new:
        try:
            cache.set_many(new, FRAGMENT_SECONDS)
        except Exception:
            logger.exception("fragment cache: could not store %d fragments", len(new))
    return out


def page_key(request, generation: str) -> str:
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"pages:{generation}:{url}"


def _cacheable_request(request) -> bool:
    if request.method != "GET" or request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if request.user.is_authenticated:
        return False
    return not len(messages.get_messages(request))


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (after the session, auth and messages middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_state.set({})
        try:
            return self._respond(request)
        finally:
            _request_state.reset(token)

    def _respond(self, request):
        if not page_cache_enabled() or not _cacheable_request(request):
            return self.get_response(request)
        try:
            state = current_state()
            key = page_key(request, state["generation"])
            cached = cache.get(key)
        except Exception:  # the cache server is away: serve the page uncached
            logger.exception("page cache: unavailable")
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        timeout = settings.PAGE_CACHE_SECONDS
        if state["next_publication"]:
            until = (state["next_publication"] - timezone.now()) / dt.timedelta(seconds=1)
            timeout = min(timeout, int(until))
        if timeout >= 1 and _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            try:
                cache.set(key, response, timeout)
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
                return response
            response["X-Page-Cache"] = "miss"
        return response
