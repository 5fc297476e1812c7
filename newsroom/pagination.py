"""The reader site's paginated lists: one page size, a 400 for a bad page number, a 404 past the end."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.db.models import QuerySet

from articles.selectors import CARD_FIELDS

PAGE_SIZE = 20


class PagedListMixin:
    """A paginated list of article cards or index rows (a QuerySet of articles loads only a card's fields; a
    ``PreparedList`` counts itself with its kept ``total()``). Not a positive page number: a 400; past the
    end, or an empty list where ``allow_empty`` is False: a 404."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True
    #: The query parameters the page reads: the page cache keys on these alone (newsroom.cache).
    cache_params = ("page",)

    def get(self, request, *args, **kwargs):
        # ListView.get asks an empty-is-404 list whether it exists (a query); the paginator's total answers
        # that instead: page 1 of an empty list is a 404 when allow_empty is False.
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def paginate_queryset(self, queryset, page_size):
        raw = self.request.GET.get(self.page_kwarg, "")
        if raw not in ("", "last") and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise BadRequest("页码应为正整数")
        if isinstance(queryset, QuerySet):
            queryset = queryset.only(*CARD_FIELDS)
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(articles)
        return paginator, page, page.object_list, is_paginated
