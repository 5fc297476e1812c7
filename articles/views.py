"""Reader-facing pages: home, articles, the date archive, topics, meetings, print pages, search.

Views are thin: what a reader may see and how it is fetched lives in ``selectors``; the search in ``search``.
Each page costs a fixed number of queries, whatever the number of articles on it. ``cache_params`` names the
query parameters a page reads: the page cache (``newsroom.cache``) keys on them alone.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET
from django.views.generic import ListView, TemplateView

from newsroom.pagination import PAGE_SIZE, PagedListMixin
from newsroom.text import pinyin_query
from people import selectors as people_selectors

from . import editing, search, selectors, sharing
from .filters import ArticleFilter
from .models import Article, Meeting, Topic


class HomeView(TemplateView):
    """The front page: the top story, the photo news, the newest articles (the first page of /articles/, which
    the "more" link continues: the home page has no pages of its own), the biggest topics' sections."""

    template_name = "articles/home.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        stories = selectors.photo_stories()  # the top story, then the photo news
        topics = selectors.topics_with_counts()
        latest = selectors.latest_articles()[0 : PAGE_SIZE + 1]
        return super().get_context_data(
            articles=latest[:PAGE_SIZE], more=len(latest) > PAGE_SIZE, topics=topics,
            sections=selectors.topic_sections(topics), top_story=stories[0] if stories else None,
            photo_news=stories[1:], **kwargs,
        )


class ArticleDetailView(TemplateView):
    template_name = "articles/article_detail.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        try:
            page = selectors.article_page(self.kwargs["slug"])
        except Article.DoesNotExist as exc:
            raise Http404("没有这篇稿件") from exc
        previous, following = selectors.neighbours(page.article)
        related = selectors.related_articles(
            page.article, [m.person_id for m in page.mentions], [t.pk for t in page.topics]
        )
        return super().get_context_data(
            article=page.article, page=page, related=related, previous=previous, following=following,
            corrections=editing.corrections_of(page.article), sharing=sharing.article_sharing(self.request, page),
            **kwargs
        )


class ArticleListView(PagedListMixin, ListView):
    """/articles/: every readable article, narrowed by the filter form (GET, so it can be bookmarked)."""

    template_name = "articles/article_list.html"
    cache_params = ("page", *ArticleFilter.base_filters)

    @cached_property
    def filtered(self) -> bool:
        return any(v for k, v in self.request.GET.items() if k in ArticleFilter.base_filters)

    @cached_property
    def filterset(self) -> ArticleFilter:
        # Unfiltered, the form is only shown (unbound: nothing to validate) and the list is the home page's.
        if not self.filtered:
            return ArticleFilter(None, queryset=Article.objects.none(), request=self.request)
        return ArticleFilter(self.request.GET, queryset=selectors.readable_articles(), request=self.request)

    def get_queryset(self):
        return self.filterset.qs if self.filtered else selectors.latest_articles()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, chosen=self.filterset.chosen(), notices=self.filterset.notices(),
            topics=selectors.topic_choices(), **kwargs
        )


class SearchView(PagedListMixin, ListView):
    """/search/?q=…: Chinese words, results ranked (or newest first, ``sort=time``), the words highlighted. A
    name in pinyin (zhanghongjun) searches for the people it is the name of (张红军)."""

    template_name = "articles/search.html"
    cache_params = ("q", "page", "sort")

    def get_queryset(self):
        query = self.request.GET.get("q", "").strip()[:100]
        sort = "time" if self.request.GET.get("sort") == "time" else "relevance"
        names = []
        if pinyin_query(query):  # one query more, only for letters
            names = list(dict.fromkeys(p.name for p in people_selectors.people_matching(query)))
        results = search.search(" ".join(names) if names else query)
        self.extra_context = {"query": query, "terms": results.terms, "capped": results.capped,
                              "candidates": search.CANDIDATES, "sort": sort, "pinyin_names": names}
        return search.result_pages(results, by_time=sort == "time")


class TopicListView(TemplateView):
    template_name = "articles/topic_list.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(topics=selectors.topics_with_counts(), **kwargs)


class TopicDetailView(PagedListMixin, ListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        try:
            topic = selectors.topic_for_reader(self.kwargs["slug"])
        except Topic.DoesNotExist as exc:
            raise Http404("没有这个专题") from exc
        self.extra_context = {"topic": topic}
        return selectors.articles_on_topic(topic)


class MeetingDetailView(PagedListMixin, ListView):
    template_name = "articles/meeting_detail.html"

    def get_queryset(self):
        try:
            meeting = people_selectors.meeting_for_reader(self.kwargs["pk"])
        except Meeting.DoesNotExist as exc:
            raise Http404("没有这个会议活动") from exc
        self.extra_context = {"meeting": meeting}
        return selectors.articles_reporting(meeting)


def _date_or_404(year: str, month: str = "01", day: str = "01") -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise Http404("没有这个日期") from exc


class PrintPageView(PagedListMixin, ListView):
    """The readable articles of one print page (an issue's date and page number), in the order they ran; for
    a page imported from its PDF, the page as printed with each article a link (the e-paper). With the
    edition's pages and the editions before and after."""

    template_name = "articles/print_page.html"
    allow_empty = False

    def get_queryset(self):
        day = _date_or_404(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        number = int(self.kwargs["number"])  # not "page": ListView reads that URL keyword as the list's page
        previous_edition, next_edition = selectors.edition_days_around(day)
        self.extra_context = {
            "issue_date": day, "page_number": number, "scan": selectors.page_scan(day, number),
            "edition_pages": selectors.edition_pages(day), "previous_edition": previous_edition,
            "next_edition": next_edition,
        }
        return selectors.articles_on_print_page(day, number)


class ArchiveIndexView(TemplateView):
    """/archive/: every year and month that has articles."""

    template_name = "articles/archive_index.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=selectors.archive_tree(), **kwargs)


class YearArchiveView(TemplateView):
    template_name = "articles/archive_year.html"
    cache_params = ()

    def get_context_data(self, **kwargs):
        first = _date_or_404(self.kwargs["year"])
        last = first.replace(month=12, day=31)
        years = selectors.archive_tree(first, last)
        if not years:
            raise Http404("这一年没有稿件")
        kwargs.pop("year")
        return super().get_context_data(
            year=years[0], previous=selectors.day_before(first), next=selectors.day_after(last), **kwargs
        )


class MonthArchiveView(PagedListMixin, ListView):
    template_name = "articles/archive_month.html"

    def get_queryset(self):
        first = _date_or_404(self.kwargs["year"], self.kwargs["month"])
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        days = selectors.days_with_articles(first, last)
        if not days:
            raise Http404("这个月没有稿件")
        self.extra_context = {"month": first, "days": days, "previous": selectors.day_before(first),
                              "next": selectors.day_after(last)}
        return selectors.articles_between(first, last, total=lambda: sum(n for _, n in days))


class DayArchiveView(PagedListMixin, ListView):
    template_name = "articles/archive_day.html"
    allow_empty = False

    def get_queryset(self):
        self.day = _date_or_404(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        return selectors.articles_between(self.day, self.day)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(day=self.day, **kwargs)  # a 404 first for a day without articles
        context.update(previous=selectors.day_before(self.day), next=selectors.day_after(self.day))
        return context


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


robots_txt.cache_params = ()
