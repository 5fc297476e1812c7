"""The search alone (a benchmark, not a test): searches of two common words on corpora of growing size.

    .venv/bin/python bench/search_bench.py --sizes 1000,10000,100000 [--repeat 20] [--keep DIR]
    scripts/with-postgres .venv/bin/python bench/search_bench.py --sizes 1000,10000

Each size gets a fresh database built by bench/site_bench.py's builder (bench/corpus.py); with ``--keep DIR``
SQLite corpora are kept in DIR and used again by the next run (build them again after the tokenizer changes).
Each query is run ``--repeat`` times through ``articles.search.search`` (its total and the first 20 results,
as the results page reads them); the table gives the p50 per query and the median over the queries. A search
whose cost does not grow with the paper shows the same figures at every size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

#: Pairs of words each in 16-50% of the corpus's articles (site_bench.COMMON_WORDS).
QUERIES = ["安全 生产", "项目 企业", "会议 工作", "推进 建设", "服务 发展", "检查 隐患"]


def measure(repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from articles import search

    settings.DEBUG = False
    figures = {}
    for q in QUERIES:
        def run(q=q):
            found = search.search(q)
            return found.total, list(found.articles[:20])

        run()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            total, _ = run()
            times.append((time.perf_counter() - start) * 1000)
        figures[q] = {"p50": round(statistics.median(times), 2), "total": total}
    return {"vendor": connection.vendor, "queries": figures,
            "median": round(statistics.median(f["p50"] for f in figures.values()), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite corpora in this folder")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.repeat), ensure_ascii=False))
        return
    from site_bench import database_url_for

    rows = []
    with tempfile.TemporaryDirectory(prefix="newsroom-search-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in [int(s) for s in args.sizes.split(",")]:
            url, drop = database_url_for(n, folder)
            env = {**os.environ, "DATABASE_URL": url}
            kept = url.startswith("sqlite") and args.keep and (folder / f"bench-{n}.sqlite3").exists()
            try:
                if not kept:
                    print(f"building {n:,} articles", file=sys.stderr)
                    subprocess.run([sys.executable, str(BENCH / "site_bench.py"), "--child", str(n), "--build",
                                    "--out", str(folder / f"corpus-{n}.json")], cwd=ROOT, env=env, check=True)
                done = subprocess.run([sys.executable, __file__, "--child", "--repeat", str(args.repeat)], cwd=ROOT,
                                      env=env, check=True, capture_output=True, text=True)
            finally:
                drop()
            rows.append((n, json.loads(done.stdout.strip().splitlines()[-1])))
    print(f"{'articles':>9}  " + "  ".join(f"{q:>10}" for q in QUERIES) + "    median  (ms, p50)")
    for n, fig in rows:
        print(f"{n:>9,}  " + "  ".join(f"{fig['queries'][q]['p50']:>10.1f}" for q in QUERIES)
              + f"  {fig['median']:>8.1f}  {fig['vendor']}")
    print(f"{'matches':>9}  " + "  ".join(f"{rows[-1][1]['queries'][q]['total']:>10}" for q in QUERIES))


if __name__ == "__main__":
    main()
