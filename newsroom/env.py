"""Reading settings from environment variables: DATABASE_URL, booleans, lists.

Database URLs are parsed by dj-database-url; :func:`parse_database_url` adds what our settings expect of it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}
SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


class ImproperlyConfiguredEnv(ValueError):
    """An environment variable holds something we cannot use."""


def env_bool(environ, name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def env_list(environ, name: str, default: list[str]) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_database_url(url: str, *, base_dir: Path, name: str = "DATABASE_URL", **options) -> dict:
    """A DATABASES entry for ``sqlite:///var/db.sqlite3`` or ``postgres://user:pass@host:port/db``, from
    ``dj_database_url.parse(url, **options)`` with three differences our settings rely on:

    - a relative SQLite path is taken from ``base_dir`` (not the working directory); ``sqlite:////abs/path`` is
      absolute, and ``sqlite://`` without a path is refused rather than an in-memory database;
    - a PostgreSQL socket directory given as ``?host=/run/postgresql`` (and ``?port=``) becomes HOST (PORT),
      as with ``postgres://u@%2Frun%2Fpostgresql/db``; PORT is a string;
    - only SQLite and PostgreSQL are accepted, and a URL we cannot use raises :class:`ImproperlyConfiguredEnv`
      naming the variable (``name``) but not the URL, which may hold a password.
    """
    try:
        entry = dict(dj_database_url.parse(url, **options))
    except dj_database_url.UnknownSchemeError as exc:
        raise ImproperlyConfiguredEnv(f"{name}: scheme {exc.scheme!r} is not supported: use sqlite:// or postgres://") from None
    except ValueError as exc:  # dj_database_url.ParseError: a port that is not a number, a stray character
        raise ImproperlyConfiguredEnv(f"{name} is not a valid database URL: {exc}") from None
    if entry["ENGINE"] == SQLITE:
        if urlsplit(url).path in ("", "/"):
            raise ImproperlyConfiguredEnv(f"{name} sqlite:// needs a file path, e.g. sqlite:///var/newsroom.sqlite3")
        if entry["NAME"] != ":memory:":
            entry["NAME"] = str(base_dir / entry["NAME"])  # an absolute NAME stays as it is
    elif entry["ENGINE"] == POSTGRESQL:
        if not entry["NAME"]:
            raise ImproperlyConfiguredEnv(f"{name} for PostgreSQL needs a database name: postgres://user@host/db")
        query = entry.get("OPTIONS", {})
        entry["HOST"] = str(query.pop("host", entry["HOST"]))
        entry["PORT"] = str(query.pop("port", entry["PORT"]))
        if not query:
            entry.pop("OPTIONS", None)
    else:
        scheme = urlsplit(url).scheme
        raise ImproperlyConfiguredEnv(f"{name}: scheme {scheme!r} is not supported: use sqlite:// or postgres://")
    return entry
