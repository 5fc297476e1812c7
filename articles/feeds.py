"""RSS and Atom feeds: the whole paper, one topic, one person. Each item carries the article's full text."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsroom.middleware import xml_safe
from people import selectors as people_selectors
from people.models import Person

from . import selectors
from .models import Article, Topic

ITEMS = 30


def _xml_safe(value):
    """Strings without the control characters XML 1.0 forbids (an editor's pasted vertical tab), which would
    make the feed generator refuse the whole feed; lists (categories) item by item."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(v) for v in value)
    return value


class LatestArticlesFeed(Feed):
    """The latest readable articles, as RSS 2.0."""

    cache_params = ()  # reads no query parameter: the page cache keeps one copy (newsroom.cache)

    description_template = None

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: _xml_safe(value) for key, value in feed.feed.items()}
        feed.items = [{key: _xml_safe(value) for key, value in item.items()} for item in feed.items]
        return feed

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · 最新报道"

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return f"{settings.SITE_NAME}的最新报道"

    def feed_url(self, obj=None):
        return reverse("articles:feed")

    def items(self, obj=None):
        return selectors.public_articles()[:ITEMS]

    def item_title(self, item: Article) -> str:
        return f"{item.kicker} {item.title}".strip() if item.kicker else item.title

    def item_description(self, item: Article) -> str:
        # The full text, as HTML: the feed generator escapes it once more inside the XML.
        return render_to_string("articles/feed_item.html", {"article": item})

    def item_pubdate(self, item: Article) -> dt.datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return "、".join(c.person.name for c in item.credits.all()) or settings.SITE_NAME

    def item_categories(self, item: Article) -> list[str]:
        return [t.name for t in item.topics.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def feed_url(self, obj=None):
        return reverse("articles:feed_atom")

    def subtitle(self, obj=None):
        return self.description(obj)


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        try:
            return Topic.objects.get(slug=slug)
        except Topic.DoesNotExist as exc:
            raise Http404("没有这个专题") from exc

    def title(self, obj):
        return f"{settings.SITE_NAME} · 专题：{obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"{settings.SITE_NAME}“{obj.name}”专题报道"

    def feed_url(self, obj):
        return reverse("articles:topic_feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return selectors.public_articles().filter(topics=obj)[:ITEMS]


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        try:
            return people_selectors.visible_people().get(slug=slug)
        except Person.DoesNotExist as exc:
            raise Http404("没有这个人物") from exc

    def title(self, obj):
        return f"{settings.SITE_NAME} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"{settings.SITE_NAME}报道中的{obj.name}"

    def feed_url(self, obj):
        return reverse("people:person_feed", kwargs={"slug": obj.slug})

    def items(self, obj):
        return selectors.public_articles().filter(selectors.naming_or_credited(obj))[:ITEMS]
