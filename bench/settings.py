"""Settings for the load test (bench/loadtest.py): the site's own settings, plus the trivial view
``/bench/baseline/`` (bench/bench_urls.py) behind the same middleware, so a run has its own baseline.

    DJANGO_SETTINGS_MODULE=bench.settings scripts/serve

``LOADTEST_CACHE_PREFIX``, when set, prefixes every cache key: each server the load test starts gets its own,
so a shared cache (a file cache in var/, Redis) never answers with a page of another corpus or another run,
whichever backend the settings chose. Nothing else differs from production.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES

ROOT_URLCONF = "bench.bench_urls"

if os.environ.get("LOADTEST_CACHE_PREFIX"):
    for _cache in CACHES.values():
        _cache["KEY_PREFIX"] = os.environ["LOADTEST_CACHE_PREFIX"]
