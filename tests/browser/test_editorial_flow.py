"""End-to-end: an editor in a real browser imports a printed page, clears the review queue, publishes, and a
reader sees the article.

Playwright driving Debian's chromium, as in ``test_reader.py``; skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.models import Article, ArticleStatus, SourcePage
from tests.browser.conftest import needs_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"
PASSWORD = "pw-zhuren-2023"
REVIEWED = "张红军会见吴志强一行"
PUBLISHED = "郭程明会见岳志铭一行"



@pytest.fixture
def desk(browser):
    """A desktop browser window, as editors use the admin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def superuser(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser("zhuren", "zhuren@example.com", PASSWORD)


def test_import_review_publish_read(desk, live_server, superuser):
    expect = sync_api.expect
    # Log in to the admin.
    desk.goto(f"{live_server.url}/admin/login/?next=/admin/")
    desk.get_by_label("用户名").fill("zhuren")
    desk.get_by_label("密码").fill(PASSWORD)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(f"{live_server.url}/admin/")

    # 导入版面: paste the seed page, give the year, preview.
    desk.locator("#newsroom-tasks").get_by_role("link", name="导入版面").click()
    desk.wait_for_url("**/admin/articles/sourcepage/import/")
    desk.get_by_label("或粘贴 OCR 文本").fill(SEED.read_text(encoding="utf-8"))
    desk.get_by_label("或年份").fill("2023")
    desk.get_by_role("button", name="预览").click()
    preview = desk.locator("#import-preview")
    expect(preview).to_contain_text("稿件 4 篇：新建 4")
    assert desk.locator(".preview-article").count() == 4
    expect(desk.locator("#preview-article-1 .title")).to_have_text("有力推动基层党建工作全面提质")
    expect(desk.locator("#preview-article-1")).to_contain_text("区党工委书记张红军（主持）［新建］")
    expect(desk.locator("#preview-people")).to_contain_text("张红军")
    assert SourcePage.objects.count() == 0 and Article.objects.count() == 0  # a preview writes nothing

    # Confirm: the page's articles, as drafts.
    desk.get_by_role("button", name="确认导入").click()
    desk.wait_for_url(re.compile(r".*/admin/articles/article/\?source_page__id__exact=\d+$"))
    expect(desk.locator(".messagelist")).to_contain_text("已导入版面")
    expect(desk.locator("#result_list")).to_contain_text(REVIEWED)
    assert SourcePage.objects.get().imported_by == superuser
    assert Article.objects.filter(status=ArticleStatus.DRAFT).count() == 4

    # The review queue: one article's made-up title is fine as it is.
    desk.goto(f"{live_server.url}/admin/")
    desk.locator("#newsroom-tasks").get_by_role("link", name="待核队列").click()
    row = desk.locator("#articles tr.review-article", has_text=REVIEWED)
    expect(row).to_contain_text("标题由系统从导语生成")
    row.get_by_role("button", name="标记为已核").click()
    expect(desk.locator(".messagelist")).to_contain_text(f"《{REVIEWED}》已标记为已核")
    expect(desk.locator("#articles")).not_to_contain_text(REVIEWED)
    assert not Article.objects.get(title=REVIEWED).title_is_generated

    # Open another article from the queue and publish it with the workflow button.
    desk.locator("#articles").get_by_role("link", name=PUBLISHED).click()
    desk.wait_for_url("**/admin/articles/article/*/change/")
    desk.locator("#workflow").get_by_role("button", name="发布", exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("现为“已发布”")
    article = Article.objects.get(title=PUBLISHED)
    assert article.status == ArticleStatus.PUBLISHED

    # A reader sees it.
    desk.goto(f"{live_server.url}/")
    desk.get_by_role("link", name=PUBLISHED).first.click()
    desk.wait_for_url(f"**{article.get_absolute_url()}")
    expect(desk.locator("h1")).to_have_text(PUBLISHED)
    expect(desk.locator("main")).to_contain_text("郭程明")
