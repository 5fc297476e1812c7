"""rebuild_search_index: cut every article again and rewrite the search index. Thin: the work is in
``articles.search.index.rebuild``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from articles.management.commands.import_page import Progress
from articles.search import index as search_index


class Command(BaseCommand):
    help = "重建全文检索索引：按当前词典（含已核实人名）重新切分全部已发布稿件（草稿发布时才建索引）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        started = time.perf_counter()
        progress: Progress | None = None

        def step(done: int, total: int) -> None:
            nonlocal progress
            if progress is None:
                progress = Progress(max(total, 1), "索引", self._progress_write, not options["no_progress"])
            while progress.done < min(done, total):
                progress.step()

        count = search_index.rebuild(progress=step)
        seconds = time.perf_counter() - started
        self.stdout.write(f"已重建 {count} 篇已发布稿件的检索索引，用时 {seconds:.1f} 秒。")

    def _progress_write(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()
