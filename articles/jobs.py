"""Imports of PDFs and scans uploaded in the admin, run by a worker instead of the web request.

OCR of a scanned page takes about twenty seconds, gunicorn gives a request thirty: the admin stores the upload
as an :class:`~articles.models.ImportJob` (等待) and returns, and ``manage.py run_import_jobs`` (one process
beside gunicorn) claims the jobs one at a time and imports each through ``services.import_document``, the same
code ``import_page`` runs: a PDF of several pages lands whole or not at all, as the uploading user with that
user's rights. The job says how it ended: 完成 with the articles made, or 失败 with the one-line reason.

A job is claimed by one compare-and-set UPDATE (status 等待 -> 进行中): of two workers reaching for the same
job only one changes the row. On PostgreSQL the candidate is picked with ``SELECT … FOR UPDATE SKIP LOCKED``
so a second worker takes the next job instead of waiting for the first; SQLite has one writer at a time.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from . import services
from .models import ImportJob, ImportJobStatus
from .ocr import PageError
from .pdf import is_pdf
from .scan import is_scan

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "articles.add_article"  # 记者 and up: whoever may write an article may import a page
#: A job 进行中 for longer than this has lost its worker (killed, machine restarted): the import rolled back
#: with it, so the job is marked 失败. A PDF of 32 scanned pages takes about ten minutes on a quiet machine;
#: should a slow one still finish after this, its 完成 replaces the 失败 (both are written by one UPDATE).
STALE_AFTER = dt.timedelta(hours=2)
INTERRUPTED = "导入中断：处理进程在导入时退出，没有写入任何内容，请重新上传（the worker stopped during the import）"
NO_RIGHTS = "上传人已无导入权限或账号已停用，没有导入（the uploader may no longer import）"


def needs_worker(raw: bytes, file_name: str) -> bool:
    """Does this upload go to the worker (a PDF or a scan: OCR may take longer than a request), rather than
    being previewed in the request (a page of text)?"""
    return is_pdf(raw, file_name) or is_scan(file_name)


def enqueue(*, raw: bytes, file_name: str, user, issue_date: dt.date | None = None, year: int | None = None,
            page_number: int | None = None) -> ImportJob:
    job = ImportJob(file_name=file_name[:255], issue_date=issue_date, year=year, page_number=page_number,
                    created_by=user)
    job.file.save(file_name or "page", ContentFile(raw), save=False)
    job.save()
    return job


def claim_next() -> ImportJob | None:
    """The oldest job waiting, now 进行中 and this caller's; None when there is none."""
    while True:
        with transaction.atomic():
            waiting = ImportJob.objects.filter(status=ImportJobStatus.QUEUED).order_by("created_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                waiting = waiting.select_for_update(skip_locked=True)
            pk = waiting.values_list("pk", flat=True).first()
            if pk is None:
                return None
            if take(pk):
                return ImportJob.objects.get(pk=pk)
        # another worker took it between our read and our write (SQLite): try the next one


def take(pk: int) -> bool:
    """Mark job ``pk`` 进行中 if it is still 等待; False when someone else did first."""
    return bool(ImportJob.objects.filter(pk=pk, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()))


def run(job: ImportJob) -> ImportJob:
    """Import a claimed job's file and record how it ended. Never raises for the file's faults: a refusal
    (PageError) or an unexpected error ends the job as 失败 with nothing of the import written."""
    user = job.created_by
    try:
        if user is None or not user.is_active or not user.has_perm(IMPORT_PERMISSION):
            raise PageError(NO_RIGHTS)
        with job.file.open("rb") as upload:
            raw = upload.read()
        reports: list[services.ImportReport] = []
        try:
            with transaction.atomic():  # the job says 完成 only if the import is there, and then always
                reports = services.import_document(raw=raw, file_name=job.file_name, issue_date=job.issue_date,
                                                   year=job.year, page_number=job.page_number, user=user)
                _record_done(job, reports)
        except BaseException:
            services.discard_files(reports)
            raise
    except PageError as exc:
        _record_failure(job, str(exc))
    except Exception as exc:
        logger.exception("import job %s failed", job.pk)
        _record_failure(job, f"导入出错（{type(exc).__name__}），没有写入任何内容；请联系管理员（unexpected error）")
    else:
        job.file.delete(save=True)  # each page's source page keeps its own copy
    return job


def _record_done(job: ImportJob, reports: list[services.ImportReport]) -> None:
    made = [r for r in reports if not r.unchanged]
    if not made:
        raise PageError(already_imported(reports))
    created = sum(r.count("created") for r in made)
    job.status, job.finished_at, job.article_count = ImportJobStatus.DONE, timezone.now(), created
    job.warnings = "\n".join(w for r in reports for w in r.warnings)
    job.message = summary(reports)
    job.save(update_fields=["status", "finished_at", "article_count", "warnings", "message"])
    job.source_pages.set([r.source_page for r in made])


def _record_failure(job: ImportJob, message: str) -> None:
    job.status, job.finished_at, job.message = ImportJobStatus.FAILED, timezone.now(), message.replace("\n", " ")
    job.save(update_fields=["status", "finished_at", "message"])


def already_imported(reports: list[services.ImportReport]) -> str:
    page = reports[0].already_imported
    return f"这个版面已经导入过（“{page}”），未做任何改动（already imported）"


def summary(reports: list[services.ImportReport]) -> str:
    made = [r for r in reports if not r.unchanged]
    text = (f"已导入版面 {len(made)} 个：稿件 {sum(len(r.articles) for r in made)} 篇（新建 "
            f"{sum(r.count('created') for r in made)}，更新 {sum(r.count('updated') for r in made)}，保留 "
            f"{sum(r.count('kept') for r in made)}）；人物新建 {sum(len(r.people_created) for r in made)}；待核事项 "
            f"{sum(len(r.needs_review) for r in made)} 项。")
    if len(made) < len(reports):
        text += f"另有 {len(reports) - len(made)} 个版面已经导入过，未做改动。"
    return text


def fail_stale(now: dt.datetime | None = None) -> int:
    """Jobs 进行中 for longer than :data:`STALE_AFTER` -> 失败 (their worker is gone); how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return ImportJob.objects.filter(status=ImportJobStatus.RUNNING, started_at__lt=cutoff).update(
        status=ImportJobStatus.FAILED, finished_at=timezone.now(), message=INTERRUPTED)


def run_waiting() -> int:
    """Claim and run jobs until none is waiting; how many were run."""
    done = 0
    while (job := claim_next()) is not None:
        run(job)
        done += 1
    return done
