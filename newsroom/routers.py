"""Reads from PostgreSQL streaming replicas, for readers' pages only.

``DATABASE_REPLICA_URLS`` names the replicas (aliases ``replica1``, ``replica2`` …, see settings). Everything
uses the primary (``default``) unless :class:`ReplicaReadsMiddleware` marked the current request as a reader's
page view: a GET or HEAD outside ``/admin/``. So writes, the admin (an editor must see what they just saved),
management commands such as ``import_page`` (which read and then write) and the tests all stay on the primary;
only anonymous page views, which tolerate a replica's second of lag, are spread over the replicas.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if _replica_reads.get() and choices:
            return random.choice(choices)
        return PRIMARY

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
        token = _replica_reads.set(allowed)
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)
