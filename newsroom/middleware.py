"""Site-wide middleware: a 400 for a NUL character in a request, well-formed XML whatever the text holds,
and a 503 page while the database is away.

Security headers come from libraries: django-csp's ``CSPMiddleware`` (Django 5.2 has no CSP), Django's
``SecurityMiddleware`` (``X-Content-Type-Options``, ``Referrer-Policy``, COOP, HSTS) and
``XFrameOptionsMiddleware``.
"""

from __future__ import annotations

import logging
import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("newsroom.availability")

RETRY_AFTER_SECONDS = 30
# SQLSTATE classes of a server that is away or full: 08 connection exception, 57P admin/crash shutdown and
# "cannot connect now" (starting up, recovering), 53 insufficient resources (too many connections).
_UNAVAILABLE_SQLSTATES = ("08", "57P", "53")
_UNAVAILABLE_SQLITE = ("database is locked", "unable to open database", "disk i/o error")


def database_unavailable(exc: BaseException | None) -> bool:
    """Is ``exc`` the database being away (a 503), rather than a bug such as a missing table (a 500)?"""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if type(cause).__module__.startswith("sqlite3"):
        return any(text in str(cause).lower() for text in _UNAVAILABLE_SQLITE)
    # psycopg: no SQLSTATE when the server cannot be reached or the connection broke
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(_UNAVAILABLE_SQLSTATES)


# Everything below U+0020 except tab, newline and carriage return; U+FFFE/U+FFFF are not characters either.
XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_FORBIDDEN_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow."""
    return XML_FORBIDDEN_RE.sub("", text)


def has_nul(request) -> bool:
    """Whether the path, a GET parameter or a POST form field (name or value; not an uploaded file) holds NUL."""
    if "\x00" in request.path:
        return True
    for params in (request.GET, request.POST):
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


class NulRejectingMiddleware:
    """The Chinese 400 page for a request with NUL (:func:`has_nul`), before any view runs: PostgreSQL refuses
    NUL in text, so every query given one would fail with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_nul(request):
            return self.get_response(request)
        context = {"message": "网址或表单中含有不允许的空字符（NUL），请检查后再试。"}
        response = HttpResponse(render_to_string("400.html", context, request=request), status=400)
        response["Cache-Control"] = "no-store"
        return response


class XmlSafeMiddleware:
    """Drops the C0 control characters XML 1.0 forbids (a vertical tab left by OCR in a title) from feeds and
    the sitemap: a feed reader would reject the whole document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "xml" in response.get("Content-Type", "") and not response.streaming:
            # UTF-8: none of these byte patterns can occur inside another character's encoding.
            cleaned = XML_FORBIDDEN_BYTES_RE.sub(b"", response.content)
            if len(cleaned) != len(response.content):
                response.content = cleaned
        return response


def unavailable_response(request):
    """The Chinese 503 page with ``Retry-After``. It names no model and runs no query: the database is what is
    missing."""
    html = render_to_string("503.html", {"site_name": settings.SITE_NAME, "retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """The 503 page for ``OperationalError``/``InterfaceError`` (server down, restarting, out of connections).
    Nothing is kept: Django drops the broken connection, so the site recovers by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            logger.error("database unavailable on %s: %s", request.path, exception)
            return unavailable_response(request)
        return None


def server_error(request):
    """``handler500``: the 503 page for a database error raised outside a view (in a middleware: the session,
    the user), Django's 500 page for anything else."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request)
