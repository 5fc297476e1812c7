"""End-to-end: an editor uploads a person's portrait in the admin (a thumbnail shows), and the reader's person
page shows it beside the name (srcset, alt text = the name, no shift as it loads); screenshots at 1280 and 375 px
go to var/screenshots/ with the others. Skipped, with the reason, without playwright or chromium."""

from __future__ import annotations

import pytest

from people.models import Person
from tests.browser.conftest import log_in, needs_chromium
from tests.browser.test_photos import PASSWORD, SCREENSHOTS, superuser, window  # noqa: F401 — shared fixtures
from tests.factories import image_bytes, make_article, make_mention, make_person

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


def test_an_uploaded_portrait_shows_on_the_person_page(window, live_server, superuser, tmp_path):  # noqa: F811
    expect = sync_api.expect
    person = make_person("张红军", bio="郑州高新区党工委书记。")
    make_mention(make_article("张红军调研重点项目建设"), person, title_printed="党工委书记")
    portrait = tmp_path / "张红军.jpg"
    portrait.write_bytes(image_bytes(900, 1200, color=(90, 70, 60)))

    desk = window(1280)
    log_in(desk, live_server.url, "zhuren", PASSWORD)
    desk.goto(f"{live_server.url}/admin/people/person/{person.pk}/change/")
    desk.locator("input[type=file][name=portrait]").set_input_files(str(portrait))
    desk.get_by_role("button", name="保存并继续编辑").click()
    expect(desk.locator(".messagelist")).to_contain_text("成功")
    thumbnail = desk.locator("img.photo-thumbnail")
    expect(thumbnail).to_have_attribute("alt", "张红军")
    assert thumbnail.evaluate("img => img.naturalWidth") == 240
    assert Person.objects.get(pk=person.pk).portrait_picture is not None

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        reader = window(width, 900 if width > 400 else 740)
        reader.goto(f"{live_server.url}{person.get_absolute_url()}")
        expect(reader.locator("h1")).to_have_text("张红军")
        img = reader.locator("picture.portrait img")
        expect(img).to_have_attribute("alt", "张红军")
        assert img.get_attribute("width") == "900" and img.get_attribute("height") == "1200"
        assert "240w" in img.get_attribute("srcset") and "900w" in img.get_attribute("srcset")
        assert "480w" in reader.locator("picture.portrait source[type='image/webp']").get_attribute("srcset")
        reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        chosen = img.evaluate("img => img.currentSrc")
        assert chosen.endswith(".webp") and "/renditions/" in chosen  # a rendition, never the original
        box = img.bounding_box()
        assert 100 <= box["width"] <= 170 and box["x"] + box["width"] <= width  # beside the name, on screen
        assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        reader.screenshot(path=str(SCREENSHOTS / f"person-{width}.png"), full_page=True)
