"""Reads from PostgreSQL streaming replicas, for readers' pages only.

``DATABASE_REPLICA_URLS`` names the replicas (aliases ``replica1``, ``replica2`` …, see settings). Everything
uses the primary (``default``) unless :class:`ReplicaReadsMiddleware` marked the current request as a reader's
page view: a GET or HEAD outside ``/admin/``. So writes, the admin (an editor must see what they just saved),
management commands such as ``import_page`` (which read and then write) and the tests all stay on the primary;
only anonymous page views, which tolerate a replica's second of lag, are spread over the replicas.

A request reads one replica, chosen when it starts: the page cache's generation (``newsroom.cache``) and the
rows of the page then come from the same copy, so a page is never filed under a newer generation than the
copy it was read from had replayed.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
#: The replica this request reads, or None: the primary.
_replica: ContextVar[str | None] = ContextVar("replica", default=None)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return _replica.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, several copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Let a reader's GET/HEAD read from a replica; anything else reads the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        allowed = request.method in ("GET", "HEAD") and not request.path.startswith(self.admin_prefix)
        choices = replicas() if allowed else []
        token = _replica.set(random.choice(choices) if choices else None)
        try:
            return self.get_response(request)
        finally:
            _replica.reset(token)
