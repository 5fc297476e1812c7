"""The settings module, imported fresh under different environments in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.env import ImproperlyConfiguredEnv, parse_database_url

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env):
    """``code`` in a fresh Python with the site's settings, under ``env`` and none of this one's DJANGO_ and
    DATABASE_ variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
    )


def run_settings(**env):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    return run_python(code, **env)


def test_development_defaults():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['127.0.0.1', 'localhost', '[::1]']"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_with_real_settings_starts():
    result = run_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn", DJANGO_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['news.example.cn']"


def test_bad_debug_value_is_refused():
    result = run_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///var/x.sqlite3", {"ENGINE": "django.db.backends.sqlite3", "NAME": "/base/var/x.sqlite3"}),
        ("sqlite:////abs/x.db", {"ENGINE": "django.db.backends.sqlite3", "NAME": "/abs/x.db"}),
        (
            "postgres://u:p%40ss@db.example:6543/news",
            {"ENGINE": "django.db.backends.postgresql", "NAME": "news", "USER": "u", "PASSWORD": "p@ss",
             "HOST": "db.example", "PORT": "6543"},
        ),
        (
            "postgresql://u@/news?host=/tmp/pg&port=5432",
            {"ENGINE": "django.db.backends.postgresql", "NAME": "news", "USER": "u", "PASSWORD": "",
             "HOST": "/tmp/pg", "PORT": "5432"},
        ),
        (
            "postgres://u@%2Fvar%2Frun%2Fpostgresql/news",
            {"ENGINE": "django.db.backends.postgresql", "NAME": "news", "USER": "u", "PASSWORD": "",
             "HOST": "/var/run/postgresql", "PORT": ""},
        ),
    ],
)
def test_parse_database_url(url, expected):
    entry = parse_database_url(url, base_dir=Path("/base"))
    assert {key: entry[key] for key in expected} == expected
    assert "OPTIONS" not in entry  # ?host= and ?port= went to HOST and PORT


def test_parse_database_url_keeps_other_query_options_and_passes_dj_database_url_arguments():
    entry = parse_database_url("postgres://u@h/news?sslmode=require", base_dir=Path("/base"), conn_max_age=600,
                               conn_health_checks=True, test_options={"MIRROR": "default"})
    assert entry["OPTIONS"] == {"sslmode": "require"}
    assert (entry["CONN_MAX_AGE"], entry["CONN_HEALTH_CHECKS"], entry["TEST"]) == (600, True, {"MIRROR": "default"})


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "scheme 'mysql' is not supported"),
        ("sqlite://", "needs a file path"),
        ("postgres://u@h/", "needs a database name"),
        ("postgres://u:secret@h:port/db", "not a valid database URL"),
        ("db.example/news", "scheme '' is not supported"),
    ],
)
def test_parse_database_url_refuses_what_it_cannot_use(url, message):
    with pytest.raises(ImproperlyConfiguredEnv, match=message) as error:
        parse_database_url(url, base_dir=Path("/base"))
    assert "secret" not in str(error.value)


def test_a_bad_database_url_stops_the_settings_with_its_name():
    result = run_settings(DATABASE_URL="mysql://u@h/db")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL: scheme 'mysql' is not supported" in result.stderr
    result = run_settings(DATABASE_REPLICA_URLS="postgres://u@h/")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_REPLICA_URLS for PostgreSQL needs a database name" in result.stderr


def test_database_settings_from_urls():
    code = (
        "import django; django.setup(); from django.conf import settings as s; d = s.DATABASES; "
        "print(d['default']['NAME'], d['default']['CONN_MAX_AGE'], d['default']['CONN_HEALTH_CHECKS'], "
        "d['replica1']['HOST'], d['replica1']['TEST']['MIRROR'], *s.DATABASE_ROUTERS)"
    )
    result = run_python(code, DATABASE_CONN_MAX_AGE="60", DATABASE_REPLICA_URLS="postgres://u@replica.internal/news")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(ROOT / "var" / "newsroom.sqlite3"), "60", "True", "replica.internal",
                                     "default", "newsroom.routers.PrimaryReplicaRouter"]


def _database_options(**extra):
    code = (
        "import django; django.setup(); from django.conf import settings as s; d = s.DATABASES; "
        "print([(a, e.get('OPTIONS', {}).get('server_side_binding'), e.get('OPTIONS', {}).get('prepare_threshold'))"
        " for a, e in sorted(d.items())])"
    )
    result = run_python(code, **extra)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_connections_prepare_their_repeated_queries_unless_told_not_to():
    urls = {"DATABASE_URL": "postgres://u@db.internal/news", "DATABASE_REPLICA_URLS": "postgres://u@replica.internal/news"}
    assert _database_options(**urls) == "[('default', True, 5), ('replica1', True, 5)]"
    assert _database_options(**urls, DATABASE_PREPARED_STATEMENTS="0") == (
        "[('default', None, None), ('replica1', None, None)]"
    )
    assert _database_options() == "[('default', None, None)]"  # SQLite


@pytest.mark.django_db
def test_a_query_run_five_times_on_a_postgresql_connection_becomes_a_prepared_statement():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    sql = "SELECT count(*) FROM articles_article WHERE id > %s"
    with connection.cursor() as cursor:
        for n in range(6):
            cursor.execute(sql, [n])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%articles_article WHERE id > $1%"])
        assert cursor.fetchone()[0] == 1
