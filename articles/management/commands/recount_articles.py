"""recount_articles: count the published articles again (in all, per topic, organization and day), and create
the counting triggers again. Thin: the work is in ``articles.counting``, which every ``migrate`` runs too; this
is for a database whose counts are in doubt (a restore, rows written with the triggers off)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection

from articles.counting import install_and_recount
from articles.models import CountScope, PublishedCount


class Command(BaseCommand):
    help = "重新统计已发布稿件数（全部、各专题、各机构、各日期），并重建计数触发器。数据库触发器平时自动维护这些计数。"

    def handle(self, *args, **options):
        install_and_recount(using=connection.alias)
        total = PublishedCount.objects.filter(scope=CountScope.ALL, key=0).values_list("n", flat=True).first() or 0
        self.stdout.write(f"已重新统计：共 {total} 篇已发布稿件，{PublishedCount.objects.count()} 项计数。")
