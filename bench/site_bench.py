"""Site benchmark (a benchmark, not a test): reader pages and search at 1,000 to 100,000 articles.

    .venv/bin/python bench/site_bench.py [--sizes 1000,10000,100000] [--repeat 50] [--json bench/out/site.json]
    scripts/with-postgres .venv/bin/python bench/site_bench.py --json bench/out/site-postgres.json

For each size a fresh database (SQLite in a temporary file, or a new database on the PostgreSQL server that
``DATABASE_URL`` names) is migrated and filled by bench/corpus.py, then each page is requested ``--repeat``
times through Django's full stack (django.test.Client, in-process) and the server-side time's p50 and p95
are taken, two ways: "plain", the page cache off (the first reader after a change, a page not cached yet:
the database and the templates pay for everything), and "warm", the whole page from the page cache. A
trivial view behind the same middleware is the baseline of the same run, so figures read as ratios. The
number of queries of each page is counted once, and the Python function calls of one plain render
(cProfile): a figure that does not move with the machine's load. Searches nobody has made yet are timed too, each once (30
names, 30 name + word pairs, 30 sets of three common words). Search is also timed at the ORM level (a count
and the first page of results) against a plain ``icontains`` scan of the same corpus.

Absolute times vary between runs and machines (and with whatever else the machine is doing): compare the
ratios, and run it twice before believing a figure.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from functools import reduce
from operator import or_
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]


#: Words in 16-50% of the corpus's articles, for searches of three common words nobody made before.
COMMON_WORDS = ["安全", "生产", "检查", "隐患", "调研", "会议", "项目", "企业", "发展", "工作", "推进", "服务", "建设"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, repeat: int, warmup: int = 2, before=None) -> dict:
    """p50 and p95 in ms of ``fn()``; ``before()`` runs ahead of each call, outside the timing."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"p50": round(statistics.median(times), 2), "p95": round(percentile(times, 0.95), 2)}


def rotated(client, pages: dict[str, str], repeat: int, warmup: int = 2, before=None) -> dict[str, dict]:
    """p50 and p95 in ms of each page, requested in turn ``repeat`` times, in a new order each round (what a
    request leaves behind, such as garbage to collect, is paid by whichever comes next); ``before()`` runs
    ahead of each request, outside the timing."""
    for _ in range(warmup):
        for url in pages.values():
            client.get(url)
    times: dict[str, list[float]] = {name: [] for name in pages}
    order = list(pages.items())
    shuffle = random.Random(11).shuffle
    for _ in range(repeat):
        shuffle(order)  # a new order each round: no page always follows the same (costly) one
        for name, url in order:
            if before:
                before()
            start = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: {"p50": round(statistics.median(t), 2), "p95": round(percentile(t, 0.95), 2)}
            for name, t in times.items()}


# -- one size, in a child process with DATABASE_URL set -----------------------------------------------------


def child(n: int, repeat: int, out: Path, *, build: bool) -> None:
    """Build the corpus (``build``: its figures go to ``out``), or time the site on it, in a fresh process as a
    server would be: a process that had just generated 100,000 articles carried their garbage into every
    request (the trivial view took 0.8 ms instead of 0.45)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["DJANGO_DEBUG"] = "1"  # development static files; DEBUG itself is turned off below
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"  # persistent connections, as in production
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # no query log, no template debug: as in production
    settings.ROOT_URLCONF = "bench_urls"

    from corpus import load_corpus
    from django.core.cache import cache

    from articles import search
    from articles.models import Article, ArticleStatus, Mention, Topic
    from people.models import Organization, Person

    if build:
        call_command("migrate", verbosity=0)
        corpus = load_corpus(n, log=lambda m: print(m, file=sys.stderr))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        out.write_text(json.dumps(corpus, default=str))
        return
    corpus = json.loads(out.read_text())

    readable = Article.objects.published()
    middle = readable.order_by("-published_at")[readable.count() // 2]
    busiest = Mention.objects.values("person").annotate(n=django.db.models.Count("pk")).order_by("-n")[0]
    person = Person.objects.get(pk=busiest["person"])
    topic = Topic.objects.annotate(n=django.db.models.Count("articles")).order_by("-n")[0]
    organization = Organization.objects.annotate(n=django.db.models.Count("articles")).order_by("-n")[0]
    # Someone named once, in one of the oldest articles: their page must not cost more for being old.
    oldest = list(readable.order_by("published_at").values_list("pk", flat=True)[: max(10, readable.count() // 100)])
    once = (Mention.objects.values("person").annotate(n=django.db.models.Count("pk")).filter(n=1)
            .values_list("person", flat=True))
    rare_person = Person.objects.filter(pk__in=once, mentions__article__in=oldest).first()
    day = middle.dateline_date
    pages = {
        "baseline": "/bench/baseline/",
        "home": "/",
        "article": middle.get_absolute_url(),
        "person": person.get_absolute_url(),
        "person_rare_old": (rare_person or person).get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "archive_day": f"/{day:%Y/%m/%d}/",
        "archive_month": f"/{day:%Y/%m}/",
        "articles": "/articles/",
        "articles_filtered": f"/articles/?topic={topic.slug}&start={day.replace(day=1):%Y-%m-%d}&end={day:%Y-%m-%d}",
        "articles_page_50": f"/articles/?page={min(50, readable.count() // 20)}",
        "people_index": "/people/",
        "organization_index": "/organizations/",
    }
    queries = {
        "search_1": person.name,
        "search_2": f"{person.name} 调研",
        "search_3": "安全生产 大检查 隐患",
    }
    for name, q in queries.items():
        pages[name] = f"/search/?q={q}"

    client = Client()
    results: dict = {"size": n, "vendor": connection.vendor, "corpus": corpus, "pages": {}, "search_orm": {}}
    settings.PAGE_CACHE_SECONDS = 0
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        connection.force_debug_cursor = True  # the request's queries (the log is reset when a request starts)
        client.get(url)
        results["pages"][name] = {"url": url, "queries": len(connection.queries)}
        connection.force_debug_cursor = False
        # Python function calls of one plain render (cProfile): the work a page costs, whatever the machine is
        # doing meanwhile.
        profile = cProfile.Profile()
        profile.runcall(client.get, url)
        results["pages"][name]["calls"] = pstats.Stats(profile).total_calls
    # In rotation (one request to each page, then again): a slow moment of the machine falls on every page
    # alike, the baseline included, rather than on whichever page was being timed then.
    plain = rotated(client, pages, repeat)
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    warm = rotated(client, pages, repeat)
    for name in pages:
        results["pages"][name] |= {"plain": plain[name], "warm": warm[name]}
        print(f"  {name:<18} plain {plain[name]['p50']:8.1f} ms"
              f"  warm {warm[name]['p50']:6.2f} ms  {results['pages'][name]['queries']} queries", file=sys.stderr)

    # Searches no one has made yet (so nothing of them is kept): each query once, the rest of the site warm.
    settings.PAGE_CACHE_SECONDS = 0
    rng = random.Random(3)
    named = list(Person.objects.filter(mentions__isnull=False).exclude(pk=person.pk).distinct()
                 .order_by("pk").values_list("name", flat=True)[:2000])
    fresh = {"search_new_1": rng.sample(named, min(30, len(named)))}
    fresh["search_new_2"] = [f"{name} {rng.choice(['调研', '会议', '项目', '安全'])}"
                             for name in rng.sample(named, min(30, len(named)))]
    # Three common words (each in 16-50% of the articles): the newest matches are many and must be looked for.
    fresh["search_new_3"] = [" ".join(words) for words in rng.sample(
        list(itertools.combinations(COMMON_WORDS, 3)), 30)]
    results["search_new"] = {}
    for name, fresh_queries in fresh.items():
        times = []
        for q in fresh_queries:
            start = time.perf_counter()
            response = client.get("/search/", {"q": q})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, q
        results["search_new"][name] = {"queries": len(times), "p50": round(statistics.median(times), 2),
                                       "p95": round(percentile(times, 0.95), 2)}
        print(f"  {name:<18} p50 {statistics.median(times):8.1f} ms  p95 {percentile(times, 0.95):8.1f} ms"
              f"  ({len(times)} searches never made before)", file=sys.stderr)

    # The search itself, at the ORM level.
    for name, q in queries.items():
        def indexed(q=q):
            found = search.search_articles(q)
            return found.count(), list(found[:20])

        def scan(q=q):  # the plain scan the index replaces: every word found by icontains in the texts
            fields = ("title", "kicker", "subtitle", "lead", "body")
            words = search.search_terms(q)
            found = readable.filter(*(reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words))
            found = (found if words else readable.none()).order_by("-published_at")
            return found.count(), list(found[:20])

        hits = indexed()[0]
        assert hits, f"the search for {q!r} found nothing: the benchmark would time an empty result"
        results["search_orm"][name] = {
            "query": q, "hits": hits, "indexed": timed(indexed, repeat), "icontains": timed(scan, max(3, repeat // 5)),
            "icontains_hits": scan()[0],
        }
    results["articles_readable"] = readable.count()
    results["articles_draft"] = Article.objects.filter(status=ArticleStatus.DRAFT).count()
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))


# -- the parent: one child per size, then the table ----------------------------------------------------------


def database_url_for(n: int, tmp: Path) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / f'bench-{n}.sqlite3'}", lambda: None
    import psycopg

    from newsroom.env import parse_database_url

    db = parse_database_url(url, base_dir=ROOT)
    params = {"host": db["HOST"], "port": db["PORT"] or None, "user": db["USER"] or None,
              "password": db["PASSWORD"] or None, "dbname": db["NAME"], "autocommit": True}
    name = f"bench_{n}"
    with psycopg.connect(**params) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(**params) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), drop


def table(runs: list[dict]) -> str:
    sizes = [r["size"] for r in runs]
    vendor = runs[0]["vendor"]
    head = f"{vendor:<18}" + "".join(f"{f'{n:,} articles':>47}" for n in sizes)
    sub = f"{'page':<18}" + "".join(f"{'plain (×base)  p95  warm  q  calls':>47}" for _ in sizes)
    lines = [head, sub]
    for name in runs[0]["pages"]:
        row = f"{name:<18}"
        for r in runs:
            p = r["pages"][name]
            base = r["pages"]["baseline"]["plain"]["p50"]
            ratio = p["plain"]["p50"] / base if base else 0
            row += (f"{p['plain']['p50']:>13.1f} ({ratio:>5.1f}×) {p['plain']['p95']:>6.1f}"
                    f" {p['warm']['p50']:>5.2f} {p['queries']:>3} {p.get('calls', 0):>6}")
        lines.append(row)
    lines.append("")
    lines.append(f"{'search (ORM)':<18}" + "".join(f"{'index ms  icontains ms  ×  hits':>40}" for _ in sizes))
    for name in runs[0]["search_orm"]:
        row = f"{name:<18}"
        for r in runs:
            s = r["search_orm"][name]
            speedup = s["icontains"]["p50"] / s["indexed"]["p50"] if s["indexed"]["p50"] else 0
            row += f"{s['indexed']['p50']:>14.1f} {s['icontains']['p50']:>11.1f} {speedup:>6.0f}× {s['hits']:>6}"
        lines.append(row)
    lines.append("")
    lines.append(f"{'new searches':<18}" + "".join(f"{'p50 ms  p95 ms  (each once)':>40}" for _ in sizes))
    for name in runs[0].get("search_new", {}):
        row = f"{name:<18}"
        for r in runs:
            s = r["search_new"][name]
            row += f"{s['p50']:>26.1f} {s['p95']:>7.1f} {s['queries']:>4}"
        lines.append(row)
    lines.append("")
    lines.append("corpus build (s): " + ", ".join(f"{r['size']:,}: {r['corpus']['seconds']}" for r in runs))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat, args.out, build=args.build)
        return

    runs = []
    with tempfile.TemporaryDirectory(prefix="newsroom-site-bench-") as tmp:
        tmp_path = Path(tmp)
        for n in [int(s) for s in args.sizes.split(",")]:
            url, drop = database_url_for(n, tmp_path)
            out = tmp_path / f"site-{n}.json"
            print(f"{n:,} articles ({url.split(':')[0]})", file=sys.stderr)
            env = {**os.environ, "DATABASE_URL": url}
            try:
                for step in ("--build", "--measure"):
                    subprocess.run([sys.executable, __file__, "--child", str(n), step, "--repeat", str(args.repeat),
                                    "--out", str(out)], cwd=ROOT, env=env, check=True)
            finally:
                drop()
            runs.append(json.loads(out.read_text()))
    print(table(runs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
