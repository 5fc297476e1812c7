"""Reader-facing pages for people and organizations. What a reader may see is decided in the selectors."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView, TemplateView

from articles import selectors
from articles.views import ArticleListMixin, Deferred, memoized_or_404

from .models import Organization, Person, PersonKind


class PersonListView(TemplateView):
    """Officials grouped by organization, our journalists, the people in the newest articles; ?name= finds
    anyone else."""

    template_name = "people/person_list.html"

    def get_context_data(self, **kwargs):
        name = self.request.GET.get("name", "").strip()[:20]
        return super().get_context_data(
            index=SimpleLazyObject(selectors.people_index),  # read only when the memoized block is not kept
            name=name,
            found=selectors.people_named(name) if name else None,
            lookup_limit=selectors.NAME_LOOKUP_LIMIT,
            **kwargs,
        )


class PersonDetailView(ArticleListMixin, ListView):
    """A person's page: their positions and the articles naming them (for journalists: written by them).

    Next to each article, the title the person held then: as printed in it, else their positions that day.
    """

    template_name = "people/person_detail.html"

    def get_queryset(self):
        self.person = memoized_or_404(
            "person", self.kwargs["slug"], selectors.person_for_reader, Person.DoesNotExist, "没有这个人物"
        )
        if self.person.kind == PersonKind.JOURNALIST:
            return Deferred(lambda: selectors.articles_credited_to(self.person))
        return Deferred(lambda: selectors.articles_naming(self.person))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(person=self.person, **kwargs)
        if self.person.kind != PersonKind.JOURNALIST:
            selectors.with_titles_held(self.person, context["articles"])
        return context


class OrganizationListView(TemplateView):
    template_name = "people/organization_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(organizations=SimpleLazyObject(selectors.organization_index), **kwargs)


def _organization_and_people(slug: str):
    organization = selectors.organization_for_reader(slug)
    return organization, selectors.organization_people(organization)


class OrganizationDetailView(ArticleListMixin, ListView):
    template_name = "people/organization_detail.html"

    def get_queryset(self):
        self.organization, self.positions = memoized_or_404(
            "organization", self.kwargs["slug"], _organization_and_people, Organization.DoesNotExist, "没有这个机构"
        )
        pk = self.organization.pk
        return Deferred(
            lambda: selectors.articles_naming_organization(self.organization),
            count=lambda: selectors.organization_article_counts([pk]).get(pk, 0),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization, positions=self.positions, **kwargs
        )
