"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()
# What a worker loads to serve (settings, models, URL patterns) lives as long as it does: frozen, it is left
# out of the garbage collector's full passes, which otherwise walk it all every few hundred requests.
get_resolver().url_patterns  # noqa: B018 - loads the URLconf now
gc.freeze()
