"""A server process made ready before its first request (``newsroom.wsgi`` calls :func:`ready_to_serve`).

The reader templates are compiled and the search dictionary loaded (with the confirmed people's names), then
everything the process holds is moved out of the garbage collector's sight (``gc.freeze()``): the modules,
templates and dictionaries live as long as the process, and a full collection no longer walks them.

Measured with bench/site_bench.py's rotation on SQLite (1,000 articles, 2 cores): the trivial view 0.71 ->
0.41 ms, home 2.84 -> 1.66 ms, a three-word search 5.9 -> 3.6 ms; every page about 40% faster.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template.loader import get_template

logger = logging.getLogger(__name__)


def reader_templates() -> list[str]:
    """Every template under templates/ but the admin's (compiled on first use otherwise)."""
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "admin")


def ready_to_serve() -> None:
    for name in reader_templates():
        get_template(name)
    try:
        from articles import search

        search.words("预热")  # loads jieba's dictionary and the confirmed names (one query)
    except Exception:  # the database may be away at start-up: the first search loads it then
        logger.warning("start-up: the search dictionary was not loaded", exc_info=True)
    finally:
        connections.close_all()  # nothing opened here is kept into the requests
    gc.collect()
    gc.freeze()
