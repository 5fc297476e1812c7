"""What a member of staff may see of other people's articles on admin pages that are not the article list (a
person's mentions, a meeting's articles): everything for those who review; for a 记者 (own drafts only, see
``workflow.is_own_draft_only``) only the articles they created and those readers can already see. A draft's title
is its author's and the editors' business until it is published."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import workflow
from .models import Article
from .selectors import is_readable


def sees_every_article(user) -> bool:
    return not workflow.is_own_draft_only(user)


def articles_for(user, articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles`` narrowed to those ``user`` may see."""
    if sees_every_article(user):
        return articles
    return articles.filter(Q(created_by=user) | Q(is_readable("pk")))


def rows_for(user, rows: QuerySet) -> QuerySet:
    """``rows`` of a table with an ``article`` key (mentions, credits) narrowed to the articles ``user`` may see."""
    if sees_every_article(user):
        return rows
    return rows.filter(Q(article__created_by=user) | Q(is_readable()))
