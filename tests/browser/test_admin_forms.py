"""The admin in a real browser at 1280 px: the article list reads (titles not wrapped every few characters, no
column cut off), and a reporter adds a person by name from the article form (select2 with 新建).

Playwright driving Debian's chromium, as in ``test_reader.py``; skipped, with the reason, when either is missing.
Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article
from people.models import Person
from tests.browser.conftest import needs_chromium
from tests.factories import (
    make_article,
    make_credit,
    make_mention,
    make_person,
    make_reporter,
    make_source_page,
    make_topic,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LONG_TITLES = [
    "王德敏主持召开2023世界金刚石大会总体方案汇报会强调高标准筹备高质量举办",
    "张红军会见吴志强一行双方就深化合作进行座谈交流",
    "高新区召开2022年度基层党组织书记抓基层党建工作述职评议会",
]


def logged_in_page(browser, live_server, user, width=1280):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def superuser(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("zhuren", "zhuren@example.com", None)


def test_article_list_reads_at_1280(browser, live_server, superuser):
    reporter = make_person("孙庆辉", kind="journalist")
    for i in range(12):
        page = make_source_page(f"本报讯 {i}", page_number=i % 4 + 1, issue_date=dt.date(2023, 2, 14))
        article = make_article(LONG_TITLES[i % 3] + f"（{i}）", source_page=page, page_number=i % 4 + 1,
                               published=i % 2 == 0, created_by=superuser)
        article.topics.add(make_topic())
        for j, name in enumerate(["王德敏", "张红军", "吴志强", "郭程明"]):
            make_mention(article, make_person(f"{name}{i}"), "党工委书记", order=j)
        make_credit(article, reporter)
    page = logged_in_page(browser, live_server, superuser)
    page.goto(f"{live_server.url}/admin/articles/article/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article-changelist-1280.png"), full_page=True)
    # No column cut off: nothing wider than the window, the table inside its box.
    widths = page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            const box = document.querySelector('#changelist .results');
            return {page: document.documentElement.scrollWidth, window: window.innerWidth,
                    table: table.getBoundingClientRect().right, box: box.getBoundingClientRect().right,
                    boxScroll: box.scrollWidth, boxClient: box.clientWidth};
        }"""
    )
    columns = page.evaluate(
        """() => Array.from(document.querySelectorAll('#result_list thead th')).map(
            th => [th.className, Math.round(th.getBoundingClientRect().width)])"""
    )
    assert widths["page"] <= widths["window"], (widths, columns)
    assert widths["boxScroll"] <= widths["boxClient"], (widths, columns)
    assert widths["table"] <= widths["box"] + 1, (widths, columns)
    # Titles are not wrapped every few characters: at least 12 characters a line (a 39-character title in three
    # or four lines, not ten). Lines are counted from the link's boxes, one per line.
    per_line = page.evaluate(
        """() => Array.from(document.querySelectorAll('#result_list .field-title a')).map(
            a => a.textContent.length / a.getClientRects().length)"""
    )
    assert per_line and min(per_line) >= 12, per_line
    # Every column's header is inside the window.
    rights = page.evaluate(
        "() => Array.from(document.querySelectorAll('#result_list thead th')).map(th => th.getBoundingClientRect().right)"
    )
    assert max(rights) <= widths["window"], rights


def test_reporter_adds_a_new_person_from_the_article_form(browser, live_server):
    reporter = make_reporter("sun")
    me = make_person("孙庆辉", kind="journalist", account=reporter)
    make_person("张红军")
    page = logged_in_page(browser, live_server, reporter)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    # Their own byline is there already.
    assert page.locator("#id_credits-0-person option:checked").inner_text() == "孙庆辉"
    page.fill("#id_title", "张红军会见王五一行")
    page.fill("#id_body", "本报讯 2月12日，张红军会见王五一行。")
    # Add a mention row and type a name nobody has.
    page.locator("#mentions-group .add-row a").click()
    page.locator("#mentions-group .select2-selection").first.click()
    page.locator(".select2-dropdown .select2-search__field").fill("王五")
    option = page.locator(".select2-results__option", has_text="新建人物：王五")
    option.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article-form-new-person.png"))
    option.click()
    page.locator("#mentions-group .add-row a").click()
    page.locator("#mentions-group .select2-selection").nth(1).click()
    page.locator(".select2-dropdown .select2-search__field").fill("张红")
    page.locator(".select2-results__option", has_text="张红军").first.click()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    article = Article.objects.get(title="张红军会见王五一行")
    assert sorted(m.person.name for m in article.mentions.all()) == ["张红军", "王五"]
    assert [c.person for c in article.credits.all()] == [me]
    assert not Person.objects.get(name="王五").confirmed
