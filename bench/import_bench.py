"""Import throughput benchmark (a benchmark, not a test): wall-clock figures for `import_page`.

    .venv/bin/python bench/import_bench.py [--pages 1000] [--seed 1] [--json bench/out/import.json]

1. The seed page into a fresh, migrated SQLite database: the whole `manage.py import_page` process, start-up
   included, written and as `--dry-run` (the median of --runs runs; the issue's target: under 1.5 s). The
   dry run is timed twice: with the project's modules not byte-compiled (PYTHONDONTWRITEBYTECODE, no
   __pycache__: each run compiles them again, as in a sandbox that forbids writing them) and byte-compiled
   (``compileall``, as ``pip install`` of the project leaves them). The other figures are byte-compiled.
2. A directory of generated pages (bench/generate_pages.py) into a fresh SQLite database in one command:
   articles per second over the whole run, start-up included (target: at least 50 articles/s).
Each figure has its CPU time (user + sys of the command) beside the wall time: on a machine shared with other
work the wall time includes waiting for a core. Absolute times vary between runs and machines; run it twice
before believing a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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


PROJECT = ("manage.py", "articles", "newsroom", "people")


def manage(db: Path, *args: str, env: dict | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``manage.py`` process."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "localhost", **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def uncompile() -> None:
    """The project's byte-compiled files removed (build output, never committed)."""
    for top in PROJECT[1:]:
        for folder in (ROOT / top).rglob("__pycache__"):
            shutil.rmtree(folder, ignore_errors=True)


def medians(runs: list[tuple[float, float]]) -> dict:
    return {"median_seconds": round(statistics.median(w for w, _ in runs), 3),
            "median_cpu_seconds": round(statistics.median(c for _, c in runs), 3),
            "runs": [round(w, 3) for w, _ in sorted(runs)]}


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
    dry_run = ("import_page", str(SEED), "--dry-run", "--year", "2023")
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        tmp_path = Path(tmp)
        seed_db = tmp_path / "seed.sqlite3"
        manage(seed_db, "migrate", "--noinput", "-v0")
        manage(seed_db, "import_page", str(SEED), "--year", "2023")  # warms the dictionaries' on-disk caches
        seed_db.unlink()
        manage(seed_db, "migrate", "--noinput", "-v0")
        uncompile()
        source = {"PYTHONDONTWRITEBYTECODE": "1"}
        results["seed_page_dry_run_not_compiled"] = medians(
            [manage(seed_db, *dry_run, env=source) for _ in range(max(1, args.runs))])
        subprocess.run([PYTHON, "-m", "compileall", "-q", *PROJECT], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        results["seed_page_dry_run"] = medians([manage(seed_db, *dry_run) for _ in range(max(1, args.runs))])
        seconds, cpu = manage(seed_db, "import_page", str(SEED), "--year", "2023")
        results["seed_page"] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                                "articles": count(seed_db, "articles_article")}

        pages = tmp_path / "pages"
        subprocess.run([PYTHON, str(ROOT / "bench" / "generate_pages.py"), str(pages), "--pages", str(args.pages),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        dir_db = tmp_path / "dir.sqlite3"
        manage(dir_db, "migrate", "--noinput", "-v0")
        seconds, cpu = manage(dir_db, "import_page", str(pages), "--year", "2023")
        articles = count(dir_db, "articles_article")
        results["directory"] = {
            "pages": args.pages, "articles": articles, "people": count(dir_db, "people_person"),
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "articles_per_second": round(articles / seconds, 1), "articles_per_cpu_second": round(articles / cpu, 1),
        }

    print(f"{'measure':<44} {'wall':>8} {'CPU':>8}  target")
    seed = results["seed_page"]
    print(f"{'seed page import (s)':<44} {seed['seconds']:>8.2f} {seed['cpu_seconds']:>8.2f}  < 1.5 s")
    for key, label in (("seed_page_dry_run_not_compiled", "seed page --dry-run, not byte-compiled (s)"),
                       ("seed_page_dry_run", "seed page --dry-run, byte-compiled (s)")):
        fig = results[key]
        print(f"{label:<44} {fig['median_seconds']:>8.2f} {fig['median_cpu_seconds']:>8.2f}  < 1.5 s (medians)")
    d = results["directory"]
    label = f"{d['pages']} pages, {d['articles']} articles (s)"
    print(f"{label:<44} {d['seconds']:>8.1f} {d['cpu_seconds']:>8.1f}")
    print(f"{'directory import (articles/s)':<44} {d['articles_per_second']:>8.1f} "
          f"{d['articles_per_cpu_second']:>8.1f}  >= 50")
    results["loadavg_end"] = os.getloadavg()
    print(f"load average {results['loadavg_start'][0]:.1f} at the start, {results['loadavg_end'][0]:.1f} at the end")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
