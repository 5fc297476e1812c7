"""Newspaper reading order, one implementation for a PDF's text layer and for the OCR of a scan.

The input is pieces of printed text with their boxes: single characters from a PDF's text layer
(``articles.pdf``) or the text lines an OCR engine found on a scan (``articles.scan``). :func:`segments` groups
them into line segments (a row cut where a gutter runs between two pieces), :func:`reading_order` groups the
segments into blocks and columns by a recursive XY cut — a headline across several columns before them, the
columns left to right, each top to bottom — and marks where paragraphs start (a gap, an indented first line or
a change of type size). :func:`page_text` is the plain text the OCR pipeline (``articles.ocr``) reads, and
:func:`article_regions` gives every article the boxes of the lines its text came from. Pure functions: no ORM,
no files.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .ocr import ParsedArticle

Box = tuple[float, float, float, float]  # left, top, right, bottom; from the page's top left


@dataclass
class Piece:
    """Printed text with its box: one character of a text layer, or one line the OCR engine read."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    space_before: bool = False


@dataclass
class Line:
    """One printed line (a segment of a row: columns side by side are separate lines) and its box."""

    text: str
    box: Box
    size: float = 0.0  # type size: points for a text layer, the line's height in pixels for a scan
    block: int = 0  # which block (a column or a headline) of the reading order it is in
    paragraph_start: bool = False


def segments(pieces: Sequence[Piece], gutter: float = 1.2) -> list[Line]:
    """Pieces -> line segments: a row of pieces sharing a baseline band, cut where the gap between two
    neighbours is wider than ``gutter`` times their height (a gutter between columns: about a character for a
    text layer's tight boxes; an OCR engine's boxes stand taller than the type, so less of them)."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda c: ((c.top + c.bottom) / 2, c.left)):
        middle = (piece.top + piece.bottom) / 2
        if rows:
            last = rows[-1]
            top = min(c.top for c in last)
            bottom = max(c.bottom for c in last)
            if top <= middle <= bottom:
                last.append(piece)
                continue
        rows.append([piece])
    found = []
    for row in rows:
        row.sort(key=lambda c: c.left)
        current = [row[0]]
        for piece in row[1:]:
            height = max(current[-1].bottom - current[-1].top, piece.bottom - piece.top)
            if piece.left - current[-1].right > gutter * height:
                found.append(_line(current))
                current = []
            current.append(piece)
        found.append(_line(current))
    return found


def _line(pieces: list[Piece]) -> Line:
    text = ""
    for i, piece in enumerate(pieces):
        before = pieces[i - 1]
        if i and (piece.space_before or piece.left - before.right > 0.3 * (piece.bottom - piece.top) and (
            piece.text[:1].isascii() or before.text[-1:].isascii()
        )):
            text += " "  # a space between Latin words and numbers; none between Chinese characters
        text += piece.text
    box = (min(c.left for c in pieces), min(c.top for c in pieces), max(c.right for c in pieces),
           max(c.bottom for c in pieces))
    return Line(text=text, box=box, size=statistics.median(c.size for c in pieces))


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


def _xy_cut(lines: list[Line], gutter: float, same_size: float) -> list[list[Line]]:
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
            column = [ln for ln in lines if low <= (ln.box[0] + ln.box[2]) / 2 < high]
            blocks.extend(_xy_cut(column, gutter, same_size))
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
        if _same_columns(merged[-1], piece, gutter, same_size):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    if len(merged) == 1:
        return [ordered]
    return [block for piece in merged for block in _xy_cut(piece, gutter, same_size)]


def _same_columns(upper: list[Line], lower: list[Line], gutter: float, same_size: float) -> bool:
    """Do two rows of lines share their column layout (both one column, or gutters at the same places)?"""
    a, b = _column_cuts(upper, gutter), _column_cuts(lower, gutter)
    if not a and not b:
        # one column each: the same column if they overlap mostly and are set in the same type
        left = max(upper[0].box[0], lower[0].box[0])
        return abs(upper[-1].size - lower[0].size) < same_size and left < min(upper[0].box[2], lower[0].box[2])
    if not a or not b:
        return False
    together = _column_cuts(upper + lower, gutter)
    return len(together) == max(len(a), len(b))


def reading_order(found: Sequence[Line], same_size: float = 0.5) -> list[Line]:
    """The line segments in reading order, each marked with its block and whether it starts a paragraph.

    ``same_size``: the largest difference of two lines' sizes that is still the same type (half a point for a
    text layer; a scan's line heights vary by a few pixels, so a share of them)."""
    if not found:
        return []
    heights = [ln.box[3] - ln.box[1] for ln in found]
    gutter = 0.4 * statistics.median(heights)
    lines: list[Line] = []
    for number, block in enumerate(_xy_cut(list(found), gutter, same_size)):
        block.sort(key=lambda ln: ln.box[1])
        left = min(ln.box[0] for ln in block)
        for i, line in enumerate(block):
            line.block = number
            height = line.box[3] - line.box[1]
            if i == 0:
                line.paragraph_start = not _runs_on(lines, block, same_size)
            else:
                before = block[i - 1]
                gap = line.box[1] - before.box[3]
                line.paragraph_start = (
                    gap > 0.8 * height  # an empty line's space
                    or line.box[0] - left > 1.2 * height  # an indented first line
                    or abs(line.size - before.size) > same_size  # a headline above its article, or the reverse
                )
            lines.append(line)
    return lines


_SENTENCE_END = tuple("。！？；：”」）)!?")


def _runs_on(before: list[Line], block: list[Line], same_size: float) -> bool:
    """Does ``block`` (a column) go on with the paragraph the last block ended in? Its first line is set flush
    left in the same type, and the line before filled its column without ending a sentence: a paragraph that
    runs over into the next column is one paragraph, not two."""
    if not before or len(block) < 2:
        return False
    last, first = before[-1], block[0]
    height = first.box[3] - first.box[1]
    column_right = max(ln.box[2] for ln in before if ln.block == last.block)
    return (
        abs(last.size - first.size) <= same_size
        and first.box[0] - min(ln.box[0] for ln in block) < 0.5 * height
        and column_right - last.box[2] < 1.5 * height
        and not last.text.rstrip().endswith(_SENTENCE_END)
    )


def scale(lines: Sequence[Line], width: float, height: float) -> None:
    """Boxes in the page's units (points, pixels) -> 0..1 of its width and height, as regions are kept."""
    for line in lines:
        x0, y0, x1, y1 = line.box
        line.box = (x0 / width, y0 / height, x1 / width, y1 / height)


def page_text(lines: Sequence[Line]) -> str:
    """The lines as the text of a page: one a line, an empty line before each paragraph."""
    out: list[str] = []
    for line in lines:
        if line.paragraph_start and out:
            out.append("")
        out.append(line.text)
    return "\n".join(out) + "\n"


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
