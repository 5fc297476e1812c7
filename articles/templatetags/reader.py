"""Template helpers for the reader site: date-archive links, paging links that keep the filters, highlights."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import cards, search

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


@register.simple_tag(takes_context=True)
def article_cards(context, articles, level=2) -> SafeString:
    """The cards of ``articles`` (cached per article; highlighted, and not cached, on the search page)."""
    return cards.render_cards(articles, level=level or 2, terms=context.get("terms"))


class MemoizedNode(template.Node):
    def __init__(self, name: str, vary_on: list, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist

    def render(self, context) -> str:
        return self.nodelist.render(context)


@register.tag
def memoize(parser, token):
    """{% memoize "name" [value…] %}…{% endmemoize %}: the block rendered once per change to the site (a
    generation), for each set of values.

    Only for blocks that show the same to every reader for those values (an index of people, the days of a
    month); never for anything that depends on the request or the reader.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('{% memoize "name" [value…] %} starts with a quoted name')
    nodelist = parser.parse(("endmemoize",))
    parser.delete_first_token()
    return MemoizedNode(bits[1].strip("\"'"), [parser.compile_filter(b) for b in bits[2:]], nodelist)


# -- the indexes: hundreds of links, written in Python (as the cards are) ----------------------------------------
# The template loop cost about 0.1 ms a row; the organization index has some 800, the people index more.


def _item(url: str, text: str, before: str = "", after: str = "") -> str:
    return f'<li>{before}<a href="{escape(url)}">{escape(text)}</a>{after}</li>'


@register.simple_tag
def organization_items(organizations) -> SafeString:
    """The organization index's rows: a link, and how many articles name it."""
    return mark_safe("".join(  # noqa: S308 - _item escapes every value
        _item(o.get_absolute_url(), o.name, after=f' <span class="count">{o.article_count} 篇</span>' if o.article_count else "")
        for o in organizations
    ))


@register.simple_tag
def position_items(positions) -> SafeString:
    """The people index's rows for an organization: the title held, the person, until when."""
    rows = []
    for position in positions:
        end = position.end_date
        until = f' <span class="note">（至{end.year}年{end.month}月）</span>' if end else ""
        title = f'<span class="title">{escape(position.title)}</span> '
        rows.append(_item(position.person.get_absolute_url(), position.person.name, before=title, after=until))
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped


@register.simple_tag
def person_items(people, full: bool = False) -> SafeString:
    """Links to people: by name, or with ``full`` as the person prints (name and disambiguator)."""
    return mark_safe("".join(_item(p.get_absolute_url(), str(p) if full else p.name) for p in people))  # noqa: S308
