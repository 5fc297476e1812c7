"""A server process made ready before its first request (newsroom.startup)."""

from __future__ import annotations

import gc

import pytest

from newsroom import startup


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_templates_compiled_dictionary_loaded_and_everything_frozen(unfrozen, monkeypatch):
    from articles import search

    loaded = []
    monkeypatch.setattr(search, "words", lambda text: loaded.append(text) or [])
    startup.ready_to_serve()
    assert loaded and gc.get_freeze_count() > 0
    names = startup.reader_templates()
    assert "base.html" in names and "articles/home.html" in names
    assert not any(name.startswith("admin/") for name in names)


def test_a_database_away_at_start_up_does_not_stop_the_server(unfrozen, monkeypatch, caplog):
    from articles import search

    def away(text):
        raise ConnectionError("no database")

    monkeypatch.setattr(search, "words", away)
    startup.ready_to_serve()  # no exception
    assert "search dictionary was not loaded" in caplog.text
