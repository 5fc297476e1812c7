"""The filter form of the full article list (/articles/): date range, person, organization, topic, text.

Every filter is a GET parameter, so a filtered list can be bookmarked and shared; filters combine (AND).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from newsroom.text import cn_date
from people import selectors as people_selectors

from . import search, selectors
from .models import Article, Credit, Mention, Topic


class ArticleFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        label="起始日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = django_filters.DateFilter(label="截止日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"}))
    # People and organizations are typed in: a name (张红军), the name in pinyin (zhanghongjun) or the slug of
    # their page (the links on those pages fill it in). A drop-down of every one of them would grow with the
    # paper. Only those a reader may see are found (people_selectors.*_matching); namesakes are all taken; a
    # name that finds no one is said so on the page and the list is empty.
    person = django_filters.CharFilter(label="人物", method="filter_person", max_length=50)
    organization = django_filters.CharFilter(label="机构", method="filter_organization", max_length=100)
    topic = django_filters.ModelChoiceFilter(
        label="专题", queryset=Topic.objects.order_by("name"), to_field_name="slug", field_name="topics",
        empty_label="全部专题",
    )
    q = django_filters.CharFilter(label="关键词", method="filter_text", max_length=100)

    def filter_dates(self, queryset, name, value):
        return queryset  # start and end are applied together, as one range, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.date_range()
        if start or end:
            first, last = start or selectors.ALL_DAYS[0], end or selectors.ALL_DAYS[1]
            ranked = bool(self.form.cleaned_data.get("q"))  # search results stay best first
            queryset = selectors.on_days(queryset, first, last, keep_order=ranked)
        return queryset

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) as the reader meant them: a reversed range is swapped (and said so, ``notices``)."""
        start, end = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if start and end and start > end:
            return end, start
        return start, end

    def filter_person(self, queryset, name, value: str):
        ids = [p.pk for p in self._found("person", value)]
        if not ids:
            return queryset.none()
        return queryset.filter(
            Q(Exists(Mention.objects.filter(article=OuterRef("pk"), person_id__in=ids)))
            | Q(Exists(Credit.objects.filter(article=OuterRef("pk"), person_id__in=ids)))
        )

    def filter_organization(self, queryset, name, value: str):
        ids = [o.pk for o in self._found("organization", value)]
        if not ids:
            return queryset.none()
        through = Article.organizations.through.objects.filter(article=OuterRef("pk"), organization_id__in=ids)
        return queryset.filter(Exists(through))

    def _found(self, name: str, text: str) -> list:
        """Who or what ``text`` in the ``name`` box stands for (asked once per filter)."""
        found = self.__dict__.setdefault("_matches", {})
        if name not in found:
            lookup = people_selectors.people_matching if name == "person" else people_selectors.organizations_matching
            found[name] = lookup(text)
        return found[name]

    def filter_text(self, queryset, name, value: str):
        return search.search_articles(value, articles=queryset)

    def chosen(self) -> list[tuple[str, str]]:
        """(label, value) of each filter the reader set, for showing the filters back to them."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        start, end = self.date_range()
        for name, value in {**self.form.cleaned_data, "start": start, "end": end}.items():
            if value in (None, ""):
                continue
            if isinstance(value, dt.date):
                value = cn_date(value)
            elif name in ("person", "organization"):
                value = "、".join(dict.fromkeys(m.name for m in self._found(name, value))) or "（无）"
            shown.append((self.filters[name].label, str(value)))
        return shown

    def notices(self) -> list[str]:
        """What the reader should know about their filters: a name that found no one, a swapped date range."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # the fields that are valid are in cleaned_data even if another is not
        said = []
        data = self.form.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            said.append(f"起始日期晚于截止日期，已按 {cn_date(data['end'])} 至 {cn_date(data['start'])} 显示。")
        for name, what in (("person", "人物"), ("organization", "机构")):
            text = data.get(name)
            if text and not self._found(name, text):
                said.append(f"没有找到{what}“{text}”：只能按在已发表稿件中出现过的{what}筛选，请检查名称或换个写法。")
            elif text and len(self._found(name, text)) > 1:
                said.append(f"“{text}”对应 {len(self._found(name, text))} 位同名{what}，列出涉及其中任何一位的稿件。")
        return said
