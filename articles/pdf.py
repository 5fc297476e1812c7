"""A printed page's PDF: each page's text layer read in newspaper reading order, its picture, its regions.

:func:`read_pdf` opens the PDF the typesetting system exported (pypdfium2: PDFium's own parser) and reads every
page: the characters of its text layer, each with its box, go through the reading order of ``articles.layout``
into the plain text the OCR pipeline reads (``articles.ocr``); a page without a text layer (a scan saved as
PDF) is drawn at the scanning resolution and OCR'd (``articles.scan``). Each line keeps its box, so every
article can get the boxes of the lines its text came from. :func:`render_page` draws a page at the widths
readers get. Nothing here touches the database.

Refused with a one-line :class:`PageError`: a file that is not a PDF or is damaged, an encrypted PDF, a PDF
with no pages or more pages than ``max_pages``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import layout, scan
from .layout import Piece
from .ocr import PageError
from .ocr.furniture import printed_page_number
from .scan import RENDER_WIDTHS, PageRead, Rendition, renditions

# pypdfium2 (and numpy with it) is imported by the functions that use it: the web workers and the import of a
# text page, which load this module, never need it.
if TYPE_CHECKING:
    import pypdfium2 as pdfium

#: The largest PDF file accepted (a typeset A3 page with its fonts and photos is a few MB).
MAX_PDF_BYTES = 60 * 1024 * 1024
#: How many pages one PDF may have by default (settings.EPAPER_MAX_PDF_PAGES): a whole edition, not an archive.
MAX_PDF_PAGES = 32


def is_pdf(raw: bytes, file_name: str = "") -> bool:
    return file_name.lower().endswith(".pdf") or raw[:1024].lstrip().startswith(b"%PDF-")


def _open(raw: bytes, max_pages: int = MAX_PDF_PAGES) -> pdfium.PdfDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    if len(raw) > MAX_PDF_BYTES:
        raise PageError(f"PDF 文件过大（{len(raw) / 1024 / 1024:.1f} MB，上限 {MAX_PDF_BYTES // 1024 // 1024} MB）"
                        "（PDF file too large）")
    if not raw[:1024].lstrip().startswith(b"%PDF-"):
        raise PageError("不是 PDF 文件或文件已损坏（not a PDF file, or a damaged one）")
    # PDFium itself first: pypdfium2 reports a PDF without pages as a failure to load, with a stale error code
    handle = pdfium_c.FPDF_LoadMemDocument64(raw, len(raw), None)
    if not handle:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise PageError("PDF 已加密，请导出未加密的版面 PDF 后再导入（encrypted PDF）")
        raise PageError("PDF 文件已损坏，无法读取（damaged PDF file）")
    try:
        pages = pdfium_c.FPDF_GetPageCount(handle)
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(handle) != -1  # opens without a password, still
    finally:
        pdfium_c.FPDF_CloseDocument(handle)
    if encrypted:
        raise PageError("PDF 已加密，请导出未加密的版面 PDF 后再导入（encrypted PDF）")
    if pages < 1:
        raise PageError("PDF 没有页面（PDF with no pages）")
    if pages > max_pages:
        raise PageError(f"PDF 有 {pages} 页，一次最多导入 {max_pages} 页：请分成几个文件再导入"
                        f"（PDF has {pages} pages, over the limit of {max_pages}）")
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError:
        raise PageError("PDF 文件已损坏，无法读取（damaged PDF file）") from None
    return document


def read_pdf(raw: bytes, *, max_pages: int = MAX_PDF_PAGES, max_pixels: int = scan.MAX_IMAGE_PIXELS
             ) -> list[PageRead]:
    """Every page's text in reading order, with its lines' boxes, in the PDF's order; PageError for a PDF
    refused (see the module). A page without a text layer is OCR'd; a blank page of several is skipped, with
    a warning on the first page read (``PageRead.warnings``)."""
    document = _open(raw, max_pages)
    try:
        count = len(document)
        pages, blank = [], []
        for index in range(count):
            page = document[index]
            try:
                pages.append(_read_page(document, page, index, raw if count == 1 else None, max_pixels))
            except scan.BlankPage:
                if count == 1:
                    raise
                blank.append(index + 1)  # a page left blank in an edition's PDF: the others are still its pages
            finally:
                page.close()
    finally:
        document.close()
    if not pages:
        raise PageError(f"PDF 的 {count} 页都是空白页，没有识别出文字（every page of the PDF is blank）")
    if blank:
        pages[0].warnings.append(f"PDF 第{'、'.join(map(str, blank))}页是空白页（没有识别出文字），已跳过"
                                 f"（blank page(s) skipped）")
    return pages


def _read_page(document, page, index: int, whole: bytes | None, max_pixels: int) -> PageRead:
    import pypdfium2 as pdfium
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, left=left, top=top)
    except pdfium.PdfiumError:
        raise PageError(f"PDF 第{index + 1}页已损坏，无法读取文字（damaged PDF file）") from None
    finally:
        textpage.close()
    if chars:
        lines = layout.reading_order(layout.segments(chars))
        layout.scale(lines, width, height)  # worked out in points; kept as 0..1 of the page
        encoding = "pdf"
    else:  # no text layer: a scan saved as a PDF
        dpi = min(scan.OCR_DPI, 72 * (max_pixels / (width * height)) ** 0.5)
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        lines = scan.ocr_lines(image)
        encoding = "ocr"
    return PageRead(
        text=layout.page_text(lines), lines=lines, original=whole or _one_page(document, index), suffix=".pdf",
        encoding=encoding, pdf_page=index + 1, printed_number=printed_page_number(ln.text for ln in lines),
    )


def _one_page(document: pdfium.PdfDocument, index: int) -> bytes:
    """Page ``index`` of a PDF as a PDF of its own: what the source page of that page keeps."""
    import pypdfium2 as pdfium
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(document, [index])
        buffer = io.BytesIO()
        single.save(buffer)
    finally:
        single.close()
    return buffer.getvalue()


def _chars(textpage, *, left: float, top: float) -> list[Piece]:
    import pypdfium2.raw as pdfium_c
    chars: list[Piece] = []
    space = False
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if not code or code > 0x10FFFF:
            continue
        text = chr(code)
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue  # the spaces and line breaks PDFium makes up: the layout below places the text
        if text.isspace():
            space = True  # a space the page prints (本报讯 3月6日): kept before the next character
            continue
        if not text.isprintable():
            continue
        x0, y0, x1, y1 = textpage.get_charbox(index, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) or (y1 - y0)
        chars.append(Piece(text, x0 - left, top - y1, x1 - left, top - y0, size, space))
        space = False  # points, from the top left
    return chars


# -- the page's picture -----------------------------------------------------------------------------------


def render_page(raw: bytes, widths: Sequence[int] = RENDER_WIDTHS) -> list[Rendition]:
    """The (first) page of a PDF drawn at each of ``widths`` (pixels) as WebP, narrowest first."""
    document = _open(raw)
    try:
        page = document[0]
        try:
            widest = page.render(scale=max(widths) / page.get_width()).to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    return renditions(widest, widths)
