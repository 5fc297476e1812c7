"""Importing a printed page from its PDF (issue 17): the text layer read in reading order gives the same
articles as the page's text, the PDF, its pictures and each article's regions are kept, and a PDF that cannot
be read is refused with one line and nothing written."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from PIL import Image

from articles import services
from articles.layout import article_regions
from articles.models import Article, ArticleRegion, SourcePage
from articles.ocr import PageError
from articles.pdf import read_pdf
from tests.articles.pdf_pages import HEADER, ITEMS, counts, needs_font, page_text, run, typeset

pytestmark = pytest.mark.django_db

DAY = dt.date(2023, 3, 8)


def test_the_text_layer_reads_back_as_the_text_it_was_typeset_from():
    [page] = read_pdf(typeset())
    knowledge = services.Knowledge()
    from_pdf = services.parse_text(page.text, issue_date=DAY, year=None, knowledge=knowledge)
    from_text = services.parse_text(page_text(), issue_date=DAY, year=None, knowledge=knowledge)
    assert [a.to_json() for a in from_pdf.articles] == [a.to_json() for a in from_text.articles]
    assert [a.title for a in from_pdf.articles] == [title for title, _, _ in ITEMS]
    assert page.text.splitlines()[0] == HEADER  # the header across the top first, then column by column


def test_each_article_gets_the_boxes_of_its_lines_column_by_column():
    [page] = read_pdf(typeset())
    parsed = services.parse_text(page.text, issue_date=DAY, year=None, knowledge=services.Knowledge())
    regions = article_regions(parsed.articles, page.lines)
    assert len(regions) == 2 and all(regions)
    for boxes, (low, high) in zip(regions, [(0, 0.5), (0.5, 1)], strict=True):
        for left, top, right, bottom in boxes:
            assert low <= left < right <= high  # the left item in the left column, the right one in the right
            assert 0.05 < top < bottom < 0.5


def test_columns_are_read_whole_even_where_their_paragraphs_end_at_the_same_height():
    """A headline across two columns, then two columns whose paragraph breaks (an empty line) line up: the
    left column is read to its end before the right one (a plain XY cut would read them row by row)."""
    from articles.layout import Line, reading_order

    def line(text, left, row, right=None, size=10.0):
        top = 40 + row * 16
        return Line(text=text, box=(left, top, right or left + 200, top + 10), size=size)

    rows = [0, 1, 2, 4, 5]  # row 3 empty in both columns
    segments = [line("通栏标题", 40, -3, right=460, size=20)]
    segments += [line(f"右{r}", 260, r) for r in rows] + [line(f"左{r}", 40, r) for r in rows]
    order = [ln.text for ln in reading_order(segments)]
    assert order == ["通栏标题", *(f"左{r}" for r in rows), *(f"右{r}" for r in rows)]


def test_a_paragraph_running_over_into_the_next_column_stays_one_paragraph():
    from articles.layout import Line, page_text, reading_order

    def line(text, left, row, right=None):
        top = 40 + row * 16
        return Line(text=text, box=(left, top, right or left + 200, top + 10), size=10.0)

    left = [line("本报讯 3月6日，全区召开", 60, 0, 240), line("会议，部署春耕生产和", 40, 1), line("防汛工作。会议要求各", 40, 2)]
    right = [line("镇街抓好落实。", 260, 0, 330), line("会议强调，要压实责任。", 280, 1, 460)]
    lines = reading_order(right + left)
    assert [ln.paragraph_start for ln in lines] == [True, False, False, False, True]
    assert page_text(lines).split("\n\n")[0].endswith("防汛工作。会议要求各\n镇街抓好落实。")


def test_import_page_command_imports_a_pdf_and_keeps_it_with_its_pictures_and_regions(tmp_path):
    path = tmp_path / "2023-03-08-01.pdf"
    path.write_bytes(typeset())
    out, _ = run(str(path), "--issue-date", "2023-03-08", "--page", "1", "--publish")
    articles = list(Article.objects.order_by("position_on_page"))
    assert [a.title for a in articles] == ["区委召开常委会会议", "区政府召开常务会议"]
    assert [[(c.person.name, c.role) for c in a.credits.select_related("person")] for a in articles] == [
        [("李明", "记者")], [("赵亮", "记者"), ("孙华", "通讯员")]
    ]
    assert [a.dateline_date for a in articles] == [dt.date(2023, 3, 6), dt.date(2023, 3, 7)]
    page = SourcePage.objects.get()
    assert page.encoding == "pdf" and page.pdf_page == 1 and page.file_name == path.name
    assert page.original.name.startswith("pages/") and page.original.name.endswith(".pdf")
    with page.original.open("rb") as kept:
        assert kept.read() == path.read_bytes()
    widths = [(w, h) for w, h, _ in page.images["webp"]]
    assert [w for w, _ in widths] == [800, 1600]
    for width, height, name in page.images["webp"]:
        with default_storage.open(name) as picture, Image.open(picture) as image:
            assert image.format == "WEBP" and image.size == (width, height)
    for article in articles:
        regions = list(article.regions.all())
        assert regions and {r.source_page_id for r in regions} == {page.pk}
        assert str(regions[0]).startswith(str(article))
    assert "区委召开常委会会议" in out


def test_the_service_takes_a_pdf_and_a_txt_page_the_same_way():
    pdf_report = services.import_page(raw=typeset(), file_name="p.pdf", issue_date=DAY, page_number=1)
    text_report = services.import_page(raw=page_text().encode(), file_name="p.txt", year=2023, dry_run=True)
    assert [o.parsed.to_json() for o in pdf_report.articles] == [o.parsed.to_json() for o in text_report.articles]
    assert ArticleRegion.objects.count() >= 2
    assert SourcePage.objects.get().original  # the dry run of the .txt page wrote nothing


def test_a_dry_run_of_a_pdf_writes_nothing(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(typeset())
    before = set(default_storage.listdir("")[0]) if default_storage.exists("") else set()
    run(str(path), "--year", "2023", "--dry-run")
    assert set(counts().values()) == {0}
    after = set(default_storage.listdir("")[0]) if default_storage.exists("") else set()
    assert after == before


def test_a_directory_takes_its_pdfs_and_txts(tmp_path):
    (tmp_path / "a.pdf").write_bytes(typeset())
    (tmp_path / "b.txt").write_text("本报讯 3月5日，城关镇召开会议。\n（记者 王芳）\n", encoding="utf-8")
    _, err = run(str(tmp_path), "--year", "2023", "--progress")
    assert SourcePage.objects.count() == 2 and "2/2" in err


def _empty_pdf() -> bytes:
    document = pdfium.PdfDocument.new()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _scan() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")  # a picture of a page: no text layer
    return buffer.getvalue()


REFUSED = {
    "encrypted": (lambda: typeset(encrypt="secret"), "加密"),
    "no pages": (_empty_pdf, "没有页面"),
    "over the page limit": (lambda: typeset(pages=3), "有 3 页，一次最多导入 2 页"),
    "corrupt": (lambda: typeset()[:400], "损坏"),
    "not a pdf": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "不是 PDF"),
    "a blank scan": (_scan, "没有识别出文字"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_pdf_that_cannot_be_read_is_refused_in_one_line_and_nothing_is_written(case, tmp_path, settings):
    needs_font()
    settings.EPAPER_MAX_PDF_PAGES = 2
    make, words = REFUSED[case]
    path = tmp_path / "page.pdf"
    path.write_bytes(make())
    with pytest.raises(CommandError) as caught:
        run(str(path), "--year", "2023")
    message = str(caught.value)
    assert words in message and "\n" not in message and message.startswith(str(path))
    assert set(counts().values()) == {0}
    with pytest.raises(PageError):
        services.import_page(raw=path.read_bytes(), file_name="page.pdf", year=2023)
    assert set(counts().values()) == {0}


# -- the e-paper view ----------------------------------------------------------------------------------------


def test_the_print_page_shows_the_page_as_printed_with_each_story_a_link(client, tmp_path,
                                                                        django_assert_max_num_queries):
    path = tmp_path / "p.pdf"
    path.write_bytes(typeset())
    run(str(path), "--issue-date", "2023-03-08", "--page", "1", "--publish")
    page = SourcePage.objects.get()
    small, large = page.images["webp"]
    client.get("/print/2023/03/08/1/")  # the first request's one-off reads (the people's names for links)
    with django_assert_max_num_queries(6):  # tests/articles/test_views_queries.py's budget, with a picture
        html = client.get("/print/2023/03/08/1/").content.decode()
    assert f'srcset="{default_storage.url(small[2])} 800w, {default_storage.url(large[2])} 1600w"' in html
    assert f'width="800" height="{small[1]}"' in html
    assert f'viewBox="0 0 800 {small[1]}"' in html
    for article in Article.objects.all():
        link = f'<a href="{article.get_absolute_url()}" aria-label="{article.title}">'
        assert html.count(link) == 1  # one link (one stop for the keyboard) an article, over all its regions
        assert html.count(f'href="{article.get_absolute_url()}"') == 2  # and in the list of the page's articles
        detail = client.get(article.get_absolute_url()).content.decode()
        assert '刊于<a href="/print/2023/03/08/1/">2023年3月8日第1版</a>' in detail
    assert html.count("<rect ") == ArticleRegion.objects.count()
    assert '<a href="/print/2023/03/08/1/" aria-current="page">第1版</a>' in html


def test_the_print_page_links_the_editions_pages_and_the_days_around(client, tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(typeset())
    run(str(path), "--issue-date", "2023-03-08", "--page", "1", "--publish")
    other = tmp_path / "q.txt"
    for day, number in [("2023-03-08", 2), ("2023-03-07", 3), ("2023-03-10", 1)]:
        other.write_text(f"本报讯 3月5日，城关镇召开会议（{day} {number}）。\n（记者 王芳）\n", encoding="utf-8")
        run(str(other), "--issue-date", day, "--page", str(number), "--publish")
    html = client.get("/print/2023/03/08/1/").content.decode()
    assert '<a href="/print/2023/03/08/2/">第2版</a>' in html
    assert '<a rel="prev" href="/print/2023/03/07/3/">' in html
    assert '<a rel="next" href="/print/2023/03/10/1/">' in html
    response = client.get("/print/2023/03/08/2/")
    assert response.status_code == 200
    text_only = response.content.decode()
    assert "（2023-03-08 2）" in text_only
    assert 'class="epaper"' not in text_only and "<svg" not in text_only  # a page imported as text: its list only


def test_a_deleted_page_takes_its_pdf_and_pictures_with_it(django_capture_on_commit_callbacks):
    needs_font()
    services.import_page(raw=typeset(), file_name="p.pdf", issue_date=DAY, page_number=1)
    page = SourcePage.objects.get()
    names = [page.original.name, *(name for _, _, name in page.images["webp"])]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(source_page=page).update(source_page=None)
        page.delete()
    assert not any(default_storage.exists(name) for name in names)
