"""Reader-facing pages for a person and an organization."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles import selectors

from .models import Organization, Person, Position


class PersonDetailView(ListView):
    """A person's page: their positions and the articles naming them (or, for journalists, written by them)."""

    template_name = "people/person_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.prefetch_related(
                Prefetch("positions", queryset=Position.objects.select_related("organization"))
            ),
            slug=self.kwargs["slug"],
        )
        if self.person.kind == "journalist":
            return selectors.articles_credited_to(self.person)
        return selectors.articles_naming(self.person)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class OrganizationDetailView(ListView):
    template_name = "people/organization_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.organization = get_object_or_404(Organization.objects.select_related("parent"), slug=self.kwargs["slug"])
        return selectors.articles_naming_organization(self.organization)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)
