"""The WSGI entry point gunicorn loads (newsroom/wsgi.py)."""

from tests.test_settings import run_python


def test_a_worker_freezes_what_it_loaded_out_of_the_garbage_collectors_passes():
    result = run_python(
        "import gc; before = gc.get_freeze_count(); import newsroom.wsgi as w; "
        "from django.urls import get_resolver; "
        "print(before, gc.get_freeze_count() > 10000, callable(w.application), len(get_resolver().url_patterns) > 0)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True", "True", "True"]
