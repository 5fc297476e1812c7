"""A printed page's PDF: its text layer read in newspaper reading order, its picture, its stories' regions.

:func:`read_pdf` opens the PDF the typesetting system exported for one page (pypdfium2: PDFium's own parser)
and turns the characters of its text layer, each with its box, into the plain text the OCR pipeline reads
(``articles.ocr``): lines grouped into line segments, the segments into blocks and columns by a recursive
XY cut (a headline across several columns is read before them, the columns left to right, each top to bottom),
a blank line between paragraphs (a gap, an indented first line or a change of type size). Each line keeps its
box, so :func:`article_regions` can give every article the boxes of the lines its text came from.
:func:`render_page` draws the page at the widths readers get. Nothing here touches the database.

Refused with a one-line :class:`PageError`: a file that is not a PDF or is damaged, an encrypted PDF, a PDF
with no pages or more pages than imported at once, a page without a text layer (a scan: OCR of scans is not
supported yet).
"""

from __future__ import annotations

import io
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from .ocr import PageError, ParsedArticle

#: The largest PDF file accepted (a typeset A3 page with its fonts and photos is a few MB).
MAX_PDF_BYTES = 60 * 1024 * 1024
#: How many pages one PDF may have: one print page is one import.
MAX_PDF_PAGES = 1
#: The widths (pixels) the page's picture is drawn at: a phone or tablet, and a wide or 2× screen.
RENDER_WIDTHS = (800, 1600)
WEBP_QUALITY = 80

Box = tuple[float, float, float, float]  # left, top, right, bottom; 0..1 of the page, from its top left


@dataclass
class _Char:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    space_before: bool = False


@dataclass
class Line:
    """One printed line (a segment of a row: columns side by side are separate lines), its box in 0..1."""

    text: str
    box: Box
    size: float = 0.0  # type size in points
    block: int = 0  # which block (a column or a headline) of the reading order it is in
    paragraph_start: bool = False


@dataclass
class PdfPage:
    """What :func:`read_pdf` read: the text for the pipeline, its lines with their boxes, the page's size."""

    text: str
    lines: list[Line] = field(default_factory=list)
    width: float = 0.0  # points
    height: float = 0.0
    page_index: int = 0  # 0-based, in the PDF
    raw: bytes = b""  # the PDF file, kept with the source page


def is_pdf(raw: bytes, file_name: str = "") -> bool:
    return file_name.lower().endswith(".pdf") or raw[:1024].lstrip().startswith(b"%PDF-")


def _open(raw: bytes) -> pdfium.PdfDocument:
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
    if pages > MAX_PDF_PAGES:
        raise PageError(f"PDF 有 {pages} 页，一次只能导入一个版面（一页）：请按版拆分后再导入"
                        f"（PDF has {pages} pages; one page per import）")
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError:
        raise PageError("PDF 文件已损坏，无法读取（damaged PDF file）") from None
    return document


def read_pdf(raw: bytes) -> PdfPage:
    """The page's text in reading order, with its lines' boxes; PageError for a PDF refused (see the module)."""
    document = _open(raw)
    try:
        page = document[0]
        try:
            left, bottom, right, top = page.get_bbox()
            width, height = right - left, top - bottom
            textpage = page.get_textpage()
            try:
                chars = _chars(textpage, left=left, top=top)
            except pdfium.PdfiumError:
                raise PageError("PDF 文件已损坏，无法读取文字（damaged PDF file）") from None
            finally:
                textpage.close()
        finally:
            page.close()
    finally:
        document.close()
    if not chars:
        raise PageError("PDF 页面没有文字层（可能是扫描件），暂不支持扫描件的文字识别（OCR）"
                        "（no text layer; OCR of scans is not supported yet）")
    lines = _reading_order(_segments(chars))
    for line in lines:  # the layout is worked out in points; kept as 0..1 of the page's width and height
        x0, y0, x1, y1 = line.box
        line.box = (x0 / width, y0 / height, x1 / width, y1 / height)
    return PdfPage(text=_text(lines), lines=lines, width=width, height=height, page_index=0, raw=raw)


def _chars(textpage, *, left: float, top: float) -> list[_Char]:
    chars: list[_Char] = []
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
        chars.append(_Char(text, x0 - left, top - y1, x1 - left, top - y0, size, space))
        space = False  # points, from the top left
    return chars


def _segments(chars: list[_Char]) -> list[Line]:
    """Characters -> line segments: a row of characters sharing a baseline band, cut where the gap between two
    neighbours is wider than about a character (a gutter between columns)."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.left)):
        middle = (char.top + char.bottom) / 2
        if rows:
            last = rows[-1]
            top = min(c.top for c in last)
            bottom = max(c.bottom for c in last)
            if top <= middle <= bottom:
                last.append(char)
                continue
        rows.append([char])
    segments = []
    for row in rows:
        row.sort(key=lambda c: c.left)
        current = [row[0]]
        for char in row[1:]:
            height = max(current[-1].bottom - current[-1].top, char.bottom - char.top)
            if char.left - current[-1].right > 1.2 * height:
                segments.append(_line(current))
                current = []
            current.append(char)
        segments.append(_line(current))
    return segments


def _line(chars: list[_Char]) -> Line:
    text = ""
    for i, char in enumerate(chars):
        if i and (char.space_before or char.left - chars[i - 1].right > 0.3 * (char.bottom - char.top) and (
            char.text.isascii() or chars[i - 1].text.isascii()
        )):
            text += " "  # a space between Latin words and numbers; none between Chinese characters
        text += char.text
    box = (min(c.left for c in chars), min(c.top for c in chars), max(c.right for c in chars),
           max(c.bottom for c in chars))
    return Line(text=text, box=box, size=statistics.median(c.size for c in chars))


def _gaps(intervals: list[tuple[float, float]], minimum: float) -> list[float]:
    """The middles of the empty stretches wider than ``minimum`` between the union of ``intervals``."""
    cuts = []
    intervals = sorted(intervals)
    end = intervals[0][1]
    for start, stop in intervals[1:]:
        if start - end > minimum:
            cuts.append((start + end) / 2)
        end = max(end, stop)
    return cuts


def _column_cuts(lines: list[Line], gutter: float) -> list[float]:
    return _gaps([(line.box[0], line.box[2]) for line in lines], gutter)


def _xy_cut(lines: list[Line], gutter: float) -> list[list[Line]]:
    """Lines -> blocks in reading order. Where a gutter runs the whole height, the columns are read left to
    right; else the rows are cut apart where they do not overlap, rows with the same columns are put back
    together (two columns whose paragraphs happen to end at the same height stay two columns) and each piece
    is read top to bottom."""
    if len(lines) <= 1:
        return [lines] if lines else []
    cuts = _column_cuts(lines, gutter)
    if cuts:
        edges = [float("-inf"), *cuts, float("inf")]
        blocks = []
        for low, high in zip(edges, edges[1:], strict=False):
            blocks.extend(_xy_cut([ln for ln in lines if low <= (ln.box[0] + ln.box[2]) / 2 < high], gutter))
        return blocks
    ordered = sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
    pieces: list[list[Line]] = [[ordered[0]]]
    bottom = ordered[0].box[3]
    for line in ordered[1:]:
        if line.box[1] >= bottom - 0.2 * (line.box[3] - line.box[1]):
            pieces.append([line])
        else:
            pieces[-1].append(line)
        bottom = max(bottom, line.box[3])
    merged: list[list[Line]] = [pieces[0]]
    for piece in pieces[1:]:
        if _same_columns(merged[-1], piece, gutter):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    if len(merged) == 1:
        return [ordered]
    return [block for piece in merged for block in _xy_cut(piece, gutter)]


def _same_columns(upper: list[Line], lower: list[Line], gutter: float) -> bool:
    """Do two rows of lines share their column layout (both one column, or gutters at the same places)?"""
    a, b = _column_cuts(upper, gutter), _column_cuts(lower, gutter)
    if not a and not b:
        # one column each: the same column if they overlap mostly and are set in the same type
        left = max(upper[0].box[0], lower[0].box[0])
        return abs(upper[-1].size - lower[0].size) < 0.5 and left < min(upper[0].box[2], lower[0].box[2])
    if not a or not b:
        return False
    together = _column_cuts(upper + lower, gutter)
    return len(together) == max(len(a), len(b))


def _reading_order(segments: list[Line]) -> list[Line]:
    if not segments:
        return []
    heights = [ln.box[3] - ln.box[1] for ln in segments]
    gutter = 0.4 * statistics.median(heights)
    lines = []
    for number, block in enumerate(_xy_cut(segments, gutter)):
        block.sort(key=lambda ln: ln.box[1])
        left = min(ln.box[0] for ln in block)
        for i, line in enumerate(block):
            line.block = number
            height = line.box[3] - line.box[1]
            if i == 0:
                line.paragraph_start = True
            else:
                before = block[i - 1]
                gap = line.box[1] - before.box[3]
                line.paragraph_start = (
                    gap > 0.8 * height  # an empty line's space
                    or line.box[0] - left > 1.2 * height  # an indented first line
                    or abs(line.size - before.size) > 0.5  # a headline above its article, or the reverse
                )
            lines.append(line)
    return lines


def _text(lines: list[Line]) -> str:
    out: list[str] = []
    for line in lines:
        if line.paragraph_start and out:
            out.append("")
        out.append(line.text)
    return "\n".join(out) + "\n"


# -- the page's picture -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    data: bytes


def render_page(raw: bytes, widths: Sequence[int] = RENDER_WIDTHS) -> list[Rendition]:
    """The page drawn at each of ``widths`` (pixels) as WebP, narrowest first."""
    document = _open(raw)
    try:
        page = document[0]
        try:
            points_wide = page.get_width()
            widest = page.render(scale=max(widths) / points_wide).to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    renditions = []
    for width in sorted(widths):
        height = round(widest.height * width / widest.width)
        image = widest if width == widest.width else widest.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        renditions.append(Rendition(width, image.height, buffer.getvalue()))
    return renditions


# -- each article's regions -------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return "".join(text.split())


def article_regions(articles: Sequence[ParsedArticle], lines: Sequence[Line]) -> list[list[Box]]:
    """For each article, the boxes (one a block: a column or a headline) of the lines whose text went into it.

    Approximate by design: a line belongs to the first article, from the one the previous line went to on, whose
    text holds it; furniture (headers, jump lines) is in no article and gets no box."""
    texts = [
        _squeeze("".join([a.kicker, a.title, a.subtitle, a.source_line, *a.paragraphs, *a.byline,
                          *(c.name for c in a.credits)]))
        for a in articles
    ]
    boxes: list[dict[int, Box]] = [{} for _ in articles]
    current = 0
    for line in lines:
        needle = _squeeze(line.text)
        if not needle:
            continue
        order = list(range(current, len(texts))) + list(range(current))
        found = next((i for i in order if needle in texts[i]), None)
        if found is None and len(needle) > 4:  # a line the pipeline changed a little: its longest part
            half = max(needle[: len(needle) // 2], needle[len(needle) // 2:], key=len)
            found = next((i for i in order if half in texts[i]), None)
        if found is None:
            continue
        current = found
        held = boxes[found].get(line.block)
        box = line.box if held is None else (
            min(held[0], line.box[0]), min(held[1], line.box[1]), max(held[2], line.box[2]), max(held[3], line.box[3])
        )
        boxes[found][line.block] = box
    return [[tuple(round(v, 4) for v in box) for box in found.values()] for found in boxes]
