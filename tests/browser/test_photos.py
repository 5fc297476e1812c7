"""End-to-end: an editor uploads a photo in the article form, publishes, and readers see it (srcset, alt) on
the home page and the article; screenshots of both at 1280 and 375 px are saved in var/screenshots/ for review.

Django serves no uploads outside DEBUG; here the browser gets them from MEDIA_ROOT as the proxy would
(docs/deploy.md). Playwright driving Debian's chromium, as in ``test_reader.py``; skipped, with the reason, when
either is missing.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings

from articles.models import ArticleStatus
from tests.browser.conftest import log_in, needs_chromium
from tests.factories import image_bytes, make_approved, make_article, make_credit, make_person

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

PASSWORD = "pw-zhuren-2023"
TITLE = "高新区举办2023世界金刚石大会产业推介会"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def serve_media(page) -> None:
    """Answer /media/… from MEDIA_ROOT, as nginx does in production."""
    root = Path(settings.MEDIA_ROOT)

    def handle(route):
        path = unquote(urlparse(route.request.url).path).removeprefix("/media/")
        file = (root / path).resolve()
        if root.resolve() in file.parents and file.is_file():
            route.fulfill(status=200, body=file.read_bytes(),
                          content_type=mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        else:
            route.fulfill(status=404, body="")

    page.route("**/media/**", handle)


@pytest.fixture
def window(browser):
    def open_window(width: int, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        serve_media(page)
        return page

    contexts = []
    yield open_window
    for context in contexts:
        context.close()


@pytest.fixture
def superuser(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("zhuren", "zhuren@example.com", PASSWORD)


def test_upload_publish_and_read_with_the_photo(window, live_server, superuser, tmp_path):
    expect = sync_api.expect
    article = make_approved(TITLE, body="推介会上，企业代表介绍了培育钻石新产品。\n\n会后，与会嘉宾参观了展区。")
    make_credit(article, make_person("孙庆辉", kind="journalist"), role="文")
    photographer = make_person("王摄影", kind="journalist")
    for i in range(3):  # older published articles, one with a photo of its own below
        make_article(f"高新区召开会议{i}")
    photo_file = tmp_path / "推介会.jpg"
    photo_file.write_bytes(image_bytes(2400, 1600, color=(30, 90, 150)))

    desk = window(1280)
    log_in(desk, live_server.url, "zhuren", PASSWORD)

    # The article form: add a photo in the inline, with its caption, alt text and photographer.
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    desk.locator("#photos-group .add-row a", has_text="添加另一个 图片").click()
    row = desk.locator("#photos-group tr.form-row.dynamic-photos").first
    row.locator("input[type=file]").set_input_files(str(photo_file))
    row.locator("textarea[name$=caption]").fill("推介会现场，企业代表展示培育钻石。")
    row.locator("input[name$=alt]").fill("企业代表在展台前展示培育钻石")
    row.locator("select[name$=photographer]").evaluate(
        "(select, pk) => { select.add(new Option('王摄影', pk, true, true)); }", str(photographer.pk)
    )
    desk.get_by_role("button", name="保存并继续编辑").click()
    expect(desk.locator(".messagelist")).to_contain_text("成功")
    expect(desk.locator("#photos-group img.photo-thumbnail")).to_have_count(1)
    assert desk.locator("#photos-group img.photo-thumbnail").evaluate("img => img.naturalWidth") == 480

    # A change after approval goes back to review: approve again, then publish with the workflow buttons.
    expect(desk.locator(".messagelist")).to_contain_text("已退回“待审”")
    desk.locator("#workflow").get_by_role("button", name="审核通过", exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("现为“已审核”")
    desk.locator("#workflow").get_by_role("button", name="发布", exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("现为“已发布”")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        reader = window(width, 900 if width > 400 else 740)
        # Home: the top story with its lead photo.
        reader.goto(f"{live_server.url}/")
        top = reader.locator(".top-story")
        expect(top.get_by_role("link", name=TITLE)).to_be_visible()
        img = top.locator("img")
        expect(img).to_have_attribute("alt", "企业代表在展台前展示培育钻石")
        assert "1600w" in img.get_attribute("srcset")
        assert "480w" in top.locator("source[type='image/webp']").get_attribute("srcset")
        reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        reader.screenshot(path=str(SCREENSHOTS / f"home-{width}.png"), full_page=True)

        # The article: its photo, caption and credits (文/孙庆辉 图/王摄影).
        top.get_by_role("link", name=TITLE).click()
        expect(reader.locator("h1")).to_have_text(TITLE)
        figure = reader.locator("figure.lead-photo")
        expect(figure.locator("figcaption")).to_contain_text("推介会现场，企业代表展示培育钻石。 图/王摄影")
        img = figure.locator("img")
        expect(img).to_have_attribute("alt", "企业代表在展台前展示培育钻石")
        assert img.get_attribute("width") == "1600" and img.get_attribute("height") == "1067"
        reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        # the browser chose a WebP rendition for its width, not the original
        chosen = img.evaluate("img => img.currentSrc")
        assert chosen.endswith(".webp") and "/renditions/" in chosen
        expect(reader.locator(".byline")).to_contain_text("文/孙庆辉 图/王摄影")
        assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        reader.screenshot(path=str(SCREENSHOTS / f"article-{width}.png"), full_page=True)

    for name in ("home-1280", "home-375", "article-1280", "article-375"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_photos_are_reordered_by_dragging(window, live_server, superuser, settings, tmp_path):
    """Drag the second photo above the first: the 排序 numbers follow the rows, and it is the lead photo."""
    from tests.factories import make_photo

    settings.MEDIA_ROOT = tmp_path
    article = make_approved(TITLE)
    first = make_photo(article, order=0, caption="第一张", alt="会场全景")
    second = make_photo(article, order=1, caption="第二张", alt="企业代表发言", data=image_bytes(1200, 800, color=(200, 40, 40)))
    desk = window(1280)
    log_in(desk, live_server.url, "zhuren", PASSWORD)
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    rows = desk.locator("#photos-group tr.form-row.has_original")
    sync_api.expect(rows.locator(".photo-drag-handle")).to_have_count(2)
    rows.nth(1).locator(".photo-drag-handle").drag_to(rows.nth(0).locator(".photo-drag-handle"), target_position={"x": 2, "y": 1})
    assert [rows.nth(i).locator("input[name$='-order']").input_value() for i in range(2)] == ["0", "1"]
    assert "第二张" in rows.nth(0).locator("textarea[name$=caption]").input_value()
    desk.get_by_role("button", name="保存并继续编辑").click()
    sync_api.expect(desk.locator(".messagelist")).to_contain_text("成功")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.order, first.order) == (0, 1)
