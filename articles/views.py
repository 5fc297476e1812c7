"""Reader-facing pages: home, articles, the date archive, topics, meetings, print pages, search.

Views are thin: what a reader may see and how it is fetched lives in ``selectors``; the search in ``search``.
Each page costs a fixed number of queries, whatever the number of articles on it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from newsroom.cache import memoized

from . import search, selectors
from .filters import ArticleFilter
from .models import Article, Meeting, Topic

PAGE_SIZE = 20


def memoized_or_404(kind: str, slug: str, load, missing: type[Exception], message: str):
    """``load(slug)``, kept per generation (a miss too); Http404 with ``message`` when ``load`` raises
    ``missing``: the reader may not see it."""

    def fetch():
        try:
            return load(slug)
        except missing:
            return None

    found = memoized(f"{kind}:{slug}", fetch)
    if found is None:
        raise Http404(message)
    return found


class Deferred:
    """A list of articles whose queryset is built only when its total or a page of it is asked for.

    Building one can cost a query (``selectors._newest_first`` counts first; ``on_days`` on SQLite looks up
    ids) and ORM work; a page whose total and rows are kept for the generation needs neither.
    """

    ordered = True  # every list here is built ordered (LIST_ORDER, DATE_ORDER or by rank)

    def __init__(self, build, count=None):
        self._build, self._count = build, count

    @cached_property
    def queryset(self):
        return self._build()

    def count(self) -> int:
        """The total given (a number, or a function that knows it without a COUNT over the list: from the kept
        counts of ``selectors``), else a COUNT of the queryset."""
        if self._count is None:
            return self.queryset.count()
        return self._count() if callable(self._count) else self._count

    def __getitem__(self, key):
        if isinstance(key, slice):
            return Deferred(lambda: self.queryset[key])
        return self.queryset[key]

    def __iter__(self):
        return iter(self.queryset)

    def __len__(self) -> int:
        return len(self.queryset)


class MemoizedCountPaginator(Paginator):
    """A paginator whose total (a COUNT over the whole list) is computed once per change to the site."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @property
    def count(self) -> int:
        if not hasattr(self, "_count"):
            self._count = memoized(self.count_key, lambda: Paginator.count.func(self))
        return self._count


class ArticleListMixin:
    """A paginated list of article cards. A page number that is not a positive integer is a 400; one past the
    end, a 404; so is an empty list where ``allow_empty`` is False.

    ``get_queryset`` returns ``Deferred(build)``: the list's queryset is built only when its total or the
    page's rows are not kept for the generation yet.
    """

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True
    paginator_class = MemoizedCountPaginator

    def get(self, request, *args, **kwargs):
        # ListView.get asks an empty-is-404 list whether it exists (a query); the paginator's memoized total
        # answers that instead: page 1 of an empty list is a 404 when allow_empty is False.
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        key = f"count:{type(self).__name__}:{sorted(self.kwargs.items())}:{params.urlencode()}"
        return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, count_key=key, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        raw = self.request.GET.get(self.page_kwarg, "")
        if raw not in ("", "last") and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise BadRequest("页码应为正整数")
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's articles too are kept per generation, with the same key as the total plus the page.
        page.object_list = memoized(f"{paginator.count_key}:page:{page.number}", lambda: list(articles))
        return paginator, page, page.object_list, is_paginated


class HomeView(ArticleListMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return Deferred(selectors.readable_articles, count=selectors.readable_total)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topics=SimpleLazyObject(topics_with_counts), **kwargs)


def topics_with_counts() -> list[Topic]:
    return memoized("topics-with-counts", lambda: list(selectors.topics_with_counts()))


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # With its people, topics and meetings: once per generation.
        return memoized_or_404(
            "article", self.kwargs["slug"], selectors.article_for_reader, Article.DoesNotExist, "没有这篇稿件"
        )

    def get_context_data(self, **kwargs):
        article = self.object
        # Both depend on other articles, so they are kept per generation (not with the article's own change).
        previous, following = memoized(f"neighbours:{article.pk}", lambda: selectors.neighbours(article))
        related = memoized(f"related:{article.pk}", lambda: selectors.related_articles(article))
        return super().get_context_data(related=related, previous=previous, following=following, **kwargs)


class ArticleListView(ArticleListMixin, ListView):
    """/articles/: every readable article, narrowed by the filter form (GET, so it can be bookmarked)."""

    template_name = "articles/article_list.html"

    @cached_property
    def filterset(self) -> ArticleFilter:
        return ArticleFilter(self.request.GET or None, queryset=selectors.readable_articles(), request=self.request)

    def get_queryset(self):
        filtered = any(v for k, v in self.request.GET.items() if k != self.page_kwarg)
        return Deferred(lambda: self.filterset.qs, count=None if filtered else selectors.readable_total)

    def get_context_data(self, **kwargs):
        # Building and validating the form costs more than the rest of the page (a lookup per person, organization
        # or topic chosen): what it shows back is kept per set of filters, and the form is built only when its
        # HTML or the list is not kept yet.
        params = self.request.GET.urlencode()
        chosen = memoized(f"filter-chosen:{params}", lambda: self.filterset.chosen())
        return super().get_context_data(filter=SimpleLazyObject(lambda: self.filterset), chosen=chosen, **kwargs)


class SearchView(ArticleListMixin, ListView):
    """/search/?q=…: Chinese words, results ranked, the words highlighted."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:100]
        self.results = search.search(self.query)
        return Deferred(lambda: self.results.articles, count=self.results.total)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query, terms=self.results.terms, capped=self.results.capped,
            candidates=search.CANDIDATES, **kwargs,
        )


class TopicListView(TemplateView):
    template_name = "articles/topic_list.html"

    def get_context_data(self, **kwargs):
        # read only when the memoized block is not kept
        return super().get_context_data(topics=SimpleLazyObject(topics_with_counts), **kwargs)


class TopicDetailView(ArticleListMixin, ListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = memoized_or_404(
            "topic", self.kwargs["slug"], lambda slug: Topic.objects.get(slug=slug), Topic.DoesNotExist, "没有这个专题"
        )
        return Deferred(
            lambda: selectors.articles_on_topic(self.topic),
            count=lambda: selectors.topic_article_counts([self.topic.pk]).get(self.topic.pk, 0),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class MeetingDetailView(ArticleListMixin, ListView):
    template_name = "articles/meeting_detail.html"

    def get_queryset(self):
        try:
            self.meeting = selectors.meeting_for_reader(self.kwargs["pk"])
        except Meeting.DoesNotExist as exc:
            raise Http404("没有这个会议活动") from exc
        return Deferred(lambda: selectors.articles_reporting(self.meeting))

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


def _date_or_404(year: str, month: str = "01", day: str = "01") -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise Http404("没有这个日期") from exc


class PrintPageView(ArticleListMixin, ListView):
    """The readable articles of one print page (an issue's date and page number), in the order they ran."""

    template_name = "articles/print_page.html"
    allow_empty = False

    def get_queryset(self):
        self.issue_date = _date_or_404(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        return Deferred(lambda: selectors.articles_on_print_page(self.issue_date, self.kwargs["page"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue_date=self.issue_date, page_number=self.kwargs["page"], **kwargs)


class ArchiveIndexView(TemplateView):
    """/archive/: every year and month that has articles."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=memoized("archive-tree", selectors.archive_tree), **kwargs)


class YearArchiveView(TemplateView):
    template_name = "articles/archive_year.html"

    def get_context_data(self, **kwargs):
        first = _date_or_404(self.kwargs["year"])
        last = first.replace(month=12, day=31)
        days = days_with_articles(first, last)
        if not days:
            raise Http404("这一年没有稿件")
        months: dict[dt.date, int] = {}
        for day, n in days:
            months[day.replace(day=1)] = months.get(day.replace(day=1), 0) + n
        kwargs.pop("year")
        return super().get_context_data(
            year=first.year,
            months=sorted(months.items()),
            total=sum(months.values()),
            previous=day_before(first),
            next=day_after(last),
            **kwargs,
        )


class MonthArchiveView(ArticleListMixin, ListView):
    template_name = "articles/archive_month.html"

    def get_queryset(self):
        month = _date_or_404(self.kwargs["year"], self.kwargs["month"])
        self.first, self.last = selectors.month_bounds(month.year, month.month)
        self.days = days_with_articles(self.first, self.last)
        if not self.days:
            raise Http404("这个月没有稿件")
        return Deferred(
            lambda: selectors.articles_between(self.first, self.last), count=sum(n for _, n in self.days)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            month=self.first,
            days=self.days,
            previous=day_before(self.first),
            next=day_after(self.last),
            **kwargs,
        )


class DayArchiveView(ArticleListMixin, ListView):
    template_name = "articles/archive_day.html"
    allow_empty = False

    def get_queryset(self):
        self.day = _date_or_404(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        return Deferred(
            lambda: selectors.articles_between(self.day, self.day),
            count=lambda: sum(n for _, n in days_with_articles(self.day, self.day)),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(day=self.day, **kwargs)  # a 404 first for a day without articles
        context.update(previous=day_before(self.day), next=day_after(self.day))
        return context


def days_with_articles(first: dt.date, last: dt.date) -> list:
    return memoized(f"days:{first}:{last}", lambda: list(selectors.days_with_articles(first, last)))


def day_before(day: dt.date) -> dt.date | None:
    return memoized(f"day-before:{day}", lambda: selectors.day_before(day))


def day_after(day: dt.date) -> dt.date | None:
    return memoized(f"day-after:{day}", lambda: selectors.day_after(day))


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
