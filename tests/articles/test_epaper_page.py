"""The e-paper page's weight (issue 17): at phone width the page's picture a browser picks from the
``srcset``/``sizes`` the view gives is the small rendition, and it is under 200 KB for a full, dense page (the
bundled page typeset on A3 in four columns, as bench/epaper_bench.py does)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.core.files.storage import default_storage

from articles import services
from tests.articles.pdf_pages import needs_font

pytestmark = pytest.mark.django_db

PHONE_WIDTH = 375  # CSS pixels, an iPhone's
BUDGET = 200 * 1024


def chosen(srcset: str, sizes: str, *, viewport: int, density: float) -> str:
    """The candidate of ``srcset`` a browser picks (the HTML standard's selection, for ``w`` descriptors and
    ``sizes`` made of ``(min-width: Nrem) Mrem`` conditions and a final ``Nvw``): the narrowest at least as
    wide as the slot times the screen's density, else the widest."""
    slot = None
    for part in (p.strip() for p in sizes.split(",")):
        condition = re.fullmatch(r"\(min-width:\s*([\d.]+)rem\)\s*([\d.]+)rem", part)
        if condition:
            if viewport >= float(condition[1]) * 16:
                slot = float(condition[2]) * 16
                break
            continue
        slot = viewport * float(re.fullmatch(r"([\d.]+)vw", part)[1]) / 100
        break
    candidates = sorted((int(w), url) for url, w in re.findall(r"(\S+)\s+(\d+)w", srcset))
    needed = slot * density
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


def test_chosen_follows_the_standards_selection():
    srcset = "/a-800.webp 800w, /a-1600.webp 1600w"
    sizes = "(min-width: 50rem) 48rem, 100vw"
    assert chosen(srcset, sizes, viewport=375, density=2) == "/a-800.webp"
    assert chosen(srcset, sizes, viewport=1280, density=1) == "/a-800.webp"  # 48rem = 768 px
    assert chosen(srcset, sizes, viewport=1280, density=2) == "/a-1600.webp"


def test_at_phone_width_the_page_picture_is_the_small_one_and_under_200_kb(client):
    needs_font()
    from bench.epaper_bench import reference_articles, typeset_a3

    services.import_page(raw=typeset_a3(reference_articles()), file_name="a3.pdf", issue_date=dt.date(2023, 2, 14),
                         page_number=1, publish=True)
    html = client.get("/print/2023/02/14/1/").content.decode()
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)" sizes="([^"]+)"', html)
    assert img, "the e-paper page has its picture with srcset and sizes"
    src, srcset, sizes = (unescape(g) for g in img.groups())
    for density in (1, 2):  # most phones' screens; a 3× one asks for the large one, as it should
        url = chosen(srcset, sizes, viewport=PHONE_WIDTH, density=density)
        assert url == src and url.endswith("-800.webp")
        name = url.removeprefix(default_storage.base_url)
        assert default_storage.size(name) < BUDGET
