"""recount_articles: count the published articles again (in all, per topic, organization and day). Thin: the
work is in ``articles.counting.recount``. Database triggers keep these counts; this is for a database whose
triggers were lost (a later SQLite migration that rebuilt a table) or whose counts are in doubt."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.counting import recount
from articles.models import CountScope, PublishedCount


class Command(BaseCommand):
    help = "重新统计已发布稿件数（全部、各专题、各机构、各日期）。数据库触发器平时自动维护这些计数。"

    def handle(self, *args, **options):
        recount()
        total = PublishedCount.objects.filter(scope=CountScope.ALL, key=0).values_list("n", flat=True).first() or 0
        self.stdout.write(f"已重新统计：共 {total} 篇已发布稿件，{PublishedCount.objects.count()} 项计数。")
