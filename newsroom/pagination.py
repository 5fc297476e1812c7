"""The reader site's paginated lists: one page size, a 400 for a page number that is not one, a 404 past the end."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from articles.selectors import CARD_FIELDS

PAGE_SIZE = 20


class ListPaginator(Paginator):
    """A paginator that is told the list's total when the view knows it without a COUNT over the list."""

    def __init__(self, object_list, per_page, *, total=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.total = total

    @cached_property
    def count(self) -> int:
        return self.total() if self.total is not None else self.object_list.count()


class PagedListMixin:
    """A paginated list: article cards (every article list) or index rows, loading only what a row shows. A page number that is not a positive integer is a 400; one past the
    end, a 404; so is an empty list where ``allow_empty`` is False."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True
    paginator_class = ListPaginator
    #: The query parameters the page reads: the page cache keys on these alone (newsroom.cache).
    cache_params = ("page",)
    #: The fields a row shows (an article's card by default): only they are loaded; None loads the queryset as is.
    only_fields: tuple[str, ...] | None = CARD_FIELDS

    def list_total(self):
        """A function giving the list's total without counting it, or None: the paginator counts."""
        return None

    def get(self, request, *args, **kwargs):
        # ListView.get asks an empty-is-404 list whether it exists (a query); the paginator's total answers
        # that instead: page 1 of an empty list is a 404 when allow_empty is False.
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, total=self.list_total(), **kwargs
        )

    def paginate_queryset(self, queryset, page_size):
        raw = self.request.GET.get(self.page_kwarg, "")
        if raw not in ("", "last") and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise BadRequest("页码应为正整数")
        if self.only_fields and isinstance(queryset, QuerySet):
            queryset = queryset.only(*self.only_fields)
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(articles)
        return paginator, page, page.object_list, is_paginated
