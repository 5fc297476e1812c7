import os

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from articles.search import analysis
from newsroom import cache as page_cache

# Property tests: CI and `make test` run the same examples every time ("ci": derandomized, no example database);
# `make fuzz` explores fresh ones ("fuzz"), and what it finds becomes an @example in the test.
hypothesis_settings.register_profile("ci", max_examples=60, derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", max_examples=3000, derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def staff_client(client, django_user_model):
    """A logged-in superuser: the editors' admin as its owner sees it. Logged in without a password (none is
    set: hashing one costs half a second, on every test that uses this)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", None)
    client.force_login(user)
    return client


#: The tests' cache: local memory, one per test process (the site's own is shared files or Redis).
TEST_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(scope="session")
def _test_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, _test_media_root):
    """Uploaded photos and their renditions go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = str(_test_media_root)


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty local-memory cache and without the page cache: tests that move time
    with ``QuerySet.update()`` (no signals) would see a page cached before, or a generation read in a
    transaction the last test rolled back. tests/test_cache.py turns it on."""
    settings.CACHES = TEST_CACHES
    cache.clear()
    page_cache.forget_generation()
    analysis.reload_names()
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _check_prepared_queries(settings):
    """Every prepared reader query (newsroom.prepared) is also built the ordinary way and must compile alike."""
    settings.NEWSROOM_CHECK_PREPARED = True
