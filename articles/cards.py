"""Article cards, the lists' building block, rendered once per change of their article.

A card shows only its article's own fields (title, kicker, date, print page, summary) and, on a person's page,
that person's title or credit in it. So a card is kept under the article's primary key and ``updated_at``
(plus those extras and the heading level): publishing another article, or moving to page 2, does not render it
again. A search result's card highlights the reader's words, so it is kept per article and set of words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from newsroom.cache import cached_fragments

from .models import Article

CARD_TEMPLATE = "includes/article_card.html"
#: Part of every card's key: change it when the card template changes, so no card of the old shape is served.
CARD_VERSION = 1


def card_key(article: Article, level: int) -> str:
    extras = f"{getattr(article, 'title_held', '')}\x00{getattr(article, 'credit_role', '')}"
    digest = hashlib.md5(extras.encode(), usedforsecurity=False).hexdigest()[:12]
    stamp = article.updated_at.timestamp() if article.updated_at else 0
    return f"card:{CARD_VERSION}:{article.pk}:{stamp}:{level}:{digest}"


def render_cards(articles: Iterable[Article], *, level: int = 2, terms: list[str] | None = None) -> SafeString:
    """The cards of ``articles``, in order, as one piece of HTML."""
    articles = list(articles)
    template = get_template(CARD_TEMPLATE)

    def render(i: int) -> str:
        return template.render({"article": articles[i], "level": level, "terms": terms})

    suffix = ""
    if terms:  # a search's cards highlight its words: kept per article and set of words
        suffix = ":" + hashlib.md5("\x00".join(terms).encode(), usedforsecurity=False).hexdigest()[:12]
    html = cached_fragments([card_key(a, level) + suffix for a in articles], render)
    return mark_safe("".join(html))  # noqa: S308 - rendered by the (autoescaping) card template
