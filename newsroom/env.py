"""Reading settings from environment variables: DATABASE_URL, booleans, lists.

A few lines of our own rather than a dependency: the only URL schemes we support are sqlite and postgres.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


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


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn ``sqlite:///var/db.sqlite3`` or ``postgres://user:pass@host:port/db`` into a DATABASES entry.

    A relative SQLite path is taken from ``base_dir``; ``sqlite:////abs/path`` is absolute. A PostgreSQL host
    may be a Unix socket directory, written URL-encoded (``postgres://u@%2Ftmp%2Fpg/db``) or as ``?host=/tmp/pg``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(url[len("sqlite://") :])
        if path in ("", "/"):
            raise ImproperlyConfiguredEnv("DATABASE_URL sqlite:// needs a file path, e.g. sqlite:///var/newsroom.sqlite3")
        if path == "/:memory:":
            name = ":memory:"
        elif path.startswith("//"):
            name = path[1:]
        else:
            name = str(base_dir / path.lstrip("/"))
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name}
    if scheme in ("postgres", "postgresql", "pgsql"):
        options = dict(parse_qsl(parts.query))
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfiguredEnv("DATABASE_URL for PostgreSQL needs a database name: postgres://user@host/db")
        host = options.pop("host", None) or unquote(parts.hostname or "")
        if parts.netloc and "%2f" in parts.netloc.lower():
            # urlsplit lower-cases and mangles socket paths; take the raw host part instead.
            host = unquote(parts.netloc.rsplit("@", 1)[-1].split(":")[0])
        entry = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": host,
            "PORT": str(parts.port or options.pop("port", "") or ""),
        }
        if options:
            entry["OPTIONS"] = options
        return entry
    raise ImproperlyConfiguredEnv(f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:// or postgres://")
