"""Faults: an import killed with SIGKILL half-way leaves nothing behind; while the database is away readers get
the Chinese 503 page (not a traceback), and the site recovers by itself when the database is back."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import OperationalError, connection

from tests import pg_cluster
from tests.reader_factories import make_reader_seed

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["articles_article", "articles_credit", "articles_mention", "articles_sourcepage", "people_person",
          "people_organization", "people_position"]


def clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(extra)
    return env


def manage(env, *args, timeout=300) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


# -- an import killed half-way ------------------------------------------------------------------------------


class Database:
    """A fresh, migrated database outside the test run's: a SQLite file, or a new database on the test run's
    PostgreSQL server."""

    def __init__(self, tmp_path: Path):
        self.pg = connection.vendor == "postgresql"
        if self.pg:
            self.name = f"newsroom_kill_{os.getpid()}"
            settings = connection.settings_dict
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            query = f"host={settings['HOST']}&port={settings['PORT'] or 5432}"
            self.url = f"postgres://{settings['USER']}@/{self.name}?{query}"
        else:
            self.path = tmp_path / "kill.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def counts(self) -> dict[str, int]:
        if self.pg:
            import psycopg

            parts = urlsplit(self.url)
            options = dict(parse_qsl(parts.query))
            with psycopg.connect(dbname=self.name, user=parts.username, host=options["host"], port=options["port"]) as db:
                return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        with sqlite3.connect(self.path) as db:  # opening it rolls back what the killed process left in the journal
            return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def drop(self) -> None:
        if self.pg:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_import_killed_while_writing_leaves_nothing(tmp_path):
    pages = tmp_path / "pages"
    subprocess.run([sys.executable, "bench/generate_pages.py", str(pages), "--pages", "200", "--seed", "7"],
                   cwd=ROOT, check=True, capture_output=True)
    database = Database(tmp_path)
    try:
        env = clean_env(DATABASE_URL=database.url)
        manage(env, "migrate", "--noinput")
        before = database.counts()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_page", str(pages), "--year", "2023", "--progress"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        seen = b""
        deadline = time.monotonic() + 240
        while "写入".encode() not in seen and time.monotonic() < deadline:
            chunk = os.read(process.stderr.fileno(), 256)
            if not chunk:
                break
            seen += chunk
        assert "写入".encode() in seen, seen.decode(errors="replace")[-2000:]
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stderr.close()
        assert process.returncode == -signal.SIGKILL
        assert database.counts() == before
        assert before["articles_article"] == 0
    finally:
        database.drop()


# -- the database away ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_database_errors_give_the_chinese_503_page(client):
    make_reader_seed()

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "网站暂时无法访问" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert client.get("/").status_code == 200  # the next request is served again


@pytest.mark.django_db
def test_a_missing_table_is_a_bug_not_an_outage(client):
    """Only a database that is away gives a 503: an error in our SQL stays a 500, so it gets fixed."""
    from newsroom.middleware import database_unavailable

    with pytest.raises(Exception) as info, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    assert not database_unavailable(info.value)


REAL_OUTAGE = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from pathlib import Path
    from wsgiref.util import setup_testing_defaults
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test.utils import override_settings
    from tests.pg_cluster import Server

    call_command("migrate", verbosity=0)
    server = Server(Path(sys.argv[1]), "primary", 5433)
    app = WSGIHandler()  # as gunicorn calls it: request_started/finished manage the connection (the test Client does not)

    def get(path):
        environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
        setup_testing_defaults(environ)
        status = {}
        body = app(environ, lambda code, headers: status.update(code=int(code.split()[0]), headers=dict(headers)))
        content = b"".join(body)
        body.close()
        return status["code"], status["headers"].get("Retry-After"), "网站暂时无法访问" in content.decode()

    # production settings, but static files as they are (no collectstatic manifest in a test)
    with override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        seen = {"up": get("/")[0]}
        server.stop("fast")
        seen["down"] = list(get("/archive/"))
        seen["down_again"] = get("/articles/")[0]
        seen["cached_page_while_down"] = get("/")[0]
        server.start()
        seen["back"] = [get("/archive/")[0], get("/articles/")[0]]
    print(json.dumps(seen))
    """
)


@pg_cluster.needs_own_servers
def test_site_recovers_by_itself_when_postgresql_comes_back():
    with pg_cluster.temp_root() as root:
        run_outage(root)


def run_outage(root: Path) -> None:
    server = pg_cluster.Server(root, "primary", 5433)
    server.initdb()
    server.start()
    try:
        server.createdb()
        # production settings (DEBUG off: the 500 handler too), persistent connections checked before reuse
        env = clean_env(
            DATABASE_URL=server.url, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="testserver",
            DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_COOKIES="0", DATABASE_CONN_MAX_AGE="600",
            DJANGO_SETTINGS_MODULE="newsroom.settings", PYTHONPATH=str(ROOT), NEWSROOM_PAGE_CACHE_DIR=str(root / "cache"),
        )
        result = subprocess.run([sys.executable, "-c", REAL_OUTAGE, str(root)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        seen = json.loads(result.stdout.strip().splitlines()[-1])
        assert seen == {"up": 200, "down": [503, "30", True], "down_again": 503, "cached_page_while_down": 200,
                        "back": [200, 200]}, result.stderr[-3000:]
    finally:
        server.stop("immediate")
