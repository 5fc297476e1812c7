"""End-to-end: a reader in a real browser (Playwright driving Debian's chromium) on a phone-sized screen.

Skipped, with the reason, when playwright or /usr/bin/chromium is missing. Install them with
``pip install playwright`` and ``apt-get install chromium`` (not ``playwright install``).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import needs_chromium
from tests.reader_factories import make_many_articles, make_reader_seed

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]



@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def seed(transactional_db):
    return make_reader_seed()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_home_page_on_a_phone(phone, live_server, seed):
    phone.goto(live_server.url + "/")
    assert phone.title() == "高新区报"
    assert phone.locator("h1").inner_text() == "最新报道"
    assert phone.get_by_role("link", name="王德敏主持召开2023世界金刚石大会总体方案汇报会").is_visible()
    # the stylesheet is loaded and nothing overflows a 360 px screen
    assert phone.evaluate("getComputedStyle(document.querySelector('.site-name a')).color") == "rgb(179, 18, 29)"
    assert fits_the_screen(phone)


def test_search_for_jingangshi(phone, live_server, seed):
    phone.goto(live_server.url + "/")
    phone.get_by_role("searchbox").fill("金刚石")
    phone.get_by_role("searchbox").press("Enter")
    phone.wait_for_url("**/search/?q=*")
    assert "共找到 1 篇稿件" in phone.locator("main").inner_text()
    assert phone.locator("mark").first.inner_text() == "金刚石"
    phone.get_by_role("link", name="王德敏主持召开2023世界金刚石大会总体方案汇报会").click()
    assert phone.locator("h1").inner_text() == "王德敏主持召开2023世界金刚石大会总体方案汇报会"
    assert fits_the_screen(phone)


def test_follow_a_person_link(phone, live_server, seed):
    phone.goto(live_server.url + seed.huijian_wu.get_absolute_url())
    phone.locator(".people").get_by_role("link", name="张红军", exact=True).click()
    phone.wait_for_url(f"**{seed.zhang.get_absolute_url()}")
    assert phone.locator("h1").inner_text() == "张红军"
    main = phone.locator("main").inner_text()
    assert "郑州高新区党工委 党工委书记" in main and "共 2 篇" in main
    assert fits_the_screen(phone)


def test_page_through_a_filtered_list(phone, live_server, seed):
    make_many_articles(25, topic=seed.yingji)
    phone.goto(live_server.url + "/articles/")
    phone.get_by_label("专题").select_option(label="应急安全")
    phone.get_by_role("button", name="筛选").click()
    phone.wait_for_url("**/articles/?*topic=ying-ji-an-quan*")
    assert "专题：应急安全" in phone.locator(".chosen").inner_text()
    assert "第 1 / 2 页" in phone.locator(".pagination").inner_text()
    phone.get_by_role("link", name="下一页").click()
    phone.wait_for_url("**page=2*")
    assert "第 2 / 2 页" in phone.locator(".pagination").inner_text()
    assert "专题：应急安全" in phone.locator(".chosen").inner_text()  # the filter survived paging
    assert fits_the_screen(phone)


def test_the_person_box_suggests_names_as_the_reader_types(phone, live_server, seed):
    phone.goto(live_server.url + "/articles/")
    phone.fill("#id_person", "张")
    options = phone.locator("#person-names option")
    options.first.wait_for(state="attached")
    assert "张红军" in [options.nth(i).get_attribute("value") for i in range(options.count())]
