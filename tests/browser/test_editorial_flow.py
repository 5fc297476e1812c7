"""End-to-end: an editor in a real browser imports a printed page, clears the review queue, publishes, and a
reader sees the article.

Playwright driving Debian's chromium, as in ``test_reader.py``; skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.models import Article, ArticleStatus, SourcePage
from tests.browser.conftest import log_in, needs_chromium

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
    log_in(desk, live_server.url, "zhuren", PASSWORD)

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

    # Open another article from the queue and publish it with the workflow button: it was never reviewed, so
    # only as an override, with a reason.
    desk.locator("#articles").get_by_role("link", name=PUBLISHED).click()
    desk.wait_for_url("**/admin/articles/article/*/change/")
    publish = desk.locator("#workflow-form-publish")
    publish.get_by_label("越过审核发布").check()
    publish.get_by_label("理由（必填）").fill("会见稿件，时效要求高")
    publish.get_by_role("button", name="越过审核发布").click()
    expect(desk.locator(".messagelist")).to_contain_text("现为“已发布”")
    expect(desk.locator(".workflow-history")).to_contain_text("越过审核：会见稿件，时效要求高")
    article = Article.objects.get(title=PUBLISHED)
    assert article.status == ArticleStatus.PUBLISHED

    # A reader sees it.
    desk.goto(f"{live_server.url}/")
    desk.get_by_role("link", name=PUBLISHED).first.click()
    desk.wait_for_url(f"**{article.get_absolute_url()}")
    expect(desk.locator("h1")).to_have_text(PUBLISHED)
    expect(desk.locator("main")).to_contain_text("郭程明")


# The whole cycle, three people in three windows ------------------------------------------------------------

STAFF_PASSWORD = "pw-bianji-2023"
TITLE = "高新区启动老旧小区改造"


@pytest.fixture
def staff(transactional_db):
    from tests.factories import make_duty_chief, make_editor, make_reporter

    users = {"reporter": make_reporter("jizhe"), "editor": make_editor("bianji"), "chief": make_duty_chief("zhuren2")}
    for user in users.values():
        user.set_password(STAFF_PASSWORD)
        user.save()
    return users


def signed_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, username, STAFF_PASSWORD)
    return page


def take(page, form_id, button, comment=None):
    form = page.locator(f"#workflow-form-{form_id}")
    if comment is not None:
        form.locator("input[name=comment]").fill(comment)
    form.get_by_role("button", name=button).click()


def test_draft_review_send_back_approve_preview_schedule_appear_and_edit_live(browser, live_server, staff):
    import datetime as dt

    from django.utils import timezone

    from newsroom.cache import pages_changed

    expect = sync_api.expect
    reporter = signed_in(browser, live_server, "jizhe")
    editor = signed_in(browser, live_server, "bianji")
    chief = signed_in(browser, live_server, "zhuren2")

    # The reporter drafts and submits.
    reporter.goto(f"{live_server.url}/admin/articles/article/add/")
    reporter.get_by_label("标题（主题）").fill(TITLE)
    reporter.get_by_label("正文").fill("本报讯 11月27日，高新区老旧小区改造工程开工。\n\n首批涉及12个小区。")
    reporter.get_by_role("button", name="保存并继续编辑").click()
    reporter.wait_for_url("**/admin/articles/article/*/change/")
    article = Article.objects.get(title=TITLE)
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    take(reporter, "submit", "提交审核")
    expect(reporter.locator(".messagelist")).to_contain_text("现为“待审”")

    # The editor finds it on the desk and sends it back.
    editor.goto(f"{live_server.url}/admin/")
    expect(editor.locator("#desk-review")).to_contain_text(TITLE)
    editor.goto(change)
    take(editor, "send_back", "退回", "请补充改造资金来源")
    expect(editor.locator(".messagelist")).to_contain_text("现为“草稿”")

    # The reporter sees it sent back, with the comment; a workflow button does not drop unsaved edits.
    reporter.goto(f"{live_server.url}/admin/")
    expect(reporter.locator("#desk-sent_back")).to_contain_text("请补充改造资金来源")
    reporter.locator("#desk-sent_back").get_by_role("link", name=TITLE).click()
    reporter.wait_for_url(change)
    body = reporter.get_by_label("正文")
    body.fill(body.input_value() + "\n\n改造资金由区财政安排。")
    take(reporter, "submit", "提交审核")
    expect(reporter.locator("#workflow-unsaved")).to_be_visible()
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT
    dialogs = []  # leaving the page with unsaved changes asks first (here: stay)
    reporter.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    with pytest.raises(sync_api.Error):
        reporter.goto(f"{live_server.url}/admin/", timeout=5000)
    assert dialogs == ["beforeunload"] and reporter.url == change
    reporter.get_by_role("button", name="保存并继续编辑").click()
    reporter.wait_for_url(change)
    take(reporter, "submit", "提交审核")
    expect(reporter.locator(".messagelist")).to_contain_text("现为“待审”")
    assert "区财政" in Article.objects.get(pk=article.pk).body

    # The editor approves.
    editor.goto(change)
    take(editor, "approve", "审核通过")
    expect(editor.locator(".messagelist")).to_contain_text("现为“已审核”")

    # The duty chief previews it as readers will see it, then schedules it.
    chief.goto(f"{live_server.url}/admin/")
    expect(chief.locator("#desk-approved")).to_contain_text(TITLE)
    chief.goto(f"{live_server.url}/admin/articles/article/{article.pk}/preview/")
    expect(chief.locator(".preview-banner")).to_contain_text("已审核")
    expect(chief.locator("h1")).to_have_text(TITLE)
    expect(chief.locator("main")).to_contain_text("改造资金由区财政安排。")
    chief.goto(change)
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    chief.locator("#workflow-form-publish input[name=published_at]").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    take(chief, "publish", "发布")
    expect(chief.locator(".messagelist")).to_contain_text("现为“待发布（")
    expect(chief.locator("#workflow-status")).to_contain_text(f"{tomorrow.month}月{tomorrow.day}日")
    reader = chief.context.browser.new_page()
    assert reader.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404

    # It appears on time (brought forward to a few seconds from now).
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + dt.timedelta(seconds=3))
    pages_changed()
    for _ in range(40):
        if reader.goto(f"{live_server.url}{article.get_absolute_url()}").status == 200:
            break
        reader.wait_for_timeout(250)
    expect(reader.locator("h1")).to_have_text(TITLE)

    # The editor edits the live article: the live version does not change until the chief publishes the edit.
    editor.goto(change)
    editor.get_by_label("标题（主题）").fill("高新区启动12个老旧小区改造")
    editor.get_by_role("button", name="保存并继续编辑").click()
    expect(editor.locator(".messagelist")).to_contain_text("已存为修改稿")
    reader.reload()
    expect(reader.locator("h1")).to_have_text(TITLE)
    take(editor, "edit-submit", "修改稿：提交审核")
    expect(editor.locator(".messagelist")).to_contain_text("现为“待审”")
    take(editor, "edit-approve", "修改稿：审核通过")
    expect(editor.locator(".messagelist")).to_contain_text("现为“已审核”")
    reader.reload()
    expect(reader.locator("h1")).to_have_text(TITLE)

    chief.goto(change)
    chief.get_by_role("link", name="预览修改稿").click()  # opens a new tab
    chief.goto(change)
    chief.locator("#workflow-form-edit-publish input[name=correction]").fill("原稿未写明小区数量")
    take(chief, "edit-publish", "修改稿：发布")
    expect(chief.locator(".messagelist")).to_contain_text("已发布，线上版本已更新")
    reader.reload()
    expect(reader.locator("h1")).to_have_text("高新区启动12个老旧小区改造")
    today = timezone.localdate()
    expect(reader.locator(".correction")).to_have_text(
        f"更正（{today.year}年{today.month}月{today.day}日）：原稿未写明小区数量"
    )
