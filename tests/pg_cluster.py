"""Throwaway PostgreSQL servers for the fault and replica tests: a primary, a streaming standby made with
pg_basebackup, each on a Unix socket in a temp directory, stopped and removed afterwards. As root the servers
run as the ``postgres`` user, like ``scripts/with-postgres``. Tests skip when the binaries are missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
AS_ROOT = os.geteuid() == 0


def available() -> bool:
    return all((PGBIN / tool).exists() for tool in ("initdb", "pg_ctl", "pg_basebackup", "postgres"))


# These tests start servers of their own whatever database the run uses: `make test` runs them once, in its
# SQLite run, not again in the PostgreSQL run.
needs_own_servers = pytest.mark.skipif(
    not available() or os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL binaries missing, or already run in the SQLite run of make test",
)


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if AS_ROOT else cmd


def run_pg(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_pg(cmd), check=True, capture_output=True, text=True, **kwargs)


@contextmanager
def temp_root() -> Iterator[Path]:
    """A directory for data and sockets that the postgres user can reach (pytest's tmp_path is root's, 0700)."""
    root = Path(tempfile.mkdtemp(prefix="newsroom-pgtest.", dir=os.environ.get("TMPDIR", "/tmp")))
    try:
        if AS_ROOT:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            shutil.chown(root, "postgres")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Server:
    def __init__(self, root: Path, name: str, port: int):
        self.root, self.data, self.port = root, root / name, port
        self.log = root / f"{name}.log"

    @property
    def url(self) -> str:
        return f"postgres://newsroom@/newsroom?host={self.root}&port={self.port}"

    def initdb(self) -> None:
        run_pg([str(PGBIN / "initdb"), "-D", str(self.data), "-U", "newsroom", "--auth=trust", "-E", "UTF8",
                "--no-locale"])

    def base_backup_of(self, primary: Server) -> None:
        """A streaming standby of ``primary`` (-R: standby.signal and primary_conninfo written for us)."""
        run_pg([str(PGBIN / "pg_basebackup"), "-h", str(primary.root), "-p", str(primary.port), "-U", "newsroom",
                "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"])

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.root} -p {self.port} -c fsync=off -c full_page_writes=off"
        try:
            run_pg([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start"])
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(self.log.read_text() if self.log.exists() else exc.stderr) from exc

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(_as_pg([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
                       capture_output=True)

    def createdb(self) -> None:
        run_pg([str(PGBIN / "createdb"), "-h", str(self.root), "-p", str(self.port), "-U", "newsroom", "newsroom"])


@contextmanager
def primary(port: int = 5433) -> Iterator[Server]:
    """One started server with an empty ``newsroom`` database (``server.url``), stopped and removed afterwards.
    The port only names the Unix socket, in a directory of its own: it cannot clash with another server."""
    with temp_root() as root:
        server = Server(root, "primary", port)
        server.initdb()
        server.start()
        try:
            server.createdb()
            yield server
        finally:
            server.stop()


def wait_for(predicate, timeout: float = 20.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
