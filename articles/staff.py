"""What a member of staff may see of other people's articles on admin pages that are not the article list (a
person's mentions, a meeting's articles): everything for those who review; for a 记者 (own drafts only, see
``workflow.is_own_draft_only``) only the articles they created and those readers can already see. A draft's title
is its author's and the editors' business until it is published."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from . import workflow
from .models import Article


def sees_every_article(user) -> bool:
    return not workflow.is_own_draft_only(user)


def articles_for(user, articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles`` narrowed to those ``user`` may see."""
    if sees_every_article(user):
        return articles
    return articles.filter(Q(created_by=user) | Q(Exists(Article.objects.published().filter(pk=OuterRef("pk")))))


def rows_for(user, rows: QuerySet) -> QuerySet:
    """``rows`` of a table with an ``article`` key (mentions, credits) narrowed to the articles ``user`` may see."""
    if sees_every_article(user):
        return rows
    readable = Exists(Article.objects.published().filter(pk=OuterRef("article_id")))
    return rows.filter(Q(article__created_by=user) | Q(readable))
