"""Load test of the production server (a measurement, not a test): wrk against gunicorn on PostgreSQL, reader
pages beside a trivial view, at 10,000 and 100,000 articles, with the caches on and off (issue 14, item 4).

    make loadtest                               # = scripts/loadtest.sh: a throwaway PostgreSQL, then this
    SIZES=1000 DURATION=2 make loadtest         # a smoke run
    MODES=none SIZES="10000 100000" make loadtest   # only build (and keep) the corpora
    PAGES="home search" make loadtest           # some pages only (the trivial view is always measured)
    scripts/with-postgres .venv/bin/python bench/loadtest.py --sizes 10000 --duration 5
    CPU=1 MODES=off make loadtest               # CPU per request instead of wrk (bench/out/cpu.{md,json})

For each size, a database on the PostgreSQL server of ``DATABASE_URL`` is filled by bench/corpus.py (or
restored from var/bench/corpus-N-KEY.dump, a pg_dump of an earlier build keyed by the corpus generator, the
models, migrations and search code, and less than a week old: the corpus's dates run back from the day it was
built), then analyzed. Its URLs are taken from the corpus (the middle article, the busiest person, topic and
organization, a day archive, page 50 of the list, a search for two common words, chosen on the smallest size
and kept for the others). Then, for each mode, scripts/serve starts gunicorn with 2 sync workers
(bench.settings: the site plus /bench/baseline/):

- caches on: ``NEWSROOM_PAGE_CACHE_SECONDS=300`` (the page cache, shared by the workers);
- caches off: ``NEWSROOM_PAGE_CACHE_SECONDS=0`` (the plain render; there is no other cache).

Every URL is fetched a few times before timing (each must answer 200): in both modes this warms the workers
(imports, templates, the search dictionary); with caches on it also fills the shared page cache. Then wrk, 1 thread × 16 connections, runs DURATION seconds on each page in turn, the
trivial view first. Any request error or non-2xx, or an error in the server's log, fails the run (exit 1);
targets missed do not (exit 0): they are marked FAIL in the table.

With ``--cpu`` (``CPU=1``) each page is fetched CPU_REQUESTS times one after another instead (gunicorn's sync
workers close each connection: every request connects anew, as wrk's do), CPU_ROUNDS times, and the CPU time
the server's workers and the processes of the PostgreSQL server of ``DATABASE_URL`` spent is reported per
request (the round with the least, from /proc): far steadier than wrk on a busy machine, and it tells the
application's share from the database's. The PostgreSQL server must run on this machine (its socket's lock
file names its postmaster: the processes counted are it and its children, not another server's).

Targets: caches off, each page at least 10% of the trivial view's rate of the same run, or 335 requests/s
(twice Wagtail's article page on this machine); the 100k rate within 1.3× of the 10k one; caches on, each
page at least 80% of the trivial view's rate. Output: the table on stdout and in bench/out/loadtest.md, every
figure in bench/out/loadtest.json.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
CACHE_DIR = ROOT / "var" / "bench"
BIN = Path(os.environ.get("BIN", ROOT / ".venv" / "bin"))
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))

PAGE_NAMES = ["baseline", "home", "article", "person", "articles_page_50", "topic", "organization", "archive_day",
              "search", "people_index", "organization_index"]
MODES = {"on": {"NEWSROOM_PAGE_CACHE_SECONDS": "300"}, "off": {"NEWSROOM_PAGE_CACHE_SECONDS": "0"}}
OFF_RATIO, OFF_FLOOR, ON_RATIO, GROWTH = 0.10, 335.0, 0.80, 1.3
DUMP_MAX_AGE_DAYS = 7  # a corpus's dates run back from the day it was built: an older one is built again
WARM_FETCHES = 4  # per URL before timing, so that both workers are likely to have imported and rendered it

#: What the corpus's dump depends on: when one of these changes, the corpus is built again.
CORPUS_SOURCES = ["bench/corpus.py", "bench/generate_pages.py", "articles/models.py", "people/models.py"]
#: The search modules that shape what a corpus stores (its documents and triggers); not the query, which a
#: corpus dump does not hold.
SEARCH_STORED = ("analysis", "index", "tokenizer", "triggers")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- children: a Django process on one size's database ------------------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path[:0] = [str(ROOT), str(BENCH)]
    import django

    django.setup()


def child_build(n: int, out: Path) -> None:
    """Migrate and fill this database with ``n`` articles, then analyze it; the corpus's figures go to ``out``."""
    setup_django()
    from corpus import load_corpus
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    corpus = load_corpus(n, log=lambda m: print(m, file=sys.stderr))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    out.write_text(json.dumps(corpus, default=str))


def common_words(sample: int = 2000, low: float = 0.15, high: float = 0.5) -> list[str]:
    """Two common words of the corpus: of bench/site_bench.py's COMMON_WORDS (words of the article templates,
    not names, so the same at every size), the two in the most articles, within ``low``-``high`` of them
    (counted on a sample of the search documents, jieba's cut), that a search for both finds."""
    from site_bench import COMMON_WORDS

    from articles import search
    from articles.models import ArticleSearchDocument

    total = ArticleSearchDocument.objects.count()
    step = max(1, total // sample)
    bodies = ArticleSearchDocument.objects.order_by("pk").values_list("body", flat=True)
    df: collections.Counter[str] = collections.Counter()
    seen = 0
    for k, body in enumerate(bodies.iterator(chunk_size=500)):
        if k % step == 0:
            seen += 1
            df.update(set(body.split()) & set(COMMON_WORDS))
    ranked = sorted((w for w in COMMON_WORDS if low <= df[w] / max(1, seen) <= high), key=lambda w: -df[w])
    for i, first in enumerate(ranked):
        for second in ranked[i + 1 :]:
            if search.search_articles(f"{first} {second}").exists():
                return [first, second]
    raise SystemExit(f"loadtest: no two common words found together in the corpus ({dict(df)})")


def child_discover(out: Path) -> None:
    """The pages' URLs, from the corpus: real slugs, the busiest person, topic and organization."""
    setup_django()
    from django.db.models import Count

    from articles.models import Article, Mention, Topic
    from newsroom.pagination import PAGE_SIZE
    from people.models import Organization, Person

    readable = Article.objects.published()
    count = readable.count()
    # The article page is measured with its lead photo: the middle one of the articles that have one.
    with_photo = readable.filter(photos__isnull=False)
    middle = with_photo.order_by("-published_at")[with_photo.count() // 2]
    busiest = Mention.objects.values("person").annotate(n=Count("pk")).order_by("-n", "person")[0]
    person = Person.objects.get(pk=busiest["person"])
    topic = Topic.objects.annotate(n=Count("articles")).order_by("-n", "pk")[0]
    organization = Organization.objects.annotate(n=Count("articles")).order_by("-n", "pk")[0]
    day = middle.dateline_date
    words = os.environ.get("LOADTEST_SEARCH_WORDS", "").split() or common_words()
    urls = {
        "baseline": "/bench/baseline/",
        "home": "/",
        "article": middle.get_absolute_url(),
        "person": person.get_absolute_url(),
        "articles_page_50": f"/articles/?page={max(1, min(50, count // PAGE_SIZE))}",
        "topic": topic.get_absolute_url(),
        "organization": organization.get_absolute_url(),
        "archive_day": f"/{day:%Y/%m/%d}/",
        "search": "/search/?q=" + quote(" ".join(words)),
        "people_index": "/people/",
        "organization_index": "/organizations/",
    }
    out.write_text(json.dumps({"urls": urls, "search_words": words, "articles_readable": count},
                              ensure_ascii=False))


# -- the parent: databases, servers, wrk ---------------------------------------------------------------------


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True, **kwargs)


def pg_params(url: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from newsroom.env import parse_database_url

    db = parse_database_url(url, base_dir=ROOT)
    return {"host": db["HOST"], "port": db["PORT"] or None, "user": db["USER"] or None,
            "password": db["PASSWORD"] or None, "dbname": db["NAME"], "autocommit": True}


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(**pg_params(url)) as conn:
        conn.execute(sql)


def corpus_key(n: int) -> str:
    digest = hashlib.sha256(f"{n}".encode())
    paths = [ROOT / p for p in CORPUS_SOURCES] + sorted(ROOT.glob("*/migrations/*.py"))
    paths += [ROOT / "articles" / "search" / f"{name}.py" for name in SEARCH_STORED]
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def prepare_database(n: int, server_url: str, env: dict, tmp: Path, rebuild: bool) -> tuple[str, dict]:
    """A database of ``n`` articles on the server: restored from its dump, or built (and dumped)."""
    name = f"loadtest_{n}"
    admin_sql(server_url, f"DROP DATABASE IF EXISTS {name}")
    admin_sql(server_url, f"CREATE DATABASE {name}")
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    libpq_url = "postgresql" + url[url.index(":"):]
    dump = CACHE_DIR / f"corpus-{n}-{corpus_key(n)}.dump"
    figures: dict = {"dump": str(dump.relative_to(ROOT))}
    started = time.perf_counter()
    fresh = dump.exists() and time.time() - dump.stat().st_mtime < DUMP_MAX_AGE_DAYS * 86400
    if fresh and not rebuild:
        log(f"{n:,} articles: restoring {figures['dump']}")
        run([PGBIN / "pg_restore", "--no-owner", "--jobs=2", "--dbname", libpq_url, dump])
        admin_sql(url, "VACUUM ANALYZE")
        figures |= {"restored": True, "restore_seconds": round(time.perf_counter() - started, 1)}
        meta = dump.with_suffix(".json")
        figures["corpus"] = json.loads(meta.read_text()) if meta.exists() else {}
    else:
        log(f"{n:,} articles: building the corpus (bench/corpus.py)")
        out = tmp / f"corpus-{n}.json"
        run([sys.executable, __file__, "--child-build", n, "--out", out], env={**env, "DATABASE_URL": url})
        figures |= {"restored": False, "build_seconds": round(time.perf_counter() - started, 1),
                    "corpus": json.loads(out.read_text())}
        started = time.perf_counter()
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for old in CACHE_DIR.glob(f"corpus-{n}-*"):
            old.unlink()
        partial = dump.with_suffix(".partial")
        run([PGBIN / "pg_dump", "--format=custom", "--compress=1", "--file", partial, libpq_url])
        partial.rename(dump)
        dump.with_suffix(".json").write_text(json.dumps(figures["corpus"]))
        figures["dump_seconds"] = round(time.perf_counter() - started, 1)
        figures["dump_mb"] = round(dump.stat().st_size / 1e6, 1)
    log(f"{n:,} articles: database ready ({figures})")
    return url, figures


def get(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": "loadtest"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer of its own: it must not pass for the page


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


class Server:
    """scripts/serve (gunicorn, 2 sync workers, bench.settings) on loopback, for one size and mode."""

    def __init__(self, env: dict, port: int, logfile: Path):
        self.base = f"http://127.0.0.1:{port}"
        self.logfile = logfile
        self.env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "ACCESS_LOG": "/dev/null"}

    def __enter__(self) -> Server:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", int(self.base.rsplit(":", 1)[1]))) == 0:
                raise SystemExit(f"loadtest: something already listens on {self.base} (set PORT)")
        self.log = self.logfile.open("w")
        self.process = subprocess.Popen([ROOT / "scripts" / "serve"], cwd=ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"loadtest: the server stopped:\n{self.logfile.read_text()[-3000:]}")
            try:
                get(self.base + "/bench/baseline/")
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("loadtest: the server did not answer within 120 s")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def errors(self) -> list[str]:
        return [line for line in self.logfile.read_text().splitlines() if re.search(r"Traceback|\bERROR\b", line)]


def wrk(base: str, path: str, duration: int, connections: int, threads: int) -> dict:
    """One wrk run on one path: requests/s, errors, latency percentiles (scripts/loadtest.lua's RESULT line)."""
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
         "-s", str(ROOT / "scripts" / "loadtest.lua"), base, "--", path],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"loadtest: no RESULT from wrk on {path}:\n{out}")
    result: dict = {}
    for field in line.split()[1:]:
        key, value = field.split("=")
        result[key] = float(value) if "." in value else int(value)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    # wrk counts an answer over 399 in errors_status and prints it as "Non-2xx or 3xx" (the same answers);
    # a redirect would pass, but the warm-up before (each URL must answer 200, redirects not followed) stops it
    result["errors"] = (sum(result[k] for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout"))
                        + max(result["errors_status"], result["non_2xx"]))
    return result


CPU_REQUESTS, CPU_ROUNDS, CPU_WARM = 200, 3, 30


def _ticks(pids: list[int]) -> dict[int, int]:
    """CPU ticks (user + system) of each of ``pids`` still running."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def _pids(*pgrep_args: str) -> list[int]:
    found = subprocess.run(["pgrep", *pgrep_args], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def postgres_pids(server_url: str) -> list[int]:
    """The processes of the PostgreSQL server of ``server_url``: its postmaster, named by its socket's lock file,
    and the postmaster's children."""
    params = pg_params(server_url)
    lock = Path(params["host"] or "/var/run/postgresql") / f".s.PGSQL.{params['port'] or 5432}.lock"
    try:
        postmaster = int(lock.read_text().split()[0])
    except (OSError, ValueError, IndexError) as exc:
        raise SystemExit(f"loadtest --cpu: no local PostgreSQL server at {lock} ({exc})") from exc
    return [postmaster, *_pids("-P", str(postmaster))]


def cpu_per_request(server: Server, path: str, server_url: str) -> dict:
    """App and PostgreSQL CPU milliseconds per request of ``path`` (see the module), and the wall time."""
    host, port = urlsplit(server.base).hostname, urlsplit(server.base).port
    connection = http.client.HTTPConnection(host, port, timeout=60)

    def fetch(times: int) -> None:
        for _ in range(times):
            connection.request("GET", path, headers={"User-Agent": "loadtest"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"loadtest: {path} answers {response.status}")

    fetch(CPU_WARM)
    workers, hz, best = _pids("-P", str(server.process.pid)), os.sysconf("SC_CLK_TCK"), None
    for _ in range(CPU_ROUNDS):
        processes = workers + postgres_pids(server_url)  # again each round: backends come and go
        before, started = _ticks(processes), time.perf_counter()
        fetch(CPU_REQUESTS)
        wall, after = time.perf_counter() - started, _ticks(processes)
        spent = {pid: after[pid] - before[pid] for pid in after if pid in before}
        app = sum(spent[pid] for pid in workers if pid in spent) / hz / CPU_REQUESTS * 1000
        database = sum(t for pid, t in spent.items() if pid not in workers) / hz / CPU_REQUESTS * 1000
        if best is None or app + database < best["app_ms"] + best["db_ms"]:
            best = {"app_ms": round(app, 2), "db_ms": round(database, 2), "wall_ms": round(wall / CPU_REQUESTS * 1000, 2)}
    connection.close()
    return best


def measure(n: int, mode: str, urls: dict, env: dict, args, tmp: Path) -> tuple[dict, dict]:
    """wrk on each page, on a server of its own: each page's figures, and the seconds the server took."""
    env = {**env, **MODES[mode], "LOADTEST_CACHE_PREFIX": f"lt{n}{mode}{time.time_ns()}"}
    results: dict = {}
    started = time.perf_counter()
    with Server(env, args.port, tmp / f"server-{n}-{mode}.log") as server:
        timings = {"server_start": round(time.perf_counter() - started, 1)}
        started = time.perf_counter()
        for path in urls.values():
            for _ in range(WARM_FETCHES):
                status = get(server.base + path)
                if status != 200:
                    raise SystemExit(f"loadtest: {path} answers {status} ({n:,} articles, caches {mode})")
        timings["warm_up"] = round(time.perf_counter() - started, 1)
        log(f"  {n:,} caches {mode}: server up in {timings['server_start']}s, warmed in {timings['warm_up']}s")
        for name, path in urls.items():
            if args.cpu:
                r = {**cpu_per_request(server, path, env["DATABASE_URL"]), "errors": 0}
                results[name] = {"url": path, **r}
                log(f"  {n:,} caches {mode:<3} {name:<18} app {r['app_ms']:6.2f} ms  PostgreSQL {r['db_ms']:6.2f} ms"
                    f"  wall {r['wall_ms']:6.2f} ms")
                continue
            r = wrk(server.base, path, args.duration, args.connections, args.threads)
            results[name] = {"url": path, **r}
            log(f"  {n:,} caches {mode:<3} {name:<18} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms"
                f"  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}")
        logged = server.errors()
        started = time.perf_counter()
    timings["server_stop"] = round(time.perf_counter() - started, 1)
    failed = {name: r["errors"] for name, r in results.items() if r["errors"]}
    if failed or logged:
        print("\n".join(logged[-20:]), file=sys.stderr)
        raise RequestErrors(f"{n:,} articles, caches {mode}: request errors {failed}, "
                            f"{len(logged)} error lines in the server log")
    return results, timings


class RequestErrors(Exception):
    pass


# -- the report ------------------------------------------------------------------------------------------------


def checks(runs: list[dict], sizes: list[int]) -> list[dict]:
    """Each target, page by page: caches off ≥ 10% of the trivial view or ≥ 335 req/s; caches on ≥ 80% of the
    trivial view; caches off, the 100k rate within 1.3× of the 10k one (the smallest and largest sizes run)."""
    out = []
    by = {(r["size"], r["mode"]): r for r in runs}
    for r in runs:
        base = r["pages"]["baseline"]["rps"]
        for name, p in r["pages"].items():
            if name == "baseline":
                continue
            ratio = p["rps"] / base if base else 0.0
            if r["mode"] == "off":
                ok = ratio >= OFF_RATIO or p["rps"] >= OFF_FLOOR
                target = f"≥ {OFF_RATIO:.0%} of trivial or ≥ {OFF_FLOOR:.0f} req/s"
            else:
                ok = ratio >= ON_RATIO
                target = f"≥ {ON_RATIO:.0%} of trivial"
            out.append({"check": f"caches {r['mode']}", "size": r["size"], "page": name, "rps": p["rps"],
                        "ratio": round(ratio, 3), "target": target, "pass": ok})
    if len(sizes) > 1 and (sizes[0], "off") in by and (sizes[-1], "off") in by:
        small, large = by[(sizes[0], "off")], by[(sizes[-1], "off")]
        for name in small["pages"]:
            if name == "baseline":
                continue
            slowdown = small["pages"][name]["rps"] / large["pages"][name]["rps"]
            out.append({"check": "growth, caches off", "size": sizes[-1], "page": name,
                        "slowdown": round(slowdown, 3), "target": f"{sizes[-1]:,} within {GROWTH}× of {sizes[0]:,}",
                        "pass": slowdown <= GROWTH})
    return out


def cpu_table(runs: list[dict]) -> str:
    """The CPU per request of each page: the app's and PostgreSQL's milliseconds."""
    names = list(runs[0]["pages"])
    lines = ["| articles · caches | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for r in runs:
        cells = [f"{p['app_ms']:.1f} + {p['db_ms']:.1f}" for p in (r["pages"][name] for name in names)]
        lines.append(f"| {r['size']:,} · {r['mode']} | " + " | ".join(cells) + " |")
    lines += ["", f"CPU ms per request, app (gunicorn's 2 workers) + PostgreSQL (its processes), over {CPU_REQUESTS} "
              f"requests in a row, the least of {CPU_ROUNDS} rounds (/proc ticks of 10 ms: about ±0.2 ms). One "
              "request at a time: a figure of the page's own work, not a rate (under load each request also costs "
              "the client and the connection, which this leaves out, so wrk's shares of the trivial view are lower)."]
    lines.append(_search_words(runs))
    return "\n".join(lines)


def _search_words(runs: list[dict]) -> str:
    """The words each size's search looked for, as the tables' last line says them."""
    words = {r["size"]: r["search_words"] for r in runs}
    return "Search words: " + "; ".join(f"{n:,}: {' '.join(w)}" for n, w in words.items()) + "."


def table(runs: list[dict], results: list[dict], sizes: list[int], args) -> str:
    names = list(runs[0]["pages"])
    verdict = {(c["check"], c["size"], c["page"]): c["pass"] for c in results}
    head = ["articles · caches", *names]
    rows = []
    for r in runs:
        base = r["pages"]["baseline"]["rps"]
        cells = [f"{r['size']:,} · {r['mode']}"]
        for name in names:
            rps = r["pages"][name]["rps"]
            if name == "baseline":
                cells.append(f"{rps:.0f}")
                continue
            ok = verdict[(f"caches {r['mode']}", r["size"], name)]
            cells.append(f"{rps:.0f} ({rps / base:.0%}) {'PASS' if ok else 'FAIL'}")
        rows.append(cells)
    growth = [c for c in results if c["check"] == "growth, caches off"]
    if growth:
        g = {c["page"]: c for c in growth}
        rows.append([f"{sizes[0] // 1000}k÷{sizes[-1] // 1000}k · off", "",
                     *(f"{g[name]['slowdown']:.2f}× {'PASS' if g[name]['pass'] else 'FAIL'}" for name in names[1:])])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    missed = [c for c in results if not c["pass"]]
    lines += [
        "",
        f"Requests/s, wrk {args.threads} thread × {args.connections} connections, {args.duration} s per page, "
        f"gunicorn 2 sync workers, PostgreSQL; (n%) = share of the trivial view (baseline) of the same row.",
        f"Targets: caches off ≥ {OFF_RATIO:.0%} of trivial or ≥ {OFF_FLOOR:.0f} req/s; caches on ≥ {ON_RATIO:.0%} "
        f"of trivial" + (f"; caches off, {sizes[-1]:,} within {GROWTH}× of {sizes[0]:,} (last row: the rate "
                         "at the smaller size ÷ the rate at the larger)." if growth else "."),
        f"Checks: {len(results) - len(missed)} PASS, {len(missed)} FAIL.",
    ]
    lines.append(_search_words([r for r in runs if r["mode"] == "off"]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=os.environ.get("SIZES", "10000 100000"),
                        help="article counts, separated by spaces or commas (SIZES)")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "20")),
                        help="seconds of wrk per page (DURATION)")
    parser.add_argument("--pages", default=os.environ.get("PAGES", ""),
                        help=f"pages to measure (PAGES; default all): {' '.join(PAGE_NAMES[1:])}")
    parser.add_argument("--modes", default=os.environ.get("MODES", "on off"),
                        help="on, off, both, or none: only build the corpora's dumps (MODES)")
    parser.add_argument("--cpu", action="store_true", default=os.environ.get("CPU", "") not in ("", "0"),
                        help="CPU per request (app and PostgreSQL) instead of wrk; bench/out/cpu.{md,json} by default")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8765")))
    parser.add_argument("--rebuild", action="store_true", default=os.environ.get("REBUILD", "") not in ("", "0"),
                        help="build the corpora even when a dump exists (REBUILD=1)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "loadtest.json")
    parser.add_argument("--md", type=Path, default=ROOT / "bench" / "out" / "loadtest.md")
    parser.add_argument("--child-build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-discover", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu and args.json == ROOT / "bench" / "out" / "loadtest.json":
        args.json, args.md = ROOT / "bench" / "out" / "cpu.json", ROOT / "bench" / "out" / "cpu.md"
    if args.child_build:
        child_build(args.child_build, args.out)
        return 0
    if args.child_discover:
        child_discover(args.out)
        return 0

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        raise SystemExit("loadtest: DATABASE_URL must name a PostgreSQL server (run it through scripts/loadtest.sh)")
    if not args.cpu and not shutil.which("wrk"):
        raise SystemExit("loadtest: wrk not found (apt-get install wrk)")
    sizes = sorted(int(s) for s in re.split(r"[ ,]+", args.sizes.strip()))
    wanted = re.split(r"[ ,]+", args.pages.strip()) if args.pages.strip() else PAGE_NAMES[1:]
    unknown = set(wanted) - set(PAGE_NAMES)
    if unknown:
        raise SystemExit(f"loadtest: unknown pages {sorted(unknown)}; known: {' '.join(PAGE_NAMES[1:])}")
    pages = ["baseline", *(p for p in PAGE_NAMES[1:] if p in wanted)]
    modes = [m for m in ("on", "off") if m in re.split(r"[ ,]+", args.modes)]

    # Production settings on plain HTTP loopback, plus the trivial view (bench.settings).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "0",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
           "DJANGO_SECURE_COOKIES": "0", "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
           or secrets.token_urlsafe(50), "PYTHONPATH": str(ROOT)}
    report: dict = {"started": dt.datetime.now().isoformat(timespec="seconds"), "sizes": sizes,
                    "duration": args.duration, "connections": args.connections, "threads": args.threads,
                    "workers": 2, "cpus": os.cpu_count(), "loadavg_start": os.getloadavg(), "corpora": {},
                    "runs": [], "phases": {}}
    runs = report["runs"]
    errors = None
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"newsroom-loadtest-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        for n in sizes:
            started = time.perf_counter()
            url, figures = prepare_database(n, server_url, env, tmp, args.rebuild)
            report["corpora"][n] = figures
            report["phases"][f"{n}_database"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            env_n = {**env, "DATABASE_URL": url}
            run([sys.executable, __file__, "--child-discover", "--out", tmp / "urls.json"], env=env_n)
            found = json.loads((tmp / "urls.json").read_text())
            # the words chosen on the smallest corpus at every size: the same search, for the 1.3× check
            env["LOADTEST_SEARCH_WORDS"] = " ".join(found["search_words"])
            urls = {name: found["urls"][name] for name in pages}
            log(f"{n:,} articles: pages " + " ".join(urls.values()))
            report["phases"][f"{n}_discover"] = round(time.perf_counter() - started, 1)
            for mode in modes:
                started = time.perf_counter()
                try:
                    measured, timings = measure(n, mode, urls, env_n, args, tmp)
                except RequestErrors as exc:
                    errors = str(exc)
                    break
                runs.append({"size": n, "mode": mode, "pages": measured, "search_words": found["search_words"],
                             "timings": timings,
                             "articles_readable": found["articles_readable"]})
                report["phases"][f"{n}_{mode}"] = round(time.perf_counter() - started, 1)
            admin_sql(server_url, f"DROP DATABASE IF EXISTS loadtest_{n}")
            if errors:
                break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["loadavg_end"] = os.getloadavg()
    if not modes and not errors:
        print(f"loadtest: corpora ready, no measurement (MODES=none): {json.dumps(report['phases'])}")
        return 0
    if not runs:
        raise SystemExit(f"loadtest: FAILED: {errors}")
    report["checks"] = [] if args.cpu else checks(runs, sizes)
    text = cpu_table(runs) if args.cpu else table(runs, report["checks"], sizes, args)
    phases = ", ".join(f"{k} {v:.0f}s" for k, v in report["phases"].items())
    text += f"\nPhases: {phases}. Load average {report['loadavg_start'][0]:.1f} at the start, " \
            f"{report['loadavg_end'][0]:.1f} at the end ({os.cpu_count()} CPUs)."
    report["error"] = errors
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    args.md.write_text(f"# {'CPU per request' if args.cpu else 'Load test'}, {report['started']}\n\n{text}\n")
    print(text)
    if errors:
        print(f"loadtest: FAILED: {errors}", file=sys.stderr)
        return 1
    print(f"loadtest: no request errors; figures in {args.json}, {args.md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
