"""Whole reader pages cached for anonymous readers, shared by every process and never stale after a change.

Every page is filed under the site's *generation*, a number in the database (``newsroom.models.Generation``).
A change readers could see calls :func:`pages_changed` (``articles.signals`` does on every reader-visible
write), and the number moves on when that change commits: every worker then asks for pages under the new
number, so nothing has to know which page showed what. Each process trusts the number it read for
``GENERATION_SECONDS``, so a cached page costs no query.

- Scheduled articles: the row also holds the next scheduled publication; the first request after it sets the
  article live, moves the number on (one conditional update on the primary) and is served uncached.
- Replicas: the number is read from the database the request reads (``newsroom.routers``) and moves on only
  after the commit, so a lagging replica files its pages under the older number it has replayed.
- The key holds the scheme, host, path and only the query parameters the view declares (``cache_params``);
  a view that declares none is never cached. The store is Django's default cache (files or Redis): shared,
  bounded (``MAX_ENTRIES``), outside the workers' memory.

Only GETs without a session or messages cookie are served and stored, before the session, auth and messages
middleware run; only 200 responses that set no cookie and are not private are stored, for at most
``NEWSROOM_PAGE_CACHE_SECONDS`` and never past the next scheduled publication.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError, connections, router, transaction
from django.db.models import F, Subquery
from django.urls import Resolver404, resolve
from django.utils import timezone

from newsroom.routers import PRIMARY

logger = logging.getLogger(__name__)

#: How long a process reuses the generation it read, per database: readers everywhere see a change within this
#: (the promise is 2 s), and a cached page is served without a query.
GENERATION_SECONDS = 1.0
#: The newest generation as the last change left it: used only while the database cannot be read.
NEWEST_KEY = "page:newest"


@dataclass(frozen=True)
class State:
    """The generation as one request read it; not ``cacheable`` while a scheduled time has come (or the row
    could not be read): that request is neither served from nor stored in the cache."""

    number: int
    next_publication: dt.datetime | None
    cacheable: bool = True
    #: The people dictionary's version (``Generation.dictionary``); None when the row could not be read.
    dictionary: int | None = None


# -- writers: announce a change ------------------------------------------------------------------------------


def pages_changed() -> None:
    """A change readers could see: the generation moves on once it commits (at once in autocommit).

    One move per transaction however many rows change; a rollback drops it with the other callbacks.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is advance for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(advance)


def advance(*, expected: int | None = None) -> bool:
    """Move the generation on and look up the next scheduled publication again (one statement, on the primary).

    With ``expected``, only if the number is still that one: of the workers that see a scheduled time come,
    one moves it. A cache or database that is away must not stop an editor's save: logged, not raised.
    """
    from articles.models import Article, ArticleStatus
    from newsroom.models import Generation

    now = timezone.now()
    # Published but not live: the scheduled articles (a small partial index, article_scheduled).
    scheduled = Article.objects.using(PRIMARY).filter(status=ArticleStatus.PUBLISHED, live=False)
    upcoming = scheduled.filter(published_at__gt=now).order_by("published_at").values_list("published_at", flat=True)
    rows = Generation.objects.using(PRIMARY).filter(pk=1)
    if expected is not None:
        rows = rows.filter(number=expected)
    try:
        # Those whose time has come go live: a write the counting triggers count.
        scheduled.filter(published_at__lte=now).refresh_live()
        moved = rows.update(number=F("number") + 1, next_publication=Subquery(upcoming[:1]), changed_at=now)
        if not moved and expected is None:  # a flushed database: the row is made again
            Generation.objects.using(PRIMARY).get_or_create(pk=1, defaults={"next_publication": upcoming.first()})
        newest = Generation.objects.using(PRIMARY).values_list("number", "next_publication").get(pk=1)
    except DatabaseError:
        logger.exception("page cache: could not move the generation on")
        _remember(None)
        return False
    forget_generation()  # this process sees its own change at once
    _remember(newest)
    return bool(moved)


def _remember(newest: tuple[int, dt.datetime | None] | None) -> None:
    """Keep the newest generation in the cache too: pages under it are served while the database is away.

    Two processes may write it in either order, and a restored database may number lower: a number lower
    than the one kept removes it (nothing served until the next change) rather than trust either.
    """
    try:
        kept = cache.get(NEWEST_KEY) if newest is not None else None
        if newest is None or (kept is not None and kept[0] > newest[0]):
            cache.delete(NEWEST_KEY)
        else:
            cache.set(NEWEST_KEY, newest, None)
    except Exception:
        logger.exception("page cache: could not keep the newest generation")


# -- readers: the generation of this request -------------------------------------------------------------------

#: {database alias: (time.monotonic() of the read, State)}: the generation each database last gave this process.
_recent: dict[str, tuple[float, State]] = {}


def forget_generation() -> None:
    """Read the generation afresh on the next request (after this process moved it, and between tests)."""
    _recent.clear()


def generation_state() -> State:
    """The generation as this process last read it from the request's database (``GENERATION_SECONDS`` ago at
    most, and not past a scheduled publication), else read afresh."""
    from newsroom.models import Generation

    alias = router.db_for_read(Generation)
    recent = _recent.get(alias)
    if recent is not None and time.monotonic() - recent[0] < GENERATION_SECONDS:
        state = recent[1]
        if state.next_publication is None or state.next_publication > timezone.now():
            return state
    state = _query_state(alias)
    if state.cacheable:
        _recent[alias] = (time.monotonic(), state)
    return state


def _query_state(alias: str) -> State:
    from newsroom.models import Generation

    # Plain SQL: the ORM's query building costs more than the read.
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                f"SELECT number, next_publication, dictionary FROM {Generation._meta.db_table} WHERE id = 1"
            )
            row = cursor.fetchone()
    except DatabaseError:  # away: the pages the last change left current are still served (none can be made)
        try:
            newest = cache.get(NEWEST_KEY)
        except Exception:
            newest = None
        if newest is None or (newest[1] is not None and newest[1] <= timezone.now()):
            return State(0, None, cacheable=False)
        return State(newest[0], newest[1])
    if row is None:
        return State(0, None, cacheable=False)
    number, upcoming, dictionary = row
    if upcoming is not None:
        # SQLite gives the time naive (or as text) in UTC, PostgreSQL aware.
        if isinstance(upcoming, str):
            upcoming = dt.datetime.fromisoformat(upcoming)
        if not timezone.is_aware(upcoming):
            upcoming = upcoming.replace(tzinfo=dt.UTC)
        if upcoming <= timezone.now():
            advance(expected=number)
            return State(number, upcoming, cacheable=False, dictionary=dictionary)
    return State(number, upcoming, dictionary=dictionary)


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module), before the session, auth and
    messages middleware run. The URL is resolved here, so the key keeps only the parameters the view reads; a
    miss is stored once every inner middleware has added its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, state = self._key(request)
        if key is None:
            return self.get_response(request)
        try:
            cached = cache.get(key)
        except Exception:  # the cache server is away: serve the page uncached
            logger.exception("page cache: unavailable")
            cached = None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        self._store(key, response, state.next_publication)
        return response

    def _key(self, request) -> tuple[str | None, State | None]:
        """The page's key (generation, scheme, host, path, the declared parameters in a fixed order) and the
        state it was read with; no key when the page is not to be cached."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None, None
        # None when the view declares no parameters, and so may read any: it is not cached.
        params = getattr(getattr(match.func, "view_class", match.func), "cache_params", None)
        if params is None:
            return None, None
        # Read even with the cache off or for editors: this is where a scheduled article's time is noticed.
        state = generation_state()
        if not state.cacheable or settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return None, None
        # A session or messages cookie: the user may be signed in or have messages waiting.
        if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)):
            return None, None
        kept = sorted((k, v) for k in params for v in request.GET.getlist(k))
        url = f"{request.scheme}://{request.get_host()}{request.path}?{kept}"
        return f"page:{state.number}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}", state

    def _store(self, key: str, response, upcoming: dt.datetime | None) -> None:
        timeout = settings.PAGE_CACHE_SECONDS
        if upcoming is not None:
            timeout = min(timeout, int((upcoming - timezone.now()).total_seconds()))
        control = response.get("Cache-Control", "")
        if timeout < 1 or response.status_code != 200 or response.streaming or response.cookies:
            return
        if "no-store" in control or "private" in control:
            return
        if callable(getattr(response, "render", None)):
            response.render()
        try:
            cache.set(key, response, timeout)
        except Exception:
            logger.exception("page cache: could not store a page")
            return
        response["X-Page-Cache"] = "miss"
