"""The filter form of the full article list (/articles/): date range, person, organization, topic, text.

Every filter is a GET parameter, so a filtered list can be bookmarked and shared; filters combine (AND).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField

from newsroom.text import cn_date
from people import selectors as people_selectors
from people.models import Organization, Person

from . import search, selectors
from .models import Topic


class VisibleChoiceField(ModelChoiceField):
    """A person or organization chosen by slug, valid only if a reader may see it: one named only in a draft is
    "not a valid choice", word for word as a slug that names nobody, so the answer tells a reader nothing."""

    def __init__(self, *args, visible, **kwargs):
        self.visible = visible  # () -> the queryset of what readers may see
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        chosen = super().to_python(value)
        if chosen is not None and not self.visible().filter(pk=chosen.pk).exists():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return chosen


class VisibleChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = VisibleChoiceField


class ArticleFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        label="起始日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = django_filters.DateFilter(label="截止日期", method="filter_dates", widget=forms.DateInput(attrs={"type": "date"}))
    # People and organizations are chosen by the slug of their page (the links on those pages fill it in): a
    # drop-down of every one of them would grow with the paper, to hundreds of thousands of options.
    # The slug is looked up among all people (one indexed query), then the one found is checked against what
    # readers may see (one probe): one named only in a draft gets the same error as an unknown slug.
    person = VisibleChoiceFilter(
        label="人物", queryset=Person.objects.all(), to_field_name="slug", visible=people_selectors.visible_people,
        method="filter_person", widget=forms.TextInput(attrs={"placeholder": "人物标识，如 zhang-hong-jun"}),
    )
    organization = VisibleChoiceFilter(
        label="机构", queryset=Organization.objects.all(), to_field_name="slug",
        visible=people_selectors.visible_organizations,
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
        return queryset.filter(selectors.naming_or_credited(value))  # visible: VisibleChoiceField checked

    def filter_organization(self, queryset, name, value: Organization):
        return queryset.filter(organizations=value)

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
            shown.append((self.filters[name].label, str(value)))
        return shown

