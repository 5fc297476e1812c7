"""sitemap.xml: every page a reader can reach — articles, people, organizations, topics, date pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from people import selectors as people_selectors

from . import selectors
from .models import Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return selectors.readable_articles()

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return people_selectors.visible_people().order_by("name", "pk")


class OrganizationSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return people_selectors.visible_organizations().order_by("name", "pk")


class TopicSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Topic.objects.order_by("name")


class DaySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return [day for day, _ in selectors.days_with_articles(*selectors.ALL_DAYS)]

    def location(self, day):
        return reverse("articles:archive_day", kwargs={"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}"})


class IndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["articles:home", "articles:article_list", "articles:archive", "articles:topic_list",
                "people:person_list", "people:organization_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": IndexSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "topics": TopicSitemap,
    "days": DaySitemap,
}
