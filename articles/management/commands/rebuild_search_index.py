"""rebuild_search_index: cut every article again and rewrite the search index. Thin: the work is in
``articles.search.index.rebuild``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.search import index as search_index
from newsroom.progress import BarStream


class Command(BaseCommand):
    help = "重建全文检索索引：按当前词典（含已核实人名）重新切分全部已发布稿件（草稿发布时才建索引）。"

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        started = time.perf_counter()
        bar: tqdm | None = None

        def step(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=max(total, 1), desc="索引", unit="篇", file=BarStream(self.stderr),
                           disable=options["no_progress"])
            bar.update(min(done, total) - bar.n)

        try:
            count = search_index.rebuild(progress=step)
        finally:
            if bar is not None:
                bar.close()
        seconds = time.perf_counter() - started
        self.stdout.write(f"已重建 {count} 篇已发布稿件的检索索引，用时 {seconds:.1f} 秒。")
