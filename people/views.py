"""Reader-facing pages for people and organizations. What a reader may see is decided in the selectors."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views import View
from django.views.generic import ListView, TemplateView

from articles import selectors
from newsroom.pagination import PagedListMixin

from . import selectors as people_selectors
from .models import Organization, Person, PersonKind


class PersonListView(TemplateView):
    """Officials of the organizations most in the news, our journalists, the people in the newest articles;
    ?name= finds anyone else."""

    template_name = "people/person_list.html"
    cache_params = ("name",)

    def get_context_data(self, **kwargs):
        name = self.request.GET.get("name", "").strip()[:20]
        return super().get_context_data(
            index=people_selectors.people_index(),
            name=name,
            found=people_selectors.people_named(name) if name else None,
            lookup_limit=people_selectors.NAME_LOOKUP_LIMIT,
            index_limit=people_selectors.INDEX_JOURNALISTS,
            **kwargs,
        )


class PersonDetailView(PagedListMixin, ListView):
    """A person's page: their positions and the articles naming them (for journalists: written by them).

    Next to each article, the title the person held then: as printed in it, else their positions that day.
    """

    template_name = "people/person_detail.html"

    def get_queryset(self):
        try:
            self.person = people_selectors.person_for_reader(self.kwargs["slug"])
        except Person.DoesNotExist as exc:
            raise Http404("没有这个人物") from exc
        if self.person.kind == PersonKind.JOURNALIST:
            return selectors.articles_credited_to(self.person)
        return selectors.articles_naming(self.person)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(person=self.person, **kwargs)
        if self.person.kind != PersonKind.JOURNALIST:
            selectors.with_titles_held(self.person, context["articles"])
        return context


class OrganizationListView(PagedListMixin, ListView):
    """The organizations readable articles name, most named first, a hundred a page."""

    template_name = "people/organization_list.html"
    context_object_name = "organizations"
    paginate_by = people_selectors.ORGANIZATIONS_PER_PAGE

    def get_queryset(self):
        return people_selectors.organization_index()


class OrganizationDetailView(PagedListMixin, ListView):
    template_name = "people/organization_detail.html"

    def get_queryset(self):
        try:
            organization = people_selectors.organization_for_reader(self.kwargs["slug"])
        except Organization.DoesNotExist as exc:
            raise Http404("没有这个机构") from exc
        self.extra_context = {"organization": organization,
                              "positions": people_selectors.organization_people(organization.pk)}
        return selectors.articles_naming_organization(organization)


class SuggestView(View):
    """/suggest/?kind=person|organization&q=张: names for the article list's 人物 and 机构 boxes, as JSON.
    Only what readers may see; cached like a page (the generation moves on with every change)."""

    cache_params = ("kind", "q")

    def get(self, request):
        kind = request.GET.get("kind", "")
        if kind not in ("person", "organization"):
            return JsonResponse({"error": "kind 应为 person 或 organization"}, status=400)
        return JsonResponse(
            {"names": people_selectors.names_starting_with(kind, request.GET.get("q", ""))},
            json_dumps_params={"ensure_ascii": False},
        )
