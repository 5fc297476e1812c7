"""WSGI entry point: the application, made ready before its first request (newsroom.startup)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()

from newsroom.startup import ready_to_serve  # noqa: E402 - needs the apps loaded above

ready_to_serve()
