"""A printed page's scan: the picture checked and opened, its text OCR'd and read in newspaper reading order.

:func:`read_scan` takes a ``.png``, ``.jpg`` or ``.tif`` scan (or :func:`ocr_lines` a page of a PDF without a
text layer, drawn as a picture) and OCRs it with rapidocr-onnxruntime, whose models ship inside its wheel:
nothing is downloaded at run time. The engine gives each character it read with its box; those go through
the same reading order as a PDF's text layer (``articles.layout``), so both read columns the same way and
every line keeps its box for the articles' regions. :func:`renditions` draws a page's picture at the widths
readers get. Nothing here touches the database.

Refused with a one-line :class:`PageError`: a file that is not a picture of a supported format or is damaged,
and a picture over ``max_pixels`` (a decompression bomb: a small file that would take gigabytes once opened).
"""

from __future__ import annotations

import functools
import io
import os
import statistics
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from . import layout
from .layout import Line, Piece
from .ocr import PageError
from .ocr.furniture import printed_page_number

#: What a scan may be: the extensions ``import_page`` and the admin take, and the formats behind them.
SCAN_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
#: The largest picture opened by default (settings.EPAPER_MAX_IMAGE_PIXELS): an A2 sheet at 300 dpi.
MAX_IMAGE_PIXELS = 60_000_000
#: The largest scan file accepted (an uncompressed A3 page at 300 dpi is about 50 MB).
MAX_SCAN_BYTES = 80 * 1024 * 1024
#: The resolution a PDF page without a text layer is drawn at for OCR: a scanner's usual setting.
OCR_DPI = 200
#: The widths (pixels) a page's picture is drawn at: a phone or tablet, and a wide or 2× screen.
RENDER_WIDTHS = (800, 1600)
WEBP_QUALITY = 80
#: Characters the engine is less sure of than this are left out (specks, rules and photos read as text).
MIN_SCORE = 0.5
#: A gap wider than this share of an OCR'd line's height between two characters of one line is a gutter: the
#: engine reads two columns whose gutter its boxes nearly close as one line, but its characters keep the gap.
OCR_GUTTER = 0.6
#: The OCR engine works on at most this many pixels along the longer side (rapidocr's default): an A3 page
#: scanned at 200 dpi is read at about 120 dpi, which still reads body type; more costs time, not accuracy.
OCR_MAX_SIDE = 2000
#: Lines recognised at once, each on one core (settings.EPAPER_OCR_THREADS; by default every core, at most 4).
OCR_THREADS = max(1, getattr(settings, "EPAPER_OCR_THREADS", min(os.cpu_count() or 1, 4)))
#: A picture whose darkest pixel is lighter than this (0 black, 255 white) has nothing printed on it.
BLANK_DARKEST = 160
NO_TEXT = "图片上没有识别出文字（no text recognised on the page）"


@dataclass
class PageRead:
    """One page as read from a PDF or a scan: the text for the pipeline, its lines with their boxes (0..1 of
    the page), and the file the source page keeps."""

    text: str
    lines: list[Line] = field(default_factory=list)
    original: bytes = b""  # this page's PDF (a page of a longer PDF: that page alone), or the scan as given
    suffix: str = ".pdf"  # the original's extension
    encoding: str = "pdf"  # how the text was had: "pdf" (the text layer) or "ocr"
    pdf_page: int | None = None  # 1-based, in the PDF given
    printed_number: int | None = None  # the page number the page prints (第2版), if found
    #: what the reader of the file skipped, one line each (blank pages of a PDF): carried by its first page
    warnings: list[str] = field(default_factory=list)


class BlankPage(PageError):
    """A page on which no text was found: a PDF of several pages skips it, a page alone is refused."""


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    data: bytes


def is_scan(file_name: str) -> bool:
    return _suffix(file_name) in SCAN_SUFFIXES


def _suffix(file_name: str) -> str:
    return "." + file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""


def open_image(raw: bytes, *, max_pixels: int = MAX_IMAGE_PIXELS) -> Image.Image:
    """The scan as an RGB picture; PageError for one refused (see the module, and a TIFF of several pages)."""
    if len(raw) > MAX_SCAN_BYTES:
        raise PageError(f"图片文件过大（{len(raw) / 1024 / 1024:.1f} MB，上限 {MAX_SCAN_BYTES // 1024 // 1024} MB）"
                        "（image file too large）")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))  # reads the header only: the size is known before any pixel
            if image.format not in SCAN_SUFFIXES.values():
                raise PageError(f"不支持的图片格式 {image.format}：请用 PNG、JPEG 或 TIFF（unsupported image format）")
            if getattr(image, "n_frames", 1) > 1:  # read as its first page only, the others would be lost
                raise PageError(f"这个 TIFF 有 {image.n_frames} 页：请每页存一个文件，或存为一个 PDF 导入"
                                "（a TIFF of several pages）")
            width, height = image.size
            if width * height > max_pixels:
                raise PageError(f"图片过大（{width}×{height} 像素，上限 {max_pixels // 1_000_000} 百万像素），"
                                "可能是恶意构造的文件（image over the pixel limit）")
            image.load()
            return image.convert("RGB")
    except PageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's own, higher limit
        raise PageError(f"图片过大（上限 {max_pixels // 1_000_000} 百万像素），可能是恶意构造的文件"
                        "（image over the pixel limit）") from None
    except UnidentifiedImageError:
        raise PageError("不是图片文件或文件已损坏（not an image, or a damaged one）") from None
    except (OSError, SyntaxError, ValueError):  # Pillow's decoders say "truncated", "broken data stream" so
        raise PageError("图片文件已损坏，无法读取（damaged image file）") from None


def read_scan(raw: bytes, file_name: str, *, max_pixels: int = MAX_IMAGE_PIXELS) -> PageRead:
    """The scan's text in reading order, with its lines' boxes; PageError for a scan refused."""
    lines = ocr_lines(open_image(raw, max_pixels=max_pixels))
    return PageRead(text=layout.page_text(lines), lines=lines, original=raw, suffix=_suffix(file_name),
                    encoding="ocr", printed_number=printed_page_number(ln.text for ln in lines))


@functools.cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR  # loads its models (from the wheel) once, on first use

    # One line a batch: rapidocr pads a batch's lines to the widest, and a page's lines differ widely (headlines,
    # full column lines, bylines), so its default of six spent twice the time on padding (bench/epaper_bench.py).
    # Each line on one core, the lines shared between OCR_THREADS threads (_Recognizer); detection, one large
    # picture, keeps onnxruntime's default of every core on each operation.
    engine = RapidOCR(max_side_len=OCR_MAX_SIDE, rec_batch_num=1, rec_intra_op_num_threads=1, print_verbose=False)
    if OCR_THREADS > 1:
        engine.text_rec = _Recognizer(engine.text_rec, OCR_THREADS)
    return engine


class _Recognizer:
    """rapidocr's line recogniser run over a page's lines in several threads at once (onnxruntime lets go of
    the GIL while it runs): a line is too small a piece of work to split each of its operations between
    cores, which is what onnxruntime does by default, and the page's lines are many."""

    def __init__(self, recognize, threads: int):
        self.recognize, self.threads = recognize, threads

    def __call__(self, images: list, return_word_box: bool = False):
        from concurrent.futures import ThreadPoolExecutor

        # dealt out in order of width, so that each thread gets as much text as the others
        order = sorted(range(len(images)), key=lambda i: images[i].shape[1] / images[i].shape[0])
        shares = [order[k::self.threads] for k in range(self.threads)]
        with ThreadPoolExecutor(self.threads) as pool:
            done = list(pool.map(lambda share: self.recognize([images[i] for i in share], return_word_box), shares))
        results: list = [None] * len(images)
        for share, (found, _seconds) in zip(shares, done, strict=True):
            for index, result in zip(share, found, strict=True):
                results[index] = result
        return results, max((seconds for _found, seconds in done), default=0.0)


def ocr_lines(image: Image.Image) -> list[Line]:
    """The picture's text as lines in reading order, boxes 0..1 of the picture; PageError when none is read."""
    import numpy

    if image.convert("L").getextrema()[0] > BLANK_DARKEST:
        raise BlankPage(NO_TEXT)  # not one dark pixel: a blank page, not worth the OCR's seconds
    # no angle classifier: a scanned page's lines are upright; each character's box for the reading order
    result, _ = _engine()(numpy.asarray(image.convert("RGB")), use_cls=False, return_word_box=True)
    pieces = list(_pieces(result or []))
    if not pieces:
        raise BlankPage(NO_TEXT)
    found = layout.segments(pieces, gutter=OCR_GUTTER)
    heights = [line.box[3] - line.box[1] for line in found]
    # a line's size is its height in pixels, which OCR gives to within a few: a quarter of a line is one type
    lines = layout.reading_order(found, same_size=0.25 * statistics.median(heights))
    layout.scale(lines, *image.size)
    return lines


def _pieces(result: Iterable) -> Iterable[Piece]:
    """rapidocr's lines, each with its characters' boxes -> one piece a character (a Latin word or a number
    stays one piece), the unit the reading order works in."""
    for entry in result:
        if len(entry) < 6:
            continue
        _box, _text, _score, boxes, words, scores = entry[:6]
        for points, word, score in zip(boxes, words, scores, strict=False):
            if score < MIN_SCORE or not word.strip():
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            top, bottom = min(ys), max(ys)
            yield Piece(word.strip(), min(xs), top, max(xs), bottom, bottom - top)


def renditions(image: Image.Image, widths: Sequence[int] = RENDER_WIDTHS) -> list[Rendition]:
    """``image`` at each of ``widths`` (pixels) as WebP, narrowest first."""
    out = []
    for width in sorted(widths):
        height = round(image.height * width / image.width)
        drawn = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        drawn.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
        out.append(Rendition(width, drawn.height, buffer.getvalue()))
    return out


def render_scan(raw: bytes, widths: Sequence[int] = RENDER_WIDTHS) -> list[Rendition]:
    return renditions(open_image(raw, max_pixels=2 ** 62), widths)
