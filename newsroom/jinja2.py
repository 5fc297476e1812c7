"""The reader site's Jinja2 environment (``TEMPLATES`` in settings, templates in ``templates/jinja2/``):
Django's ``url()`` and ``static()``, archive and print page links, dates as the paper prints them, search
marks. Autoescaping is on and there is no i18n extension: the site is Chinese only."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jinja2
from django.conf import settings
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils.safestring import SafeString

from articles import photos, search
from articles.search.index import body_text
from newsroom.links import day_link
from newsroom.text import cn_date, cn_month


@lru_cache(maxsize=64)
def _static(path: str, static_url: str) -> str:
    return static(path)


def static_url(path: str) -> str:
    """``static("css/site.css")``, looked up once per process: a page names the same few files every time."""
    return _static(path, settings.STATIC_URL)


def url(name: str, *args, **kwargs) -> str:
    """``url("articles:topic_feed", topic.slug)``: Django's ``reverse``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def month_url(day: dt.date) -> str:
    return reverse("articles:archive_month", kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}"})


def year_url(day_or_year: dt.date | int) -> str:
    year = day_or_year if isinstance(day_or_year, int) else day_or_year.year
    return reverse("articles:archive_year", kwargs={"year": f"{year:04d}"})


def print_page_url(article) -> str:
    day = article.issue_date
    date = {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"}
    return reverse("articles:print_page", kwargs={**date, "number": article.page_number})


@jinja2.pass_context
def page_url(context, page: int) -> str:
    """?…&page=N: the current query string (the reader's filters) with another page number."""
    params = context["request"].GET.copy()
    params["page"] = page
    return f"?{params.urlencode()}"


def excerpt(article, terms: list[str]) -> SafeString:
    """About 120 characters of the article around the first of the reader's words, highlighted."""
    return search.excerpt(body_text(article), terms)


def truncatechars(text: str, length: int) -> str:
    """At most ``length`` characters, the cut marked with "…" (as Django's ``truncatechars`` for text without
    combining marks, which Django's walks character by character: a fifth of a list's render)."""
    return text if len(text) <= length else text[: length - 1] + "…"


class Template(jinja2.Template):
    """Tells Django's test client what was rendered, as Django's own engine does (``response.context``); the
    signal has no receiver outside tests."""

    def render(self, *args, **kwargs) -> str:
        context = dict(*args, **kwargs)
        template_rendered.send(sender=self, template=self, context=context)
        return super().render(context)


def environment(**options) -> jinja2.Environment:
    env = jinja2.Environment(**options)
    env.template_class = Template
    env.globals.update(url=url, static=static_url, page_url=page_url)
    env.filters.update(
        day_url=day_link,  # on every card: a pattern filled in, not a reverse
        month_url=month_url,
        year_url=year_url,
        print_page_url=print_page_url,
        cn_date=cn_date,
        cn_month=cn_month,
        highlight=search.highlight,  # the cards mark the words only when there are some
        excerpt=excerpt,
        truncatechars=truncatechars,
        picture=photos.picture,  # a photo's renditions as URLs (srcset, size), None while it has none
    )
    return env
