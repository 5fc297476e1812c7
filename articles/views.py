"""Reader-facing pages: the latest articles, an article, a topic."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import DetailView, ListView

from . import selectors
from .models import Article, Topic


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return selectors.public_articles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = Topic.objects.all()
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        try:
            return selectors.article_for_reader(self.kwargs["slug"])
        except Article.DoesNotExist as exc:
            raise Http404("没有这篇稿件") from exc


class TopicDetailView(ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        try:
            self.topic = Topic.objects.get(slug=self.kwargs["slug"])
        except Topic.DoesNotExist as exc:
            raise Http404("没有这个专题") from exc
        return selectors.articles_on_topic(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
