"""import_page: OCR text of printed pages, their PDFs (read by their text layer, OCR where a page has none) or
their scans (OCR) -> articles, people, organizations, meetings. Thin: the work is in ``articles.pdf`` and
``articles.scan`` (reading a page), ``articles.ocr`` (parsing, pure) and ``articles.services`` (writing, one
transaction)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from articles import services
from articles.models import SourcePage
from articles.ocr import PageError
from articles.pdf import MAX_PDF_BYTES
from articles.reports import format_report
from articles.scan import MAX_SCAN_BYTES, SCAN_SUFFIXES
from articles.services import MAX_PAGE_BYTES
from newsroom.progress import BarStream

NOT_MIGRATED = "数据库尚未建好或不是最新结构：请先运行 python manage.py migrate（database not migrated: run manage.py migrate）"
# Exit status when the pages were imported but some of their text went into no article (kept for review).
EXIT_RESIDUE = 1


def pending_migrations() -> bool:
    """Is the database behind the code (never migrated, or missing a migration)?"""
    try:
        if SourcePage._meta.db_table not in connection.introspection.table_names():
            return True
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return True


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value!r}", returncode=2) from exc


def read_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """The file's bytes, refusing a file too large before reading it all."""
    size = path.stat().st_size
    if size > max_bytes:
        raise PageError(f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {max_bytes // 1024 // 1024} MB），不像一个版面的文字。")
    return path.read_bytes()


#: What a directory's pages may be, and the largest file of each kind read.
PAGE_SUFFIXES = (".txt", ".pdf", *SCAN_SUFFIXES)
MAX_BYTES = {".pdf": MAX_PDF_BYTES, **dict.fromkeys(SCAN_SUFFIXES, MAX_SCAN_BYTES)}


class Command(BaseCommand):
    # The checks load every URL, view and admin; `manage.py check` runs them (make check, CI), not each import.
    requires_system_checks = []
    help = ("导入报纸版面的 OCR 文本、版面 PDF（读取其文字层，没有文字层的页面做文字识别）或扫描件（.png/.jpg/.tif，"
            "文字识别）：拆分稿件，识别标题、日期、署名、人物及职务、机构和会议；PDF 和扫描件另存原件、版面图和每篇稿件"
            "在版面上的位置。多页 PDF 每页一个版面，整个文件要么全部导入，要么什么也不写。")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="版面文本文件（.txt）、PDF（.pdf）或扫描件（.png/.jpg/.tif），或装有这些文件的目录")
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--issue-date", type=_date, help="出版日期 YYYY-MM-DD（推算文中日期的年份）")
        when.add_argument("--year", type=int, help="年份（不知道出版日期时）")
        parser.add_argument("--page", type=int, help="版次（多页 PDF：第一页的版次，其后各页依次递增；不给则用版面上印的“第N版”）")
        parser.add_argument("--dry-run", action="store_true", help="只分析，不写入数据库")
        parser.add_argument("--publish", action="store_true", help="直接发布（默认存为草稿）")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", help="记为导入人的用户名")
        parser.add_argument("--progress", action="store_true", help="总是显示进度条（单个文件、输出不是终端时也显示）")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        try:
            return self._handle(*args, **options)
        except DatabaseError as exc:
            if pending_migrations():
                raise CommandError(NOT_MIGRATED, returncode=2) from exc
            raise

    def _handle(self, *args, **options):
        files = self._collect(options["paths"])
        if SourcePage._meta.db_table not in connection.introspection.table_names():
            raise CommandError(NOT_MIGRATED, returncode=2)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户 {options['user']!r}", returncode=2)
        if options["page"] is not None and options["page"] < 1:
            raise CommandError("版次应为正整数", returncode=2)

        knowledge = services.load_knowledge()
        stream = BarStream(self.stderr)
        show = not options["quiet"] and (options["progress"] or (len(files) > 1 and self.stderr.isatty()))
        prepared = []
        for path in tqdm(files, desc="读取", unit="个文件", file=stream, disable=not show):
            try:
                raw = read_page(path, max_bytes=MAX_BYTES.get(path.suffix.lower(), MAX_PAGE_BYTES))
                found = services.prepare_pages(raw, path.name, page_number=options["page"], knowledge=knowledge,
                                               issue_date=options["issue_date"], year=options["year"])
            except PageError as exc:
                raise CommandError(f"{path}: {exc}", returncode=2) from exc
            except OSError as exc:
                raise CommandError(f"{path}: 无法读取：{exc.strerror or exc}", returncode=2) from exc
            prepared.extend(found)

        reports = []
        session = services.ImportSession()  # one lookup per name for the whole run
        try:
            with transaction.atomic():  # a directory lands whole or not at all
                for item in tqdm(prepared, desc="写入", unit="个版面", file=stream, disable=not show):
                    try:
                        reports.append(services.import_text(
                            **item, issue_date=options["issue_date"], year=options["year"],
                            publish=options["publish"], dry_run=options["dry_run"], user=user, knowledge=knowledge,
                            session=session,
                        ))
                    except PageError as exc:  # e.g. the same page imported at the same moment by someone else
                        raise CommandError(f"{item['file_name']}: {exc}", returncode=2) from exc
        except BaseException:
            services.discard_files(reports)  # the pictures of the pages written before the one that failed
            raise

        for warning in (w for r in reports for w in r.warnings):
            self.stderr.write(f"注意：{warning}")
        residue = sum(len(r.residue) for r in reports if not r.unchanged)
        if options["format"] == "json":
            document = {"articles": [a.to_json() for r in reports for a in r.parsed.articles],
                        "residue": [block for r in reports for block in r.residue]}
            if len(reports) > 1:
                document["pages"] = [
                    {"file": r.file_name, "articles": len(r.parsed.articles), "already_imported": r.unchanged}
                    for r in reports
                ]
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for report in reports:
                self.stdout.write(format_report(report))
            if len(reports) > 1:
                self.stdout.write(self._summary(reports))
        if residue:
            # imported, but not all of it placed: say so, and exit non-zero so a script notices
            self.stderr.write(f"注意：有 {residue} 段文字未能归入任何稿件，已随版面原文保存，请在待核队列处理"
                              f"（{residue} block(s) of text placed in no article; kept for review）")
            raise SystemExit(EXIT_RESIDUE)

    def _collect(self, raw_paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in raw_paths:
            path = Path(raw)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
                if not found:
                    raise CommandError(f"{path}: 目录里没有版面文件（{'、'.join(PAGE_SUFFIXES)}）", returncode=2)
                files.extend(found)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: 文件不存在", returncode=2)
        if len(set(files)) != len(files):
            raise CommandError("同一个文件给了不止一次", returncode=2)
        return files

    @staticmethod
    def _summary(reports) -> str:
        articles = sum(len(r.articles) for r in reports)
        created = sum(r.count("created") for r in reports)
        same = sum(1 for r in reports if r.unchanged)
        people = sum(len(r.people_created) for r in reports)
        dry = "（试运行，未写入）" if reports and reports[0].dry_run else ""
        return (f"合计{dry}：{len(reports)} 个版面（{same} 个已导入过），稿件 {articles} 篇（新建 {created}），"
                f"新建人物 {people} 人。")
