"""Typeset test pages as PDFs with a real text layer (reportlab, a CJK TrueType font): the e-paper tests'
input, made from known text so what the importer reads back can be compared with the text itself."""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path

import pytest

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NAME = "WQYMicroHei"

#: A page's header across the top, then one item a column: headline, paragraphs, closing byline (flush right).
HEADER = "2023年3月8日 星期三 第1版 要闻"
ITEMS = [
    (
        "区委召开常委会会议",
        [
            "本报讯 3月6日上午，区委书记张红军主持召开区委常委会会议，传达学习全国两会精神，研究部署近期重点工作。",
            "会议强调，要坚持稳中求进工作总基调，抓好项目建设和招商引资，确保一季度经济实现开门红。",
        ],
        "（记者 李明）",
    ),
    (
        "区政府召开常务会议",
        [
            "本报讯 3月7日下午，区长王建国主持召开区政府常务会议，研究安全生产和春季植树工作。",
            "会议要求，各部门要压实安全生产责任，扎实开展隐患排查整治，确保全区安全形势稳定。",
        ],
        "（记者 赵亮 通讯员 孙华）",
    ),
]


def page_text(header: str = HEADER, items=ITEMS) -> str:
    """The same page as OCR text: what the PDF must read back as."""
    blocks = [header]
    for title, paragraphs, byline in items:
        blocks.extend([title, *paragraphs, byline])
    return "\n\n".join(blocks) + "\n"


def needs_font():
    if not FONT.exists():
        pytest.skip(f"the CJK font {FONT} is not installed (apt-get install fonts-wqy-microhei)")
    return FONT


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT), subfontIndex=0))


def _wrap(text: str, first: int, rest: int) -> list[str]:
    lines, width = [], first
    while text:
        lines.append(text[:width])
        text, width = text[width:], rest
    return lines


def typeset(header: str = HEADER, items=ITEMS, *, pages: int = 1, encrypt: str = "") -> bytes:
    """An A4 page: the header across the top, then the items side by side, a column each, body set at 10.5 pt
    with a two-character indent at each paragraph, headlines at 18 pt."""
    needs_font()
    _register()
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt or None)
    width, height = A4
    margin, gutter, body = 40, 24, 10.5
    column = (width - 2 * margin - gutter * (len(items) - 1)) / len(items)
    per_line = int(column // body)
    for _ in range(pages):
        pdf.setFont(FONT_NAME, 12)
        pdf.drawString(margin, height - margin, header)
        pdf.line(margin, height - margin - 8, width - margin, height - margin - 8)
        for n, (title, paragraphs, byline) in enumerate(items):
            x = margin + n * (column + gutter)
            y = height - margin - 50
            pdf.setFont(FONT_NAME, 18)
            pdf.drawString(x, y, title)
            y -= 30
            pdf.setFont(FONT_NAME, body)
            for paragraph in paragraphs:
                for j, line in enumerate(_wrap(paragraph, per_line - 2, per_line)):
                    pdf.drawString(x + (2 * body if j == 0 else 0), y, line)
                    y -= body * 1.6
            pdf.drawRightString(x + column, y, byline)  # the closing byline, set flush right on its own line
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_scan(header: str = HEADER, items=ITEMS, *, body: int = 26, per_line: int = 18, fmt: str = "PNG") -> bytes:
    """The same page as a scan (Pillow, the CJK font): the header across the top, the items side by side, a
    column each, a two-character indent at each paragraph, the closing byline flush right. Small (about
    1,100 × 600 pixels) so that its OCR stays quick."""
    from PIL import Image, ImageDraw, ImageFont

    needs_font()
    font = ImageFont.truetype(str(FONT), body)
    headline = ImageFont.truetype(str(FONT), round(body * 1.7))
    margin, gutter, leading = 40, 3 * body, round(body * 1.6)
    column = per_line * body
    image = Image.new("RGB", (2 * margin + len(items) * column + (len(items) - 1) * gutter, 10), "white")
    lines_per_item = [sum(len(_wrap(p, per_line - 2, per_line)) for p in item[1]) + 1 for item in items]
    image = image.resize((image.width, margin * 3 + 2 * body + 2 * headline.size + max(lines_per_item) * leading))
    draw = ImageDraw.Draw(image)
    draw.text((margin, margin), header, font=ImageFont.truetype(str(FONT), round(body * 1.1)), fill="black")
    top = margin + 2 * body
    draw.line((margin, top, image.width - margin, top), fill="black", width=2)
    for n, (title, paragraphs, byline) in enumerate(items):
        x, y = margin + n * (column + gutter), top + body
        draw.text((x, y), title, font=headline, fill="black")
        y += round(headline.size * 1.8)
        for paragraph in paragraphs:
            for j, line in enumerate(_wrap(paragraph, per_line - 2, per_line)):
                draw.text((x + (2 * body if j == 0 else 0), y), line, font=font, fill="black")
                y += leading
        draw.text((x + column - draw.textlength(byline, font=font), y), byline, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def run(*args) -> tuple[str, str]:
    """``manage.py import_page`` with ``args``: (stdout, stderr)."""
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("import_page", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    """How many rows an import writes to, per model: an import refused must leave them all as they were."""
    from articles.models import Article, ArticleRegion, Credit, Mention, SourcePage
    from people.models import Person

    return {m.__name__: m.objects.count() for m in (Article, ArticleRegion, Credit, Mention, Person, SourcePage)}
