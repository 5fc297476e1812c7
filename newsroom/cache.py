"""Whole reader pages cached for anonymous readers, shared by every process and never stale after a change.

Every page is filed under the site's *generation*, a number in the database (``newsroom.models.Generation``)
that every process reads once per request. A change readers could see calls :func:`pages_changed` (the
signals of ``articles.signals`` do on every save, delete and relation change of a reader-visible model), and
the number moves on when that change commits: from the next request on, every worker of every server asks for
pages under the new number, and the old ones are never served again. Nothing has to know which page showed what.

- Scheduled articles: the row also holds the time of the next scheduled publication. The first reader request
  after it (cache on or off) sets the article live, which the kept counts count, moves the number on (one
  conditional update on the primary) and is served uncached.
- Replicas: the generation is read, like everything else of a request, from the one database the request reads
  (``newsroom.routers`` pins a request to one replica), and it moves on only after the change has committed.
  A lagging replica therefore files what it shows under the older number it has replayed, never a newer one.
- Each process trusts the number it last read for ``GENERATION_SECONDS``, so a cached page costs no query; a
  change made by the process itself is seen at once, one made elsewhere within that time.
- The key holds the scheme, host, path and only the query parameters the view declares
  (``cache_params``, see :func:`cache_params`); a view that declares none is never cached.
- The store is Django's default cache (settings: files under ``var/cache`` on one machine, Redis with
  ``REDIS_URL``): shared by every worker, bounded (``MAX_ENTRIES``), outside the workers' memory.

Only GET requests without a session or messages cookie (anonymous readers with no messages) are served and
stored, answered before the session, auth and messages middleware run; only 200 responses that set no
cookie and are not private are stored, for at most ``NEWSROOM_PAGE_CACHE_SECONDS`` and never past the next
scheduled publication.
"""

from __future__ import annotations

import contextvars
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

logger = logging.getLogger(__name__)

PRIMARY = "default"
#: How long a process reuses the generation it read, per database: readers everywhere see a change within this
#: (the promise is 2 s), and a cached page is served without a query.
GENERATION_SECONDS = 1.0
#: The newest generation as the last change left it: used only while the database cannot be read.
NEWEST_KEY = "page:newest"


@dataclass(frozen=True)
class State:
    """The generation as one request read it. ``cacheable`` is False when a scheduled time has come and the
    number is moving on (or the row could not be read): that request is neither served from nor stored in the
    cache."""

    number: int
    next_publication: dt.datetime | None
    cacheable: bool = True
    #: The people dictionary's version (``Generation.dictionary``); None when the row could not be read.
    dictionary: int | None = None


# -- writers: announce a change ------------------------------------------------------------------------------


def pages_changed() -> None:
    """A change readers could see: the generation moves on once it commits (at once in autocommit).

    Inside a transaction one move at commit is enough, however many rows change; a rolled-back transaction
    drops its callbacks, and with them this one.
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
    """The newest generation, also kept in the cache: while the database is away, pages cached under it are
    still served (and no other: a change always writes it here, or removes it). Two processes that move it
    at once may write in either order, and a restored database may number lower: a number lower than the one
    kept removes it (nothing is served while the database is away until the next change) rather than trust
    either."""
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

_request_state: contextvars.ContextVar[State | None] = contextvars.ContextVar("newsroom_page_state", default=None)


def forget_generation() -> None:
    """Read the generation afresh on the next request (after this process moved it, and between tests)."""
    _recent.clear()


def current_state() -> State:
    """The generation, read once per request (from the database the request reads): :func:`generation_state`."""
    state = _request_state.get()
    if state is None:
        state = generation_state()
        _request_state.set(state)
    return state


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

    # Plain SQL, not the ORM (whose query building costs more than the read), on the database the router gives
    # this request.
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number, next_publication, dictionary FROM {Generation._meta.db_table} WHERE id = 1"
            )
            row = cursor.fetchone()
    except DatabaseError:
        return _state_while_the_database_is_away()
    if row is None:
        return State(0, None, cacheable=False)
    number, upcoming, dictionary = row
    upcoming = _aware(upcoming) if upcoming is not None else None
    if upcoming is not None and upcoming <= timezone.now():
        advance(expected=number)
        return State(number, upcoming, cacheable=False, dictionary=dictionary)
    return State(number, upcoming, dictionary=dictionary)


def _aware(value) -> dt.datetime:
    """A time read by plain SQL: SQLite gives it naive (or as text) in UTC, PostgreSQL aware."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _state_while_the_database_is_away() -> State:
    """Pages the last change left current can still be served; nothing is stored (no page can be made)."""
    try:
        newest = cache.get(NEWEST_KEY)
    except Exception:
        newest = None
    if newest is None or (newest[1] is not None and newest[1] <= timezone.now()):
        return State(0, None, cacheable=False)
    return State(newest[0], newest[1])


def cache_params(view_func) -> tuple[str, ...] | None:
    """The query parameters a view reads (``cache_params`` on its class, function or instance); None when it
    declares none, and so may read anything: such a view is not cached."""
    owner = getattr(view_func, "view_class", view_func)
    return getattr(owner, "cache_params", None)


def page_key(request, number: int, params: tuple[str, ...]) -> str:
    """The page's key: generation, scheme, host, path, and the declared parameters in a fixed order."""
    kept = sorted((k, v) for k in params for v in request.GET.getlist(k))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{kept}"
    return f"page:{number}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def _anonymous_without_messages(request) -> bool:
    """A GET with no session and no messages cookie: its user is anonymous and has no messages waiting,
    known before the session, auth and messages middleware have run."""
    return request.method == "GET" and not any(
        name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    )


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in control
        and "private" not in control
    )


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers (see the module), before the session, auth and
    messages middleware run. The URL is resolved here, so the key keeps only the parameters the view reads; a
    miss is stored once every inner middleware has added its headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_state.set(None)
        try:
            key = self._key(request)
            if key is not None:
                cached = self._cached(key)
                if cached is not None:
                    return cached
            response = self.get_response(request)
            if key is not None:
                self._store(key, response)
            return response
        finally:
            _request_state.reset(token)

    def _key(self, request) -> str | None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        params = cache_params(match.func)
        if params is None:
            return None
        # Read even with the cache off or for editors: this is where a scheduled article's time is noticed (and
        # it goes live).
        state = current_state()
        if not state.cacheable or settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous_without_messages(request):
            return None
        return page_key(request, state.number, params)

    def _cached(self, key: str):
        try:
            cached = cache.get(key)
        except Exception:  # the cache server is away: serve the page uncached
            logger.exception("page cache: unavailable")
            return None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
        return cached

    def _store(self, key: str, response) -> None:
        timeout = settings.PAGE_CACHE_SECONDS
        upcoming = current_state().next_publication
        if upcoming is not None:
            timeout = min(timeout, int((upcoming - timezone.now()) / dt.timedelta(seconds=1)))
        if timeout < 1 or not _cacheable_response(response):
            return
        if callable(getattr(response, "render", None)):
            response.render()
        try:
            cache.set(key, response, timeout)
        except Exception:
            logger.exception("page cache: could not store a page")
            return
        response["X-Page-Cache"] = "miss"
