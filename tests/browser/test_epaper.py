"""The e-paper page (/print/YYYY/MM/DD/N/) in a real browser (issue 17): no serious axe-core violations, every
story's region reached with Tab and highlighted on focus and on hover, the phone given the small picture.
Screenshots at 375 and 1280 px are saved in var/screenshots/ for review."""

from __future__ import annotations

import datetime as dt

import pytest

from articles import services
from articles.models import Article
from tests.articles.pdf_pages import needs_font, typeset
from tests.browser.conftest import needs_chromium
from tests.browser.test_accessibility import AXE, serious_violations
from tests.browser.test_admin_forms import SCREENSHOTS
from tests.browser.test_photos import serve_media

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

URL = "/print/2023/03/08/1/"
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent", "none")


@pytest.fixture
def epaper(transactional_db):
    needs_font()
    services.import_page(raw=typeset(), file_name="2023-03-08-01.pdf", issue_date=dt.date(2023, 3, 8),
                         page_number=1, publish=True)
    return list(Article.objects.order_by("position_on_page").values_list("title", flat=True))


def open_page(browser, live_server, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(20_000)
    serve_media(page)
    page.goto(live_server.url + URL)
    page.wait_for_function("document.querySelector('.epaper img').complete")
    return context, page


def region_fill(page, title: str) -> str:
    return page.evaluate(
        "t => getComputedStyle(document.querySelector(`.epaper-regions a[aria-label='${t}'] rect`)).fill", title
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_the_epaper_page_is_accessible_keyboard_reachable_and_highlighted(browser, live_server, epaper, width):
    context, page = open_page(browser, live_server, width)
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"epaper-{width}.png"), full_page=True)
        if AXE.exists():
            assert serious_violations(page) == []

        # Tab from the top of the page until every story's region has had the focus, each highlighted then
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            title = page.evaluate(
                "document.activeElement.closest('.epaper-regions') ? document.activeElement.getAttribute('aria-label') : null"
            )
            if title:
                assert region_fill(page, title) not in TRANSPARENT, f"{title} is not highlighted on focus"
                reached.append(title)
            if len(reached) == len(epaper):
                break
        assert reached == epaper  # in the order they ran, one stop a story

        page.evaluate("document.activeElement.blur()")
        for title in epaper:
            assert region_fill(page, title) in TRANSPARENT  # nothing highlighted at rest
            page.hover(f".epaper-regions a[aria-label='{title}'] rect")
            assert region_fill(page, title) not in TRANSPARENT, f"{title} is not highlighted on hover"

        if width == 375:  # a phone (2× screen) is given the 800-pixel rendition, not the 1600
            assert page.evaluate("document.querySelector('.epaper img').currentSrc").endswith("-800.webp")
    finally:
        context.close()
