"""axe-core (from the npm registry: ``npm install --prefix var/npm axe-core@4``, which .ci/run does) on the main
reader pages, with photos and a portrait: no serious or critical violations. Skipped, with the reason, when axe-core, playwright
or chromium is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.browser.conftest import needs_chromium
from tests.browser.test_photos import serve_media
from tests.factories import image_bytes, make_photo
from tests.reader_factories import make_reader_seed

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    pytest.mark.skipif(not AXE.exists(), reason=f"{AXE} not found (npm install --prefix var/npm axe-core@4)"),
]


@pytest.fixture
def seed(transactional_db):
    seed = make_reader_seed()
    make_photo(seed.jingangshi, data=image_bytes(1600, 1000), caption="大会现场。", alt="金刚石大会会场",
               photographer=seed.sun)
    make_photo(seed.huijian_wu, data=image_bytes(1200, 800), alt="会见现场")
    seed.zhang.portrait = SimpleUploadedFile("zhang.jpg", image_bytes(600, 800), content_type="image/jpeg")
    seed.zhang.save()  # his page is checked with its portrait
    return seed


def serious_violations(page) -> list[str]:
    # The axe script is evaluated through the DevTools protocol: the site's CSP (no inline script) stays on.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, seed, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    serve_media(page)
    try:
        urls = ["/", seed.jingangshi.get_absolute_url(), "/articles/?person=张红军", "/search/?q=金刚石",
                "/people/", seed.zhang.get_absolute_url(), "/topics/", "/archive/"]
        found = {}
        for url in urls:
            page.goto(live_server.url + url)
            problems = serious_violations(page)
            if problems:
                found[url] = problems
        assert found == {}
        # and axe does find what it should: a picture without alt text
        page.set_content('<html lang="zh"><title>t</title><main><img src="x.png"></main></html>')
        assert any(p.startswith("image-alt") for p in serious_violations(page))
    finally:
        context.close()


def test_keyboard_focus_is_visible(browser, live_server, seed):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")  # the skip link first
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")
    finally:
        context.close()
