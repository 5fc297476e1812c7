"""The settings module, imported fresh under different environments in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.env import ImproperlyConfiguredEnv, parse_database_url

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
    )


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
    assert parse_database_url(url, base_dir=Path("/base")) == expected


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite://", "postgres://u@h/"])
def test_parse_database_url_refuses_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfiguredEnv):
        parse_database_url(url, base_dir=Path("/base"))
