"""The desk: what waits on each member of staff, shown on the admin's home page (reads only).

A reporter sees their drafts and what was sent back to them (with the editor's comment); an editor what waits
for review; a duty chief what is approved and waits for publication, and what is scheduled for today; editors
the open items of the review queue. Pending edits of live articles wait in the same places. A fixed number of
queries, whatever the number of articles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from newsroom.text import cn_datetime

from . import workflow
from .models import Article, ArticleStatus, ArticleTransition, PendingEdit

S = ArticleStatus
#: How many rows a section lists; its count is of all.
SHOWN = 10


@dataclass
class DeskItem:
    title: str
    url: str
    note: str = ""


@dataclass
class DeskSection:
    key: str
    title: str
    count: int
    items: list[DeskItem] = field(default_factory=list)
    more_url: str = ""


def _change_url(pk: int) -> str:
    return reverse("admin:articles_article_change", args=[pk])


def _list_url(**params) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(params)}"


def _who(user) -> str:
    return user.get_username() if user else "—"


def _edits(status: str) -> list[DeskItem]:
    rows = PendingEdit.objects.filter(status=status).select_related("article", "created_by").order_by("updated_at")
    return [
        DeskItem(f"{edit.article.title}（修改稿）", _change_url(edit.article_id),
                 f"{_who(edit.created_by)} 修改于 {cn_datetime(edit.updated_at)}")
        for edit in rows[:SHOWN]
    ]


def _waiting(key: str, title: str, status: str) -> DeskSection:
    articles = Article.objects.filter(status=status).select_related("created_by").order_by("updated_at")
    items = [DeskItem(a.title, _change_url(a.pk), f"{_who(a.created_by)}，{cn_datetime(a.updated_at)}")
             for a in articles[:SHOWN]]
    edits = _edits(status)
    count = articles.count() + PendingEdit.objects.filter(status=status).count()
    return DeskSection(key, title, count, (items + edits)[:SHOWN], _list_url(status__exact=status))


def desk_for(user, now: dt.datetime | None = None) -> list[DeskSection]:
    """The sections that concern ``user``, each with its count and its first rows."""
    now = now or timezone.now()
    sections = []
    if user.has_perm("articles.add_article"):
        last = ArticleTransition.objects.filter(article=OuterRef("pk"), edit=None).order_by("-at", "-pk")
        mine = (
            Article.objects.filter(status=S.DRAFT, created_by=user)
            .annotate(last_from=Subquery(last.values("from_status")[:1]),
                      last_comment=Subquery(last.values("comment")[:1]),
                      last_by=Subquery(last.values("by__username")[:1]))
            .order_by("-updated_at")
        )
        sent_back = mine.filter(last_from__in=[S.REVIEW, S.APPROVED])
        drafts = mine.exclude(pk__in=sent_back.values("pk"))
        sections.append(DeskSection(
            "sent_back", "退回给我的稿件", sent_back.count(),
            [DeskItem(a.title, _change_url(a.pk), f"{a.last_by or '—'}：{a.last_comment}") for a in sent_back[:SHOWN]],
        ))
        sections.append(DeskSection(
            "drafts", "我的草稿", drafts.count(),
            [DeskItem(a.title, _change_url(a.pk), f"修改于 {cn_datetime(a.updated_at)}") for a in drafts[:SHOWN]],
            _list_url(status__exact=S.DRAFT),
        ))
    if user.has_perm(workflow.REVIEW):
        sections.append(_waiting("review", "等我审核", S.REVIEW))
    if user.has_perm(workflow.PUBLISH):
        sections.append(_waiting("approved", "已审核，等待发布", S.APPROVED))
    if user.has_perm(workflow.REVIEW) or user.has_perm(workflow.PUBLISH):
        local = timezone.localtime(now, timezone.get_default_timezone())
        midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        today = Article.objects.filter(status=S.PUBLISHED, published_at__gt=now, published_at__lt=midnight)
        sections.append(DeskSection(
            "scheduled", "今天待发布", today.count(),
            [DeskItem(a.title, _change_url(a.pk), f"{cn_datetime(a.published_at)} 发布")
             for a in today.order_by("published_at")[:SHOWN]],
            _list_url(schedule="scheduled"),
        ))
    if user.has_perm(workflow.REVIEW):
        queue = Article.objects.filter(Q(title_is_generated=True) | ~Q(review_notes="")).exclude(
            status__in=[S.PUBLISHED, S.WITHDRAWN])
        sections.append(DeskSection(
            "queue", "待核事项未处理的稿件", queue.count(),
            [DeskItem(a.title, _change_url(a.pk), (a.review_notes.splitlines() or ["标题由系统生成"])[0])
             for a in queue.order_by("-updated_at")[:SHOWN]],
            reverse("admin:articles_review_queue"),
        ))
    return sections
