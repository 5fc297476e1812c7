"""import_page: OCR text of printed pages (or their PDFs, read by their text layer) -> articles, people,
organizations, meetings. Thin: the work is in ``articles.pdf`` (reading a PDF), ``articles.ocr`` (parsing, pure)
and ``articles.services`` (writing, one transaction)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from articles import services
from articles.models import SourcePage
from articles.ocr import PageError, decode_page
from articles.pdf import MAX_PDF_BYTES, read_pdf
from articles.reports import format_report
from articles.services import MAX_PAGE_BYTES

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


class Progress:
    """A one-line progress bar on stderr for a run of several pages."""

    def __init__(self, total: int, label: str, write, enabled: bool):
        self.total, self.label, self.done = total, label, 0
        self.write, self.enabled = write, enabled

    def step(self) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // self.total
        if not self.enabled or (filled == width * (self.done - 1) // self.total and self.done != self.total):
            return  # redraw only when the bar grows: a log file gets a few dozen updates, not one a page
        end = "\n" if self.done == self.total else ""
        self.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}{end}")


class Command(BaseCommand):
    help = ("导入报纸版面的 OCR 文本或版面 PDF（读取其文字层）：拆分稿件，识别标题、日期、署名、人物及职务、机构和会议；"
            "PDF 版面另存原件、版面图和每篇稿件在版面上的位置。")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="版面文本文件（.txt）或 PDF（.pdf），或装有这些文件的目录")
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--issue-date", type=_date, help="出版日期 YYYY-MM-DD（推算文中日期的年份）")
        when.add_argument("--year", type=int, help="年份（不知道出版日期时）")
        parser.add_argument("--page", type=int, help="版次")
        parser.add_argument("--dry-run", action="store_true", help="只分析，不写入数据库")
        parser.add_argument("--publish", action="store_true", help="直接发布（默认存为草稿）")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", help="记为导入人的用户名")
        parser.add_argument("--progress", action="store_true", help="单个文件时也显示进度条")

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
        show = len(files) > 1 or options["progress"]
        progress = Progress(len(files), "分析", self._progress_write, show)
        prepared = []
        for path in files:
            pdf = None
            try:
                if path.suffix.lower() == ".pdf":
                    pdf = read_pdf(read_page(path, max_bytes=MAX_PDF_BYTES))
                    text, encoding = pdf.text, "pdf"
                else:
                    text, encoding = decode_page(read_page(path), max_bytes=MAX_PAGE_BYTES)
                parsed = services.parse_text(text, issue_date=options["issue_date"], year=options["year"],
                                             knowledge=knowledge)
            except PageError as exc:
                raise CommandError(f"{path}: {exc}", returncode=2) from exc
            except OSError as exc:
                raise CommandError(f"{path}: 无法读取：{exc.strerror or exc}", returncode=2) from exc
            prepared.append(dict(text=text, encoding=encoding, parsed=parsed, file_name=path.name, pdf=pdf))
            progress.step()

        progress = Progress(len(files), "写入", self._progress_write, show)
        reports = []
        session = services.ImportSession()  # one lookup per name for the whole run
        with transaction.atomic():  # a directory lands whole or not at all
            for item in prepared:
                try:
                    reports.append(services.import_text(
                        **item, issue_date=options["issue_date"], year=options["year"], page_number=options["page"],
                        publish=options["publish"], dry_run=options["dry_run"], user=user, knowledge=knowledge,
                        session=session,
                    ))
                except PageError as exc:  # e.g. the same page imported at the same moment by someone else
                    raise CommandError(f"{item['file_name']}: {exc}", returncode=2) from exc
                progress.step()

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

    def _progress_write(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()

    def _collect(self, raw_paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in raw_paths:
            path = Path(raw)
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".pdf"))
                if not found:
                    raise CommandError(f"{path}: 目录里没有 .txt 或 .pdf 文件", returncode=2)
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
