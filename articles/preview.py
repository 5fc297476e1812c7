"""Preview: any article, in any state, or a pending edit of a live one, exactly as readers will see it.

The page is the reader's article page (``articles/article_detail.html``, Jinja2) built by the same selectors,
with a banner naming the state. It is served only under the admin (``ArticleAdmin.preview_view`` checks who may
view the article), never from the page cache (the view declares no ``cache_params``; the response is
``private, no-store``), and it tells robots to keep out (``noindex`` in the page and ``X-Robots-Tag``). Nothing
here changes what readers see: feeds, search and the sitemap read only published articles.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from newsroom.text import cn_datetime

from . import editing, selectors, workflow
from .models import Article, ArticleStatus, PendingEdit

#: The Jinja2 engine's name in settings.TEMPLATES (its BACKEND's module).
READER_TEMPLATES = "jinja2"
TEMPLATE = "articles/article_preview.html"


def preview_url(article: Article, *, edit: PendingEdit | None = None) -> str:
    url = reverse("admin:articles_article_preview", args=[article.pk])
    return f"{url}?{urlencode({'edit': edit.pk})}" if edit is not None else url


def banner(article: Article, edit: PendingEdit | None = None) -> str:
    """What the page says above the article: its state, and whether readers can see it."""
    if edit is not None:
        state = edit.get_status_display() if edit.is_open else f"已于 {cn_datetime(edit.published_at)} 发布"
        return f"预览：已发布稿件的修改稿（{state}）。线上版本在值班主任发布修改稿之前保持不变。"
    if workflow.is_scheduled(article):
        return f"预览：待发布，将于 {cn_datetime(article.published_at)} 对读者公开。"
    if article.status == ArticleStatus.PUBLISHED:
        return "预览：已发布，读者看到的就是这个版本。"
    return f"预览：{article.get_status_display()}，读者看不到。"


def render_preview(request, article: Article, *, edit: PendingEdit | None = None) -> TemplateResponse:
    """The reader's page for ``article`` (or its pending ``edit``). The caller has checked permissions."""
    page = selectors.article_page(article)
    if edit is not None:
        page.article = editing.article_from_data(article, edit.data)
        page.credits, page.mentions, page.topics, page.organizations = editing.page_lists(edit)
        page.photos = editing.page_photos(edit, page.photos)
    related = selectors.related_articles(
        page.article, [m.person_id for m in page.mentions], [t.pk for t in page.topics]
    )
    previous, following = selectors.neighbours(article) if article.is_public else (None, None)
    context = {
        "article": page.article,
        "page": page,
        "related": related,
        "previous": previous,
        "following": following,
        "corrections": editing.corrections_of(article),
        "preview_banner": banner(article, edit),
        "preview_state": "edit" if edit is not None else article.status,
    }
    response = TemplateResponse(request, TEMPLATE, context, using=READER_TEMPLATES)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
