"""Every worker of a real multi-process server serves the new state within 2 s of any change a reader could see
(issue 14): a publish, a withdrawal, an edit going live, a person renamed or merged, a scheduled time reached.

A black-box test, against HTTP responses only: gunicorn with 3 sync workers (the options of ``scripts/serve``)
on a loopback port, production settings with the page cache on at its default (300 s), against a database of
its own: a SQLite file, and a throwaway PostgreSQL server (``tests/pg_cluster.py``; skipped without the
binaries). The test run's own database is never used (the server processes could not see it): no test here
asks for ``django_db``. Every write is made by another process, a Python subprocess with Django set up that
calls the project's services (``articles.workflow``, ``people.services``, ``save()``), as an editor's process
would.

Each page is first requested until every worker has served it (which worker answered each request is read from
gunicorn's access log: its process id, and a probe number the request carries in a header), then the change
is made, and from 2 s later every page is requested 30 times (more if a worker was missed): every response,
from every worker, must show the new state.

A control, to tell a stale cache from a broken harness: with the caches off the same scenarios must pass::

    NEWSROOM_TEST_SERVER_ENV="NEWSROOM_PAGE_CACHE_SECONDS=0" \\
        .venv/bin/pytest tests/test_cache_processes.py

(``NEWSROOM_TEST_SERVER_ENV``: extra ``NAME=value`` settings for the servers, e.g. ``REDIS_URL=…``.)

The memory test (2,000 URLs never asked before; each worker's RSS from /proc) runs once, on SQLite.
"""

from __future__ import annotations

import ctypes
import http.client
import itertools
import json
import os
import re
import secrets
import select
import shlex
import signal
import string
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gunicorn.config import KNOWN_SETTINGS

from tests import pg_cluster

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3
#: How soon after a change every worker must serve the new state, and how many requests of each page prove it.
DEADLINE = 2.0
REQUESTS = 30
#: Client connections at once: more than the workers, so that every worker takes requests.
CONCURRENCY = 4

# `make test` runs these once, in its SQLite run (they start servers of their own whatever the run's database).
once = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                          reason="servers of its own: run once, in the SQLite run of make test")


# -- the server's environment and the writer ---------------------------------------------------------------


def server_env(database_url: str) -> dict[str, str]:
    """Production settings on plain HTTP loopback, page cache on, nothing inherited from the test run's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "NEWSROOM_", "REDIS_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_CONN_MAX_AGE="600",  # as scripts/serve
        NEWSROOM_PAGE_CACHE_SECONDS="300",
    )
    for item in shlex.split(os.environ.get("NEWSROOM_TEST_SERVER_ENV", "")):
        name, _, value = item.partition("=")
        env[name] = value
    return env


def die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process dies, even killed (a server must not outlive it)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"


WRITER = textwrap.dedent(
    """
    import json, sys, traceback
    import django
    django.setup()
    namespace = {}
    print("@@ready", flush=True)
    for line in sys.stdin:
        try:
            exec(json.loads(line), namespace)
            reply = {"result": namespace.pop("result", None)}
        except Exception:
            reply = {"error": traceback.format_exc()}
        print("@@" + json.dumps(reply, default=str), flush=True)
    """
)


class Writer:
    """One Python process with Django set up (the server's settings and database) that runs the snippets it is
    sent, each a few lines calling the project's services: an editor's process, without a Django start-up per
    change. ``run`` returns once the snippet is done, its transactions committed."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        with open(log, "wb") as err:
            self.process = subprocess.Popen([sys.executable, "-c", WRITER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=err, start_new_session=True,
                                            preexec_fn=die_with_parent)
        self._buffer = b""
        self._reply(timeout=120)

    def run(self, code: str, timeout: float = 60):
        self.process.stdin.write((json.dumps(textwrap.dedent(code)) + "\n").encode())
        self.process.stdin.flush()
        reply = json.loads(self._reply(timeout))
        if "error" in reply:
            raise AssertionError(f"the writer failed:\n{reply['error']}")
        return reply["result"]

    def _reply(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while True:
            line, newline, rest = self._buffer.partition(b"\n")
            if newline:
                self._buffer = rest
                if line.startswith(b"@@"):
                    return line[2:].decode()
                continue
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise AssertionError(f"the writer gave no answer:\n{self.log.read_text(errors='replace')[-3000:]}")
            if select.select([fd], [], [], min(left, 1.0))[0]:
                chunk = os.read(fd, 65536)
                if not chunk and self.process.poll() is not None:
                    continue
                self._buffer += chunk

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process.stdout.close()


# -- the server --------------------------------------------------------------------------------------------


@dataclass
class Response:
    probe: int
    path: str
    sent: float  # time.monotonic() when sent
    status: int
    body: str
    page_cache: str | None  # the X-Page-Cache header: shown in failures, never asserted
    worker: int = 0  # the process id of the worker that answered, from the access log


@dataclass
class Gunicorn:
    """``gunicorn newsroom.wsgi`` with WORKERS sync workers on a free loopback port (bound to port 0 by gunicorn
    itself, read back from its log: no race for the port), in a process group of its own, killed whole."""

    database: str
    env: dict[str, str]
    workdir: Path
    writer: Writer | None = None
    port: int = 0
    _probes: itertools.count = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.log = self.workdir / "gunicorn.log"
        self.access_log = self.workdir / "access.log"

    def start(self) -> None:
        command = [
            sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--bind", "127.0.0.1:0",
            "--workers", str(WORKERS), "--timeout", "30", "--graceful-timeout", "5", "--keep-alive", "5",
            "--max-requests", "20000", "--max-requests-jitter", "2000", "--forwarded-allow-ips", "127.0.0.1",
            "--access-logfile", str(self.access_log),
            "--access-logformat", '%(p)s %({x-probe}i)s %(s)s %(M)sms "%(r)s"',
            "--error-logfile", "-",
        ]
        if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
            # gunicorn ≥ 25: its control socket's default path ($HOME/.gunicorn) is shared by every gunicorn of
            # the user; a throwaway server must not take it over
            command.append("--no-control-socket")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True, preexec_fn=die_with_parent)
        try:
            self._wait_until_ready(timeout=90)
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.fail(f"gunicorn exited ({self.process.returncode}) before it was ready")
            if not self.port:
                found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.log.read_text(errors="replace"))
                self.port = int(found.group(1)) if found else 0
            if self.port and len(self.worker_pids()) == WORKERS:
                try:
                    if self.get("/robots.txt").status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        self.fail(f"gunicorn was not ready after {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # gunicorn's quick shutdown: nothing here to finish
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with suppress(ProcessLookupError):  # whatever is left of the group: the master, or workers that outlived it
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def tail(self, lines: int = 40) -> str:
        """The log's last lines, without Django's "Not Found: /path" warnings (the 404s are expected here)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join([line for line in text.splitlines() if not line.startswith("Not Found: ")][-lines:])

    def fail(self, message: str):
        pytest.fail(f"{message}\n--- gunicorn log (last lines), {self.log} ---\n{self.tail()}", pytrace=False)

    def worker_pids(self) -> set[int]:
        """gunicorn's children: its workers."""
        pids = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.add(int(entry.name))
        return pids

    # requests

    def get(self, path: str) -> Response:
        with self._lock:
            probe = next(self._probes)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = time.monotonic()
            connection.request("GET", path, headers={"X-Probe": str(probe)})
            answer = connection.getresponse()
            body = answer.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        return Response(probe, path, sent, answer.status, body, answer.getheader("X-Page-Cache"))

    def get_many(self, paths: list[str]) -> list[Response]:
        """Each path requested on a fresh connection, CONCURRENCY at once; the answering worker filled in."""
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            responses = list(pool.map(self.get, paths))
        self._find_workers(responses)
        return responses

    def _find_workers(self, responses: list[Response]) -> None:
        line = re.compile(r"^<(\d+)> (\d+) ")
        wanted = {r.probe for r in responses}
        deadline = time.monotonic() + 10
        while True:
            workers = {}
            for text in self.access_log.read_text(errors="replace").splitlines():
                found = line.match(text)
                if found and int(found.group(2)) in wanted:
                    workers[int(found.group(2))] = int(found.group(1))
            if len(workers) == len(wanted) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        for r in responses:
            r.worker = workers.get(r.probe, 0)
        if len(workers) < len(wanted):
            self.fail(f"{len(wanted) - len(workers)} requests missing from the access log {self.access_log}")

    def until_every_worker(self, paths: list[str], per_round: int, rounds: int = 10) -> list[Response]:
        """Rounds of ``per_round`` requests of each path, until every worker has answered every path."""
        workers = self.worker_pids()
        responses: list[Response] = []
        for _ in range(rounds):
            responses += self.get_many([path for _ in range(per_round) for path in paths])
            served = defaultdict(set)
            for r in responses:
                served[r.path].add(r.worker)
            if all(served[path] >= workers for path in paths):
                return responses
        missed = {path: sorted(workers - served[path]) for path in paths if not served[path] >= workers}
        self.fail(f"harness: after {len(responses)} requests some workers never answered: {missed}")


# -- what readers should see -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    path: str
    status: int = 200
    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()

    def problem(self, r: Response) -> str | None:
        if r.status != self.status:
            return f"{r.status}"
        missing = [text for text in self.shows if text not in r.body]
        shown = [text for text in self.hides if text in r.body]
        if missing or shown:
            return f"{r.status} without {missing}" if missing else f"{r.status} with {shown}"
        return None

    def __str__(self) -> str:
        parts = [f"{self.status}"] + [f"showing {t}" for t in self.shows] + [f"not showing {t}" for t in self.hides]
        return f"{self.path} should be {', '.join(parts)}"


def problems(expectations: list[Expect], responses: list[Response], since: float | None = None,
             what: str = "the change") -> list[str]:
    """One paragraph per expectation that some response broke: how many, when, and which workers answered."""
    out = []
    for expect in expectations:
        mine = [r for r in responses if r.path == expect.path]
        bad = [(r, p) for r in mine if (p := expect.problem(r)) is not None]
        if not bad:
            continue
        lines = [f"{expect}: {len(bad)} of {len(mine)} responses were not"]
        if since is not None:
            lines[0] += f" (sent {bad[0][0].sent - since:.1f}–{bad[-1][0].sent - since:.1f} s after {what})"
        by_worker = defaultdict(Counter)
        for r, p in bad:
            by_worker[r.worker][f"{p} (X-Page-Cache: {r.page_cache or '-'})"] += 1
        for worker, seen in sorted(by_worker.items()):
            lines.append(f"    worker {worker}: " + "; ".join(f"{n}× {what}" for what, n in seen.items()))
        out.append("\n".join(lines))
    return out


SETUP = """
import datetime as dt
from django.utils import timezone
from articles import workflow
from articles.models import Article
from people.models import Person
from people.services import merge_people
from tests import factories as f

chief = f.make_duty_chief("chief")  # 值班主任: may publish and withdraw
f.make_article("撤回测试稿件W", slug="proc-withdraw")
f.make_draft("发布测试稿件P", slug="proc-publish", status="approved")
f.make_article("修改前的标题E", slug="proc-edit")
f.make_mention(f.make_article("人物改名测试稿件R", slug="proc-rename-article"), f.make_person("王建国", slug="proc-rename"))
f.make_person("李德民", slug="proc-merge-keep")
f.make_mention(f.make_article("人物合并测试稿件M", slug="proc-merge-article"), f.make_person("李德明", slug="proc-merge-dup"))
f.make_draft("定时发布稿件S", slug="proc-scheduled", status="approved")
"""


@dataclass(frozen=True)
class Scenario:
    change: str  # run by the writer
    before: list[Expect]
    after: list[Expect]


SCENARIOS = {
    "withdraw": Scenario(
        """workflow.withdraw(article=Article.objects.get(slug="proc-withdraw"), by=chief, comment="核实有误，撤稿")""",
        before=[Expect("/articles/proc-withdraw/", 200, shows=("撤回测试稿件W",)), Expect("/", shows=("撤回测试稿件W",))],
        after=[Expect("/articles/proc-withdraw/", 404), Expect("/", hides=("撤回测试稿件W",))],
    ),
    "publish": Scenario(
        """workflow.publish(article=Article.objects.get(slug="proc-publish"), by=chief)""",
        before=[Expect("/articles/proc-publish/", 404), Expect("/", hides=("发布测试稿件P",))],
        after=[Expect("/articles/proc-publish/", 200, shows=("发布测试稿件P",)), Expect("/", shows=("发布测试稿件P",))],
    ),
    "edit": Scenario(
        """
        article = Article.objects.get(slug="proc-edit")
        article.title = "修改后的标题E"
        article.save()
        """,
        before=[Expect("/articles/proc-edit/", shows=("修改前的标题E",)), Expect("/", shows=("修改前的标题E",))],
        after=[
            Expect("/articles/proc-edit/", shows=("修改后的标题E",), hides=("修改前的标题E",)),
            Expect("/", shows=("修改后的标题E",), hides=("修改前的标题E",)),
        ],
    ),
    "rename": Scenario(
        """
        person = Person.objects.get(slug="proc-rename")
        person.name = "王建民"
        person.save()
        """,
        before=[Expect("/people/proc-rename/", shows=("王建国",)), Expect("/articles/proc-rename-article/", shows=("王建国",))],
        after=[
            Expect("/people/proc-rename/", shows=("王建民",), hides=("王建国",)),
            Expect("/articles/proc-rename-article/", shows=("王建民",), hides=("王建国",)),
        ],
    ),
    "merge": Scenario(
        """
        merge_people(survivor=Person.objects.get(slug="proc-merge-keep"),
                     duplicate=Person.objects.get(slug="proc-merge-dup"), by=chief)
        """,
        before=[
            Expect("/people/proc-merge-dup/", shows=("李德明",)),
            Expect("/people/proc-merge-keep/", 404),  # named in no article yet
            Expect("/articles/proc-merge-article/", shows=("李德明",), hides=("李德民",)),
        ],
        after=[
            Expect("/people/proc-merge-dup/", 404),
            Expect("/people/proc-merge-keep/", shows=("李德民", "人物合并测试稿件M")),
            Expect("/articles/proc-merge-article/", shows=("李德民",), hides=("李德明",)),
        ],
    ),
}


def paths_of(expectations: list[Expect]) -> list[str]:
    return list(dict.fromkeys(e.path for e in expectations))


# -- fixtures ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def static_files(tmp_path_factory):
    """The collected static files and their manifest (DJANGO_DEBUG=0 serves hashed names), as scripts/serve."""
    manage(server_env(f"sqlite:///{tmp_path_factory.mktemp('static') / 'unused.sqlite3'}"),
           "collectstatic", "--noinput", "--verbosity", "0")


@pytest.fixture(scope="module", params=[pytest.param("sqlite", marks=once),
                                        pytest.param("postgresql", marks=pg_cluster.needs_own_servers)])
def server(request, tmp_path_factory, static_files):
    workdir = tmp_path_factory.mktemp(f"gunicorn-{request.param}")
    with ExitStack() as stack:
        if request.param == "postgresql":
            url = stack.enter_context(pg_cluster.primary()).url
        else:
            url = f"sqlite:///{workdir / 'db.sqlite3'}"
        env = server_env(url)
        env["NEWSROOM_PAGE_CACHE_DIR"] = str(workdir / "cache")  # the workers' shared page cache, this run's own
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        writer = Writer(env, workdir / "writer.log")
        stack.callback(writer.close)
        writer.run(SETUP)
        gunicorn = Gunicorn(request.param, env, workdir, writer)
        gunicorn.start()
        stack.callback(gunicorn.stop)
        yield gunicorn


@pytest.fixture(scope="module")
def after_changes(server):
    """Every scenario's pages warmed in every worker, every change made at once, then from 2 s later each page
    requested REQUESTS times (and until every worker has answered it): the responses, and when the change was."""
    before = [e for s in SCENARIOS.values() for e in s.before]
    after = [e for s in SCENARIOS.values() for e in s.after]
    warmed = server.until_every_worker(paths_of(before), per_round=6)
    if broken := problems(before, warmed):
        server.fail("harness: the pages were not as expected before the changes:\n" + "\n".join(broken))
    server.writer.run("\n".join(textwrap.dedent(s.change) for s in SCENARIOS.values()))
    changed = time.monotonic()
    time.sleep(DEADLINE)
    responses = server.until_every_worker(paths_of(after), per_round=REQUESTS, rounds=3)
    return responses, changed


# -- the tests ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_worker_serves_the_change_within_2s(server, after_changes, scenario):
    responses, changed = after_changes
    if broken := problems(SCENARIOS[scenario].after, responses, since=changed):
        server.fail(f"{scenario}: stale pages {DEADLINE:.0f} s after the change, from {WORKERS} workers:\n"
                    + "\n".join(broken))


SCHEDULE_LEAD = 4.0  # seconds between scheduling the article and its time


def test_a_scheduled_article_appears_in_every_worker_within_2s_of_its_time(server):
    not_yet = [Expect("/articles/proc-scheduled/", 404), Expect("/", hides=("定时发布稿件S",))]
    due = [Expect("/articles/proc-scheduled/", shows=("定时发布稿件S",)), Expect("/", shows=("定时发布稿件S",))]
    paths = paths_of(not_yet)
    if broken := problems(not_yet, server.until_every_worker(paths, per_round=6)):
        server.fail("harness: the pages were not as expected before the schedule:\n" + "\n".join(broken))
    seconds_left = server.writer.run(f"""
        at = timezone.now() + dt.timedelta(seconds={SCHEDULE_LEAD})
        workflow.publish(article=Article.objects.get(slug="proc-scheduled"), by=chief, published_at=at)
        result = (at - timezone.now()).total_seconds()
    """)
    time_comes = time.monotonic() + seconds_left
    # Scheduled, not yet readable: every worker serves (and may keep) the pages without it, until its time.
    rewarmed = server.until_every_worker(paths, per_round=6)
    if rewarmed[-1].sent >= time_comes:
        server.fail(f"harness: too slow, the pages were requested again after the article's time ({SCHEDULE_LEAD} s)")
    if broken := problems(not_yet, [r for r in rewarmed if r.sent < time_comes - 0.5]):
        server.fail("a scheduled article shown before its time:\n" + "\n".join(broken))
    time.sleep(max(0.0, time_comes + DEADLINE - time.monotonic()))
    responses = server.until_every_worker(paths, per_round=REQUESTS, rounds=3)
    if broken := problems(due, responses, since=time_comes, what="its time"):
        server.fail(f"scheduled: pages without the article {DEADLINE:.0f} s after its time, from {WORKERS} workers:\n"
                    + "\n".join(broken))


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def test_unique_query_strings_do_not_grow_the_workers_memory(server):
    """2,000 requests, each a URL never asked before (a page cache keyed by URL must not keep them all)."""

    def unique(n: int) -> list[str]:
        return [path for _ in range(n // 2) for path in
                (f"/people/?name={secrets.token_hex(8)}", f"/?x={secrets.token_hex(8)}")]

    if server.database != "sqlite":
        pytest.skip("the workers' memory does not depend on the database: measured once, on SQLite")
    workers = server.worker_pids()
    server.get_many(unique(60))  # first renders, lazy imports: not what is measured
    before = {pid: rss_kb(pid) for pid in workers}
    responses = server.get_many(unique(2000))
    after = {pid: rss_kb(pid) for pid in workers}
    assert server.worker_pids() == workers, "a worker was replaced during the requests: its memory is unknown"
    assert Counter(r.status for r in responses) == {200: 2000}
    assert {r.worker for r in responses} == workers
    growth_mb = {pid: (after[pid] - before[pid]) / 1024 for pid in workers}
    assert max(growth_mb.values()) < 50, f"RSS growth per worker after 2,000 unique URLs (MB): {growth_mb}"
