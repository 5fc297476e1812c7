"""Template helpers for the reader site: date-archive links, paging links that keep the filters, highlights."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from articles import search

register = template.Library()


@register.filter
def day_url(day: dt.date) -> str:
    """The date-archive page of a day: /2023/02/12/."""
    return reverse("articles:archive_day", kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"})


@register.filter
def month_url(day: dt.date) -> str:
    return reverse("articles:archive_month", kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}"})


@register.filter
def year_url(day_or_year) -> str:
    year = day_or_year if isinstance(day_or_year, int) else day_or_year.year
    return reverse("articles:archive_year", kwargs={"year": f"{year:04d}"})


@register.filter
def print_page_url(article) -> str:
    day = article.issue_date
    return reverse(
        "articles:print_page",
        kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}", "page": article.page_number},
    )


@register.simple_tag(takes_context=True)
def page_url(context, page: int) -> str:
    """?…&page=N: the current query string (the reader's filters) with another page number."""
    params = context["request"].GET.copy()
    params["page"] = page
    return f"?{params.urlencode()}"


@register.filter
def highlight(text: str, terms: list[str]) -> SafeString:
    return search.highlight(text or "", terms or [])


@register.filter
def excerpt(article, terms: list[str]) -> SafeString:
    return search.excerpt(f"{article.lead}\n{article.body}" if article.lead else article.body, terms or [])
