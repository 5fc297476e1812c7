"""Importing a printed page from its scan, or from a PDF page without a text layer (issue 17): OCR'd with
rapidocr-onnxruntime, read in the same reading order as a text layer, the same pipeline as a .txt page; a PDF
of several pages is one source page a page, in one transaction; files refused in one line, nothing written.

The scans are small pictures drawn from known text (tests/articles/pdf_pages.py), each OCR'd once a module."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from PIL import Image

from articles import jobs, services
from articles.models import Article, ImportJob, ImportJobStatus, SourcePage
from articles.ocr import PageError
from articles.scan import read_scan
from tests.articles.pdf_pages import ITEMS, counts, draw_scan, needs_font, page_text, run, typeset

DAY = dt.date(2023, 3, 8)
SECOND_PAGE = "2023年3月8日 星期三 第2版 综合"
SECOND_ITEMS = [
    (
        "城关镇开展春季植树活动",
        ["本报讯 3月5日上午，城关镇组织干部群众二百余人在南山开展义务植树活动，共栽下侧柏、国槐一千余株。",
         "镇党委书记周丽表示，要把植树造林作为改善人居环境的实事抓紧抓好。"],
        "（记者 王芳）",
    ),
]


def stored_files() -> set[str]:
    return {str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def summary(parsed) -> list[tuple]:
    """What a page's articles must agree on, read from a scan or from the text: headline, date, credits and
    the people named (spaces aside: OCR reads none between Chinese characters)."""
    return [
        (a.title, a.date, [(c.role, c.name) for c in a.credits], sorted(p.name for p in a.people))
        for a in parsed.articles
    ]


@pytest.fixture(scope="module")
def scan_png() -> bytes:
    return draw_scan()


@pytest.fixture(scope="module")
def scanned(scan_png):
    return read_scan(scan_png, "page.png")


def test_a_scan_reads_back_as_the_text_it_was_drawn_from(scanned):
    knowledge = services.Knowledge()
    from_scan = services.parse_text(scanned.text, issue_date=DAY, year=None, knowledge=knowledge)
    from_text = services.parse_text(page_text(), issue_date=DAY, year=None, knowledge=knowledge)
    assert summary(from_scan) == summary(from_text)
    assert [a.title for a in from_scan.articles] == [title for title, _, _ in ITEMS]
    assert scanned.encoding == "ocr" and scanned.printed_number == 1  # the header's 第1版
    # each column read whole, top to bottom: the first item's lines all come before the second's
    text = "".join(scanned.text.split())
    assert text.index("确保一季度经济实现开门红") < text.index("区政府召开常务会议")


def test_the_lines_of_a_scan_keep_their_boxes_in_their_column(scanned):
    parsed = services.parse_text(scanned.text, issue_date=DAY, year=None, knowledge=services.Knowledge())
    from articles.layout import article_regions

    regions = article_regions(parsed.articles, scanned.lines)
    assert len(regions) == 2 and all(regions)
    for boxes, (low, high) in zip(regions, [(0, 0.5), (0.5, 1)], strict=True):
        for left, top, right, bottom in boxes:
            assert low <= left < right <= high and 0.1 < top < bottom <= 1


@pytest.mark.django_db
def test_import_page_command_imports_a_scan_with_its_pictures_and_regions(tmp_path, scan_png, scanned,
                                                                          monkeypatch):
    # the scan was OCR'd once for this module: the command reads the same picture, so the same result
    monkeypatch.setattr(services, "read_scan", lambda raw, name, max_pixels: scanned)
    path = tmp_path / "2023-03-08-01.png"
    path.write_bytes(scan_png)
    out, _ = run(str(path), "--issue-date", "2023-03-08", "--publish")
    articles = list(Article.objects.order_by("position_on_page"))
    assert [a.title for a in articles] == ["区委召开常委会会议", "区政府召开常务会议"]
    assert [[(c.person.name, c.role) for c in a.credits.select_related("person")] for a in articles] == [
        [("李明", "记者")], [("赵亮", "记者"), ("孙华", "通讯员")]
    ]
    page = SourcePage.objects.get()
    assert page.encoding == "ocr" and page.page_number == 1 and page.pdf_page is None  # 第1版 from the header
    assert page.original.name.endswith(".png")
    with page.original.open("rb") as kept:
        assert kept.read() == scan_png
    assert [w for w, _, _ in page.images["webp"]] == [800, 1600]
    for width, height, name in page.images["webp"]:
        with default_storage.open(name) as picture, Image.open(picture) as image:
            assert image.format == "WEBP" and image.size == (width, height)
    assert all(article.regions.exists() for article in articles)
    assert "区委召开常委会会议" in out


def _pdf_of(*pictures: bytes) -> bytes:
    """A PDF whose pages are pictures only: a scan saved as a PDF, no text layer."""
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pictures]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def _join(*pdfs: bytes) -> bytes:
    joined = pdfium.PdfDocument.new()
    for raw in pdfs:
        joined.import_pages(pdfium.PdfDocument(raw))
    buffer = io.BytesIO()
    joined.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_pdf_of_several_pages_is_a_source_page_a_page_numbered_as_printed(tmp_path):
    """Page 1 typeset with a text layer, page 2 a scan saved as PDF (OCR'd): two source pages, 第1版 and 第2版
    from their headers, each keeping its own page of the PDF."""
    edition = _join(typeset(), _pdf_of(draw_scan(SECOND_PAGE, SECOND_ITEMS)))
    path = tmp_path / "2023-03-08.pdf"
    path.write_bytes(edition)
    out, _ = run(str(path), "--issue-date", "2023-03-08", "--publish", "--quiet")
    pages = list(SourcePage.objects.order_by("page_number"))
    assert [(p.page_number, p.pdf_page, p.encoding) for p in pages] == [(1, 1, "pdf"), (2, 2, "ocr")]
    assert [p.file_name for p in pages] == ["2023-03-08.pdf#1", "2023-03-08.pdf#2"]
    for page in pages:
        with page.original.open("rb") as kept:
            assert len(pdfium.PdfDocument(kept.read())) == 1
    second = Article.objects.get(source_page=pages[1])
    assert (second.title, second.page_number, second.dateline_date) == ("城关镇开展春季植树活动", 2, dt.date(2023, 3, 5))
    assert [c.person.name for c in second.credits.all()] == ["王芳"]
    assert second.regions.exists()
    assert "合计：2 个版面" in out


@pytest.mark.django_db
def test_a_pdf_of_several_pages_lands_whole_or_not_at_all():
    """The second page holds no article: the first page, already written in the transaction, goes too."""
    edition = _join(typeset(), typeset("2023年3月8日 星期三 第2版", [("", ["没有电头的一句话。"], "")]))
    before = stored_files()
    with pytest.raises(PageError):
        services.import_document(raw=edition, file_name="edition.pdf", year=2023)
    assert set(counts().values()) == {0}
    assert stored_files() == before  # nor the first page's PDF and pictures


# -- refused: one line, nothing written --------------------------------------------------------------------


def _bomb() -> bytes:
    """A PNG of 10,000 × 10,000 pixels of one colour: a few hundred KB of file, 100 megapixels once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _two_page_tiff() -> bytes:
    buffer = io.BytesIO()
    pages = [Image.new("L", (60, 80), 255), Image.new("L", (60, 80), 255)]
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "GIF")
    return buffer.getvalue()


REFUSED = {
    "a decompression bomb": ("page.png", _bomb, "图片过大"),
    "a damaged picture": ("page.jpg", lambda: draw_scan(fmt="JPEG")[:300], "损坏"),
    "not a picture": ("page.tif", lambda: "本报讯 这不是图片".encode(), "不是图片文件"),
    "another format named .png": ("page.png", _gif, "不支持的图片格式"),
    "a TIFF of several pages": ("page.tif", _two_page_tiff, "这个 TIFF 有 2 页"),
    "an unsupported extension": ("page.docx", lambda: b"PK\x03\x04" + bytes(60), "不支持的文件类型"),
    "an encrypted PDF": ("page.pdf", lambda: typeset(encrypt="secret"), "加密"),
    "a damaged PDF": ("page.pdf", lambda: typeset()[:400], "损坏"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_file_that_cannot_be_read_is_refused_in_one_line_and_nothing_is_written(case, tmp_path, settings):
    needs_font()
    settings.EPAPER_MAX_IMAGE_PIXELS = 50_000_000
    name, make, words = REFUSED[case]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError) as caught:
        run(str(path), "--year", "2023")
    message = str(caught.value)
    assert caught.value.returncode == 2
    assert words in message and "\n" not in message and message.startswith(str(path))
    assert set(counts().values()) == {0}
    with pytest.raises(PageError):
        services.import_page(raw=path.read_bytes(), file_name=name, year=2023)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_the_admin_refuses_an_unsupported_file_at_once(staff_client):
    """Neither text, PDF nor scan: refused in the request, with the command's message, no job made."""
    name, make, words = REFUSED["an unsupported extension"]
    response = staff_client.post("/admin/articles/sourcepage/import/", {
        "file": SimpleUploadedFile(name, make()), "year": "2023",
    })
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and words in errors[0]
    assert set(counts().values()) == {0} and not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["a decompression bomb", "an encrypted PDF", "a damaged PDF"])
def test_the_admin_import_job_fails_with_the_commands_message(case, staff_client, settings):
    needs_font()
    settings.EPAPER_MAX_IMAGE_PIXELS = 50_000_000
    name, make, words = REFUSED[case]
    staff_client.post("/admin/articles/sourcepage/import/", {"file": SimpleUploadedFile(name, make()), "year": "2023"})
    assert jobs.run_waiting() == 1
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and words in job.message and "\n" not in job.message
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_the_admin_imports_a_scan_through_a_job(staff_client, scan_png, scanned, monkeypatch):
    """The request only stores the scan; the worker OCRs it (this module's OCR of the same picture stands in)."""
    calls = []

    def read_once(raw, name, max_pixels):
        calls.append(name)
        return scanned

    monkeypatch.setattr(services, "read_scan", read_once)
    response = staff_client.post("/admin/articles/sourcepage/import/", {
        "file": SimpleUploadedFile("2023-03-08-01.png", scan_png), "issue_date": "2023-03-08",
    })
    assert response.status_code == 302 and calls == [] and set(counts().values()) == {0}
    assert jobs.run_waiting() == 1 and calls == ["2023-03-08-01.png"]
    page = SourcePage.objects.get()
    assert page.encoding == "ocr" and page.original.name.endswith(".png") and page.images["webp"]
    assert Article.objects.filter(source_page=page).count() == 2
    assert ImportJob.objects.get().status == ImportJobStatus.DONE


@pytest.mark.django_db
def test_the_admin_imports_a_pdf_of_several_pages_a_source_page_a_page(staff_client):
    needs_font()
    edition = _join(typeset(), typeset(SECOND_PAGE, SECOND_ITEMS))
    staff_client.post("/admin/articles/sourcepage/import/", {
        "file": SimpleUploadedFile("edition.pdf", edition), "issue_date": "2023-03-08",
    })
    jobs.run_waiting()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE and job.article_count == 3
    pages = list(SourcePage.objects.order_by("page_number"))
    assert [(p.page_number, p.pdf_page, p.file_name) for p in pages] == [
        (1, 1, "edition.pdf#1"), (2, 2, "edition.pdf#2")]
    assert set(job.source_pages.all()) == set(pages)


def _blank_pdf() -> bytes:
    return _pdf_of(_png(Image.new("L", (600, 800), 255)))


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_blank_page_of_a_pdf_is_skipped_with_a_warning_and_the_rest_imported(tmp_path):
    needs_font()
    path = tmp_path / "edition.pdf"
    path.write_bytes(_join(typeset(), _blank_pdf(), typeset(SECOND_PAGE, SECOND_ITEMS)))
    _, err = run(str(path), "--issue-date", "2023-03-08", "--quiet")
    assert "PDF 第2页是空白页" in err and "已跳过" in err
    pages = list(SourcePage.objects.order_by("pdf_page"))
    assert [(p.pdf_page, p.page_number, p.file_name) for p in pages] == [
        (1, 1, "edition.pdf#1"), (3, 2, "edition.pdf#3")]  # 第2版 as its header prints


@pytest.mark.django_db
def test_a_blank_page_numbered_from_page_keeps_its_place():
    needs_font()
    reports = services.import_document(raw=_join(_blank_pdf(), typeset()), file_name="edition.pdf",
                                       year=2023, page_number=5)
    assert [(r.source_page.pdf_page, r.source_page.page_number) for r in reports] == [(2, 6)]
    assert ["PDF 第1页是空白页" in w for w in reports[0].warnings] == [True]


@pytest.mark.django_db
def test_a_pdf_of_blank_pages_only_is_refused(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(_join(_blank_pdf(), _blank_pdf()))
    with pytest.raises(CommandError) as caught:
        run(str(path), "--year", "2023")
    assert "PDF 的 2 页都是空白页" in str(caught.value)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_a_blank_scan_alone_is_refused():
    with pytest.raises(PageError, match="没有识别出文字"):
        services.import_page(raw=_png(Image.new("RGB", (300, 400), "white")), file_name="p.png", year=2023)
    assert set(counts().values()) == {0}


# -- the full-size page: run by `make bench` (bench/epaper_bench.py), not by the suite -------------------------


@pytest.mark.bench
@pytest.mark.skipif(not os.environ.get("NEWSROOM_BENCH"), reason="a full A3 page at 200 dpi: make bench runs it")
def test_the_bundled_page_typeset_on_a3_and_scanned_reads_back_as_its_text():
    from bench.epaper_bench import compare, read_back

    results = read_back()
    for source in ("pdf", "scan"):
        scores = compare(results["txt"], results[source])
        assert scores["people_f1"] >= 0.95 and scores["headlines"] == scores["bylines"] == scores["dates"] == 1.0



def test_the_lines_shared_between_threads_come_back_in_their_order():
    """_Recognizer deals a page's lines out to threads by width: each result must land at its own line."""
    import numpy

    from articles.scan import _Recognizer

    def recognize(images, return_word_box=False):
        return [(f"w{image.shape[1]}", 1.0) for image in images], 0.5

    widths = [300, 40, 900, 120, 40, 610, 75]
    images = [numpy.zeros((30, w, 3), numpy.uint8) for w in widths]
    results, seconds = _Recognizer(recognize, 3)(images, True)
    assert [text for text, _ in results] == [f"w{w}" for w in widths] and seconds == 0.5
    assert _Recognizer(recognize, 2)([], True)[0] == []
