"""Reads for the reader site: what a reader may see, with related rows fetched up front."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from people.models import Organization, Person

from .models import Article, Credit, Mention, Topic


def public_articles() -> QuerySet[Article]:
    """Published articles whose time has come, newest first, with bylines, people and topics prefetched."""
    return (
        Article.objects.published()
        .select_related("source_page")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
            "topics",
        )
        .order_by("-published_at", "position_on_page", "-pk")
    )


def article_for_reader(slug: str) -> Article:
    """One readable article with everything its page shows; raises Article.DoesNotExist otherwise."""
    return public_articles().prefetch_related("organizations", "meetings").get(slug=slug)


def articles_naming(person: Person) -> QuerySet[Article]:
    return public_articles().filter(mentions__person=person).distinct()


def articles_credited_to(person: Person) -> QuerySet[Article]:
    return public_articles().filter(credits__person=person).distinct()


def articles_on_topic(topic: Topic) -> QuerySet[Article]:
    return public_articles().filter(topics=topic)


def articles_naming_organization(organization: Organization) -> QuerySet[Article]:
    return public_articles().filter(organizations=organization)
