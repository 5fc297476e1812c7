"""run_import_jobs: the worker that imports the PDFs and scans uploaded in the admin (``articles.jobs``).

One process beside gunicorn (``make serve`` starts it; docs/deploy.md runs it under systemd): it runs the
waiting jobs one at a time, oldest first, then looks again every few seconds. Stopped by SIGTERM or Ctrl-C,
it finishes the job in hand first. ``--once`` runs what is waiting and exits (cron, tests).
"""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, reset_queries

from articles import jobs


class Command(BaseCommand):
    help = "导入后台上传的版面 PDF 和扫描件（导入任务）：逐个处理等待中的任务，之后每隔几秒再查看一次。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理完当前等待的任务就退出")
        parser.add_argument("--interval", type=float, default=3.0, help="没有任务时每隔几秒查看一次（默认 3）")

    def handle(self, *args, once: bool = False, interval: float = 3.0, **options):
        stop = threading.Event()
        if not once and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        while not stop.is_set():
            try:
                stale = jobs.fail_stale()
                if stale:
                    self.stderr.write(f"{stale} 个导入任务的处理进程已退出，标记为失败")
                while not stop.is_set() and (job := jobs.claim_next()) is not None:
                    jobs.run(job)
                    self.stdout.write(f"导入任务 {job.pk}（{job.file_name}）：{job.get_status_display()}，{job.message}")
            except DatabaseError as exc:
                # the database away or not migrated yet (make serve migrates beside us): try again later
                if once:
                    raise
                self.stderr.write(f"数据库暂不可用，稍后重试：{exc}")
            if once:
                break
            close_old_connections()  # as after a request: a broken or aged connection is not kept
            reset_queries()  # with DEBUG on, the queries' log would grow for as long as the worker runs
            stop.wait(interval)
