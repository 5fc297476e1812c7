"""Admin uploads of PDFs and scans imported by the worker (articles.jobs, manage.py run_import_jobs): the
request stores a job and returns; the worker runs each job once, as its uploader; a failure says why in one
line and writes nothing."""

from __future__ import annotations

import datetime as dt
import threading
import time
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import jobs, services
from articles.models import Article, ImportJob, ImportJobStatus, SourcePage
from tests.articles.pdf_pages import counts, needs_font, typeset
from tests.factories import make_reporter, make_user

IMPORT = reverse("admin:articles_sourcepage_import")


def upload(client, name: str, raw: bytes, **data):
    data.setdefault("issue_date", "2023-03-08")
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, raw), **data})


def run_worker() -> str:
    out = StringIO()
    call_command("run_import_jobs", "--once", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_the_upload_returns_at_once_with_a_queued_job_and_reads_nothing(staff_client, monkeypatch):
    needs_font()

    def no_reading(*args, **kwargs):
        raise AssertionError("the request read the PDF")

    monkeypatch.setattr(services, "read_document", no_reading)
    start = time.perf_counter()
    response = upload(staff_client, "2023-03-08-01.pdf", typeset(), page_number="1")
    # not read in the request (the patch above would fail it); the bound is for a busy test machine, far
    # under gunicorn's 30 s and a scan's ~20 s of OCR
    assert time.perf_counter() - start < 10
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:articles_importjob_change", args=[job.pk])
    assert (job.status, job.file_name, job.issue_date, job.page_number) == (
        ImportJobStatus.QUEUED, "2023-03-08-01.pdf", dt.date(2023, 3, 8), 1)
    assert job.created_by.username == "editor" and job.file
    assert set(counts().values()) == {0}
    page = staff_client.get(response.url).content.decode()
    assert "等待" in page and 'http-equiv="refresh"' in page


@pytest.mark.django_db
def test_running_the_worker_once_imports_the_job(staff_client):
    needs_font()
    upload(staff_client, "2023-03-08-01.pdf", typeset())
    upload_name = ImportJob.objects.get().file.name
    assert "完成" in run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE and job.article_count == 2 and job.finished_at
    assert "已导入版面 1 个" in job.message and not job.warnings
    page = SourcePage.objects.get()
    assert list(job.source_pages.all()) == [page] and page.imported_by.username == "editor"
    assert Article.objects.filter(source_page=page).count() == 2
    assert not job.file and not default_storage.exists(upload_name)  # the source page keeps its own copy
    html = staff_client.get(reverse("admin:articles_importjob_change", args=[job.pk])).content.decode()
    assert "导入完成" in html and 'http-equiv="refresh"' not in html
    assert run_worker() == ""  # nothing left to run


@pytest.mark.django_db
def test_a_corrupt_pdf_fails_with_its_one_line_message_and_writes_nothing(staff_client):
    needs_font()
    upload(staff_client, "broken.pdf", typeset()[:400])
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and job.article_count is None
    assert job.message == "PDF 文件已损坏，无法读取（damaged PDF file）"
    assert set(counts().values()) == {0} and not job.source_pages.exists()
    html = staff_client.get(reverse("admin:articles_importjob_changelist")).content.decode()
    assert "失败" in html and "PDF 文件已损坏" in html


@pytest.mark.django_db
def test_a_page_already_imported_fails_saying_so(staff_client):
    needs_font()
    raw = typeset()
    services.import_page(raw=raw, file_name="first.pdf", year=2023)
    upload(staff_client, "again.pdf", raw)
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and "已经导入过" in job.message
    assert SourcePage.objects.count() == 1


@pytest.mark.django_db
def test_the_job_runs_as_its_uploader_with_the_rights_they_have_when_it_runs(client):
    """A reporter's job imports as that reporter; once the reporter may no longer import, the job does not."""
    needs_font()
    reporter = make_reporter("reporter")
    client.force_login(reporter)
    upload(client, "2023-03-08-01.pdf", typeset())
    run_worker()
    assert SourcePage.objects.get().imported_by == reporter
    assert all(a.created_by == reporter for a in Article.objects.all())

    upload(client, "2023-03-08-02.pdf", typeset("2023年3月8日 星期三 第2版 综合"))
    reporter.groups.clear()
    run_worker()
    job = ImportJob.objects.order_by("pk").last()
    assert job.status == ImportJobStatus.FAILED and job.message == jobs.NO_RIGHTS
    assert SourcePage.objects.count() == 1


@pytest.mark.django_db
def test_who_sees_the_jobs(client):
    needs_font()
    client.force_login(make_reporter())
    upload(client, "2023-03-08-01.pdf", typeset())
    assert client.get(reverse("admin:articles_importjob_changelist")).status_code == 200
    client.force_login(make_user())  # staff, no role: may not import, sees no jobs
    assert client.get(reverse("admin:articles_importjob_changelist")).status_code == 403
    assert client.post(IMPORT, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4"), "year": "2023"}).status_code == 403
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_a_job_is_taken_once():
    job = ImportJob.objects.create(file_name="a.pdf", year=2023)
    assert jobs.take(job.pk) is True
    assert jobs.take(job.pk) is False  # a second worker that read it as waiting before the first one wrote
    assert jobs.claim_next() is None
    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and job.started_at


@pytest.mark.django_db
def test_jobs_are_claimed_oldest_first():
    first = ImportJob.objects.create(file_name="a.pdf", year=2023, created_at=timezone.now() - dt.timedelta(minutes=1))
    second = ImportJob.objects.create(file_name="b.pdf", year=2023)
    assert [jobs.claim_next(), jobs.claim_next(), jobs.claim_next()] == [first, second, None]


@pytest.mark.django_db
def test_a_job_whose_worker_died_ends_as_failed():
    now = timezone.now()
    lost = ImportJob.objects.create(file_name="a.pdf", year=2023, status=ImportJobStatus.RUNNING,
                                    started_at=now - jobs.STALE_AFTER - dt.timedelta(seconds=1))
    busy = ImportJob.objects.create(file_name="b.pdf", year=2023, status=ImportJobStatus.RUNNING, started_at=now)
    assert jobs.fail_stale(now) == 1
    lost.refresh_from_db(), busy.refresh_from_db()
    assert (lost.status, lost.message, busy.status) == (ImportJobStatus.FAILED, jobs.INTERRUPTED,
                                                        ImportJobStatus.RUNNING)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
def test_two_workers_claiming_at_once_never_take_the_same_job():
    """Two connections claim side by side, released together each round: every job is taken exactly once,
    and while one worker holds a job's row locked the other takes the next job instead of waiting."""
    pks = [ImportJob.objects.create(file_name=f"{n}.pdf", year=2023).pk for n in range(12)]
    barrier = threading.Barrier(2)
    taken: dict[str, list[int]] = {"a": [], "b": []}

    def worker(name: str) -> None:
        try:
            while True:
                barrier.wait(timeout=20)
                job = jobs.claim_next()
                if job is None:
                    break
                taken[name].append(job.pk)
        finally:
            barrier.abort()
            connection.close()

    threads = [threading.Thread(target=worker, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken["a"] + taken["b"]) == pks
    assert taken["a"] and taken["b"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_a_worker_skips_a_job_another_holds_locked():
    first = ImportJob.objects.create(file_name="a.pdf", year=2023, created_at=timezone.now() - dt.timedelta(minutes=1))
    second = ImportJob.objects.create(file_name="b.pdf", year=2023)
    from django.db import transaction

    locked, release, got = threading.Event(), threading.Event(), []

    def holder() -> None:
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert locked.wait(20)
        start = time.perf_counter()
        got.append(jobs.claim_next())
        assert time.perf_counter() - start < 5  # did not wait for the lock
    finally:
        release.set()
        thread.join(20)
    assert got == [second]


@pytest.mark.django_db
def test_a_deleted_job_takes_its_upload_with_it(staff_client, django_capture_on_commit_callbacks):
    upload(staff_client, "broken.pdf", b"%PDF-1.4 broken")
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and default_storage.exists(job.file.name)  # kept to look into
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert not default_storage.exists(job.file.name)
