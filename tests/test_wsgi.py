"""The WSGI entry point gunicorn loads (newsroom/wsgi.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_worker_freezes_what_it_loaded_out_of_the_garbage_collectors_passes():
    code = (
        "import gc; before = gc.get_freeze_count(); import newsroom.wsgi as w; "
        "from django.urls import get_resolver; "
        "print(before, gc.get_freeze_count() > 10000, callable(w.application), len(get_resolver().url_patterns) > 0)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True", "True", "True"]
