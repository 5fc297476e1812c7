"""Import throughput benchmark (a benchmark, not a test): wall-clock figures for `import_page`.

    .venv/bin/python bench/import_bench.py [--pages 1000] [--seed 1] [--json bench/out/import.json]

1. The seed page into a fresh, migrated SQLite database: the whole `manage.py import_page` process, start-up
   included, written and as `--dry-run` (the median of --runs runs; the issue's target: under 1.5 s).
2. A directory of generated pages (bench/generate_pages.py) into a fresh SQLite database in one command:
   articles per second over the whole run, start-up included (target: at least 50 articles/s).
The project's modules are byte-compiled first (``compileall``), as a deployed install's first run leaves them:
with PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every run would otherwise compile them again.
Absolute times vary between runs and machines; run it twice before believing a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED = ROOT / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"


def manage(db: Path, *args: str) -> float:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "localhost"}
    start = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="runs of the one-page import (the median is kept)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    results: dict = {"loadavg_start": os.getloadavg()}
    subprocess.run([PYTHON, "-m", "compileall", "-q", "manage.py", "articles", "newsroom", "people"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        tmp_path = Path(tmp)
        seed_db = tmp_path / "seed.sqlite3"
        manage(seed_db, "migrate", "--noinput", "-v0")
        manage(seed_db, "import_page", str(SEED), "--year", "2023")  # warms jieba's on-disk cache
        seed_db.unlink()
        manage(seed_db, "migrate", "--noinput", "-v0")
        seconds = manage(seed_db, "import_page", str(SEED), "--year", "2023")
        results["seed_page"] = {"seconds": round(seconds, 3), "articles": count(seed_db, "articles_article")}
        runs = sorted(manage(seed_db, "import_page", str(SEED), "--dry-run", "--year", "2023")
                      for _ in range(max(1, args.runs)))
        results["seed_page_dry_run"] = {"median_seconds": round(statistics.median(runs), 3),
                                        "runs": [round(r, 3) for r in runs]}

        pages = tmp_path / "pages"
        subprocess.run([PYTHON, str(ROOT / "bench" / "generate_pages.py"), str(pages), "--pages", str(args.pages),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        dir_db = tmp_path / "dir.sqlite3"
        manage(dir_db, "migrate", "--noinput", "-v0")
        seconds = manage(dir_db, "import_page", str(pages), "--year", "2023")
        articles = count(dir_db, "articles_article")
        results["directory"] = {
            "pages": args.pages, "articles": articles, "people": count(dir_db, "people_person"),
            "seconds": round(seconds, 2), "articles_per_second": round(articles / seconds, 1),
        }

    print(f"{'measure':<40} {'figure':>12}  target")
    print(f"{'seed page import, wall (s)':<40} {results['seed_page']['seconds']:>12.2f}  < 1.5 s")
    print(f"{'seed page --dry-run, median wall (s)':<40} {results['seed_page_dry_run']['median_seconds']:>12.2f}  < 1.5 s")
    d = results["directory"]
    label = f"{d['pages']} pages, {d['articles']} articles (s)"
    print(f"{label:<40} {d['seconds']:>12.1f}")
    print(f"{'directory import (articles/s)':<40} {d['articles_per_second']:>12.1f}  >= 50")
    results["loadavg_end"] = os.getloadavg()
    print(f"load average {results['loadavg_start'][0]:.1f} at the start, {results['loadavg_end'][0]:.1f} at the end")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
