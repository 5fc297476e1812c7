"""The filter form of the full article list (/articles/): date range, person, organization, topic, text.

Every filter is a GET parameter, so a filtered list can be bookmarked and shared; filters combine (AND).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms

from newsroom.text import cn_date
from people import selectors as people_selectors
from people.models import Organization, Person

from . import search, selectors
from .models import Topic


class ArticleFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        label="起始日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = django_filters.DateFilter(label="截止日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"}))
    # People and organizations are chosen by the slug of their page (the links on those pages fill it in): a
    # drop-down of every one of them would grow with the paper, to hundreds of thousands of options.
    # Any person or organization is a valid choice (the form is built on every request, and the reader-facing
    # querysets are costly to build); one a reader may not see finds nothing and is never shown back.
    person = django_filters.ModelChoiceFilter(
        label="人物", queryset=Person.objects.all(), to_field_name="slug",
        method="filter_person", widget=forms.TextInput(attrs={"placeholder": "人物标识，如 zhang-hong-jun"}),
    )
    organization = django_filters.ModelChoiceFilter(
        label="机构", queryset=Organization.objects.all(), to_field_name="slug",
        method="filter_organization", widget=forms.TextInput(attrs={"placeholder": "机构标识"}),
    )
    topic = django_filters.ModelChoiceFilter(
        label="专题", queryset=Topic.objects.order_by("name"), to_field_name="slug", field_name="topics",
        empty_label="全部专题",
    )
    q = django_filters.CharFilter(label="关键词", method="filter_text", max_length=100)

    def filter_dates(self, queryset, name, value):
        return queryset  # start and end are applied together, as one range, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("start"), self.form.cleaned_data.get("end")
        if start or end:
            first, last = start or selectors.ALL_DAYS[0], end or selectors.ALL_DAYS[1]
            ranked = bool(self.form.cleaned_data.get("q"))  # search results stay best first
            queryset = selectors.on_days(queryset, first, last, keep_order=ranked)
        return queryset

    def filter_person(self, queryset, name, value: Person):
        if not self._visible(value):
            return queryset.none()
        return queryset.filter(selectors.naming_or_credited(value))

    def filter_organization(self, queryset, name, value: Organization):
        if not self._visible(value):
            return queryset.none()
        return queryset.filter(organizations=value)

    def _visible(self, value) -> bool:
        """Whether a reader may see this person or organization (asked once per filter)."""
        seen = self.__dict__.setdefault("_seen", {})
        key = (type(value), value.pk)
        if key not in seen:
            visible = people_selectors.visible_people() if isinstance(value, Person) else people_selectors.visible_organizations()
            seen[key] = visible.filter(pk=value.pk).exists()
        return seen[key]

    def filter_text(self, queryset, name, value: str):
        return search.search_articles(value, articles=queryset)

    def chosen(self) -> list[tuple[str, str]]:
        """(label, value) of each filter the reader set, for showing the filters back to them."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, dt.date):
                value = cn_date(value)
            elif isinstance(value, Person | Organization) and not self._visible(value):
                value = "（无）"
            shown.append((self.filters[name].label, str(value)))
        return shown

