"""The workflow in the editors' admin, role by role: what each may see, press and change, enforced on the server."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus
from tests.factories import (
    make_article,
    make_draft,
    make_duty_chief,
    make_editor,
    make_reporter,
    make_site_admin,
)

pytestmark = pytest.mark.django_db

S = ArticleStatus
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def step_url(article, step):
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


def article_form(title="区委召开常委会", **overrides):
    """What the change form posts: fields and the (empty) byline and mention formsets."""
    data = {
        "title": title, "kicker": "", "subtitle": "", "body": "第一段。\r\n\r\n第二段。", "lead": "", "slug": "",
        "source_line": "本报讯", "dateline_date": "2023-02-03", "time_of_day": "", "issue_date": "",
        "page_number": "", "position_on_page": "0", "review_notes": "",
    }
    for prefix in ("credits", "mentions", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


def login(client, user):
    client.force_login(user)
    return client


# Reporters ------------------------------------------------------------------------------------------------


def test_reporter_creates_and_submits_their_own_draft(client):
    reporter = make_reporter("sun")
    login(client, reporter)
    response = client.post(reverse("admin:articles_article_add"), article_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="区委召开常委会")
    assert article.created_by == reporter and article.status == S.DRAFT

    page = client.get(change_url(article)).content.decode()
    assert step_url(article, "submit") in page
    assert step_url(article, "publish") not in page

    response = client.post(step_url(article, "submit"), {"comment": "请审"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.REVIEW
    transition = article.transitions.get()
    assert (transition.by, transition.from_status, transition.to_status, transition.comment) == (
        reporter, S.DRAFT, S.REVIEW, "请审"
    )
    # Once submitted, the reporter can read it but no longer change it.
    page = client.get(change_url(article)).content.decode()
    assert "请审" in page  # the history
    assert client.post(change_url(article), article_form(title="改标题")).status_code == 403
    article.refresh_from_db()
    assert article.title == "区委召开常委会"


def test_reporter_cannot_publish(client):
    reporter = make_reporter()
    article = make_draft(created_by=reporter, status=S.REVIEW)
    login(client, reporter)
    response = client.post(step_url(article, "publish"), {"comment": ""})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == S.REVIEW and article.published_at is None
    assert not article.transitions.exists()

    # Nor through the changelist action, which they are not even offered.
    assert "publish_action" not in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "publish_action", "_selected_action": [article.pk], "comment": ""})
    article.refresh_from_db()
    assert article.status == S.REVIEW


def test_reporter_cannot_set_status_through_the_form(client):
    reporter = make_reporter()
    article = make_draft("草稿一篇", created_by=reporter)
    login(client, reporter)
    response = client.post(
        change_url(article),
        article_form("草稿一篇", slug=article.slug, status="published",
                     published_at_0="2023-02-14", published_at_1="08:00:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.status == S.DRAFT and article.published_at is None


def test_reporter_cannot_see_another_reporters_draft(client):
    mine = make_draft("我的稿子", created_by=make_reporter("sun"))
    theirs = make_draft("别人的稿子", created_by=make_reporter("wang"))
    login(client, mine.created_by)

    listing = client.get(CHANGELIST).content.decode()
    assert "我的稿子" in listing and "别人的稿子" not in listing

    response = client.get(change_url(theirs))
    assert response.status_code == 302 and "/admin/" in response["Location"]  # "does not exist", to the index
    response = client.post(change_url(theirs), article_form("改了别人的", slug=theirs.slug))
    assert response.status_code == 302
    assert client.post(step_url(theirs, "submit")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "别人的稿子" and theirs.status == S.DRAFT


def test_workflow_view_wants_post(client):
    reporter = make_reporter()
    article = make_draft(created_by=reporter)
    login(client, reporter)
    assert client.get(step_url(article, "submit")).status_code == 405
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_workflow_view_is_csrf_protected():
    from django.test import Client

    reporter = make_reporter()
    article = make_draft(created_by=reporter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(step_url(article, "submit")).status_code == 403
    article.refresh_from_db()
    assert article.status == S.DRAFT


# Editors --------------------------------------------------------------------------------------------------


def test_editor_sends_back_with_a_comment(client):
    editor = make_editor()
    article = make_draft("待审稿件", created_by=make_reporter(), status=S.REVIEW)
    login(client, editor)
    page = client.get(change_url(article)).content.decode()
    assert step_url(article, "send_back") in page and step_url(article, "publish") not in page

    client.post(step_url(article, "send_back"), {"comment": ""})
    article.refresh_from_db()
    assert article.status == S.REVIEW  # a comment is required

    response = client.post(step_url(article, "send_back"), {"comment": "导语太长"}, follow=True)
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert "导语太长" in response.content.decode()
    assert article.transitions.get().by == editor


def test_editor_approves_and_cannot_publish(client):
    editor = make_editor()
    article = make_draft(status=S.REVIEW)
    login(client, editor)
    client.post(step_url(article, "approve"), {"comment": ""})
    assert client.post(step_url(article, "publish")).status_code == 403
    article.refresh_from_db()
    assert article.status == S.APPROVED
    transition = article.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == (S.REVIEW, S.APPROVED, editor)


def test_editor_bulk_sends_back_from_the_changelist(client):
    login(client, make_editor())
    articles = [make_draft(status=S.REVIEW) for _ in range(2)]
    response = client.post(
        CHANGELIST, {"action": "send_back_action", "_selected_action": [a.pk for a in articles], "comment": "重写"}
    )
    assert response.status_code == 302
    assert {a.status for a in Article.objects.filter(pk__in=[a.pk for a in articles])} == {S.DRAFT}


# Duty chiefs and administrators ---------------------------------------------------------------------------


def test_duty_chief_publishes_and_withdraws(client):
    chief = make_duty_chief()
    article = make_draft(status=S.APPROVED)
    login(client, chief)
    assert step_url(article, "publish") in client.get(change_url(article)).content.decode()
    client.post(step_url(article, "publish"), {"comment": "上线"})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_public

    client.post(step_url(article, "withdraw"), {"comment": "撤稿"})
    article.refresh_from_db()
    assert article.status == S.WITHDRAWN and not article.is_public
    assert [t.to_status for t in article.transitions.order_by("at", "pk")] == [S.PUBLISHED, S.WITHDRAWN]


def test_duty_chief_schedules_and_the_scheduled_filter_lists_it(client):
    chief = make_duty_chief()
    scheduled = make_draft("明早上线的稿件", status=S.APPROVED)
    make_article("已经上线的稿件")
    login(client, chief)
    at = timezone.localtime() + dt.timedelta(hours=2)
    client.post(step_url(scheduled, "publish"), {"published_at": at.strftime("%Y-%m-%dT%H:%M")})
    scheduled.refresh_from_db()
    assert scheduled.status == S.PUBLISHED and scheduled.published_at > timezone.now()

    listing = client.get(CHANGELIST, {"schedule": "scheduled"}).content.decode()
    assert "明早上线的稿件" in listing and "已经上线的稿件" not in listing
    assert "待发布" in listing


def test_duty_chief_bulk_publishes_from_the_changelist(client):
    login(client, make_duty_chief())
    article = make_draft(status=S.APPROVED)
    unreviewed = make_draft(status=S.REVIEW)
    response = client.post(
        CHANGELIST, {"action": "publish_action", "_selected_action": [article.pk, unreviewed.pk], "comment": ""},
        follow=True,
    )
    article.refresh_from_db()
    unreviewed.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert unreviewed.status == S.REVIEW  # a list action never overrides review
    assert "尚未审核通过" in response.content.decode()


def test_site_admin_can_do_everything(client):
    boss = make_site_admin()
    other = make_draft("记者的稿子", created_by=make_reporter())
    login(client, boss)
    assert client.get(change_url(other)).status_code == 200
    for step in ["submit", "send_back", "submit", "approve", "publish", "withdraw", "reopen"]:
        assert client.post(step_url(other, step), {"comment": "管理员操作"}).status_code == 302
    other.refresh_from_db()
    assert other.status == S.DRAFT and other.transitions.count() == 7


def test_staff_without_a_role_gets_nothing(client):
    from tests.factories import make_user

    article = make_draft()
    login(client, make_user())
    assert client.get(CHANGELIST).status_code == 403
    assert client.post(step_url(article, "publish")).status_code == 403


def test_illegal_step_in_the_admin_is_a_message_not_a_change(client):
    login(client, make_site_admin())
    article = make_draft()
    response = client.post(step_url(article, "withdraw"), follow=True)
    assert "不能" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT


# Readers --------------------------------------------------------------------------------------------------


def test_a_scheduled_article_appears_when_its_time_comes(client):
    article = make_article("定时发布的稿件", published_at=timezone.now() + dt.timedelta(hours=1))
    assert "定时发布的稿件" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1))
    assert "定时发布的稿件" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


# Preview --------------------------------------------------------------------------------------------------


def preview_url(article, edit=None):
    url = reverse("admin:articles_article_preview", args=[article.pk])
    return f"{url}?edit={edit.pk}" if edit else url


@pytest.mark.parametrize(
    ("status", "banner"),
    [(S.DRAFT, "草稿"), (S.REVIEW, "待审"), (S.APPROVED, "已审核"), (S.WITHDRAWN, "已撤回"), ("scheduled", "待发布")],
)
def test_staff_preview_every_state_as_readers_will_see_it(client, status, banner):
    fields = {"status": status}
    if status == "scheduled":
        fields = {"status": S.PUBLISHED, "published_at": timezone.now() + dt.timedelta(hours=3)}
    article = make_draft("还没上线的稿件", body="第一段。\n\n第二段。", **fields)
    assert client.get(article.get_absolute_url()).status_code == 404  # readers: nothing
    login(client, make_editor())
    response = client.get(preview_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>还没上线的稿件</h1>" in page and "<p>第二段。</p>" in page  # the reader template
    assert 'class="preview-banner"' in page and banner in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "X-Page-Cache" not in response
    client.logout()
    for url in ["/feed/", "/feed/atom/", "/sitemap.xml", "/search/?q=还没上线", "/articles/"]:
        assert "还没上线的稿件" not in client.get(url).content.decode(), url


def test_preview_is_linked_from_the_change_page_and_the_list(client):
    article = make_draft("有预览的稿件")
    login(client, make_editor())
    assert preview_url(article) in client.get(change_url(article)).content.decode()
    assert preview_url(article) in client.get(CHANGELIST).content.decode()


def test_who_may_open_a_preview(client):
    reporter = make_reporter()
    own = make_draft("自己的稿件", created_by=reporter)
    others = make_draft("别人的稿件", created_by=make_reporter())
    assert client.get(preview_url(own)).status_code == 302  # anonymous: to the login page
    login(client, reporter)
    assert client.get(preview_url(own)).status_code == 200
    assert client.get(preview_url(others)).status_code == 404
    from tests.factories import make_user

    login(client, make_user())  # staff without a role
    assert client.get(preview_url(own)).status_code == 403


def test_preview_of_a_pending_edit_shows_the_edit_not_the_live_version(client):
    from tests.factories import make_pending_edit

    live = make_article("线上的标题")
    edit = make_pending_edit(live, title="修改后的标题")
    login(client, make_editor())
    page = client.get(preview_url(live, edit)).content.decode()
    assert "<h1>修改后的标题</h1>" in page and "修改稿" in page
    assert "<h1>线上的标题</h1>" in client.get(live.get_absolute_url()).content.decode()


# Review gates publishing, in the admin --------------------------------------------------------------------


def test_chief_overrides_review_only_with_a_reason_shown_in_the_log(client):
    article = make_draft("突发稿件", status=S.REVIEW)
    login(client, make_duty_chief())
    page = client.get(change_url(article)).content.decode()
    assert "越过审核发布" in page
    response = client.post(step_url(article, "publish"), {"comment": "抢发"}, follow=True)
    assert "尚未审核通过" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.REVIEW

    client.post(step_url(article, "publish"), {"comment": "突发事件，先发后审", "override": "1"})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    log = client.get(change_url(article)).content.decode()
    assert "越过审核" in log and "突发事件，先发后审" in log


def test_a_forbidden_post_is_403_and_changes_nothing(client):
    article = make_draft(status=S.APPROVED, created_by=make_reporter())
    for user, step in [(make_reporter(), "publish"), (make_editor(), "publish"), (make_reporter(), "approve")]:
        login(client, user)
        assert client.post(step_url(article, step), {"comment": "x", "override": "1"}).status_code in (403, 404)
    login(client, make_editor())
    assert client.post(step_url(article, "publish"), {"comment": "x", "override": "1"}).status_code == 403
    article.refresh_from_db()
    assert article.status == S.APPROVED and not article.transitions.exists()


# Edits of live articles, in the admin ---------------------------------------------------------------------


def test_saving_a_live_article_makes_a_pending_edit_published_by_the_chief(client):
    from tests.articles.test_revisions import form_data

    live = make_article("线上的标题", body="原来的正文。")
    editor, chief = make_editor(), make_duty_chief()
    login(client, editor)
    page = client.get(change_url(live))
    response = client.post(change_url(live), form_data(page, title="改过的标题", body="改过的正文。"), follow=True)
    assert "已存为修改稿" in response.content.decode()
    live.refresh_from_db()
    assert live.title == "线上的标题"
    assert "<h1>线上的标题</h1>" in client.get(live.get_absolute_url()).content.decode()
    edit = live.pending_edits.get()
    assert edit.status == S.DRAFT and edit.data["fields"]["title"] == "改过的标题"

    assert client.post(step_url(live, "submit"), {"edit": edit.pk}).status_code == 302
    assert client.post(step_url(live, "approve"), {"edit": edit.pk}).status_code == 302
    assert client.post(step_url(live, "publish"), {"edit": edit.pk}).status_code == 403  # an editor
    live.refresh_from_db()
    assert live.title == "线上的标题"

    login(client, chief)
    assert "修改稿：发布" in client.get(change_url(live)).content.decode()
    client.post(step_url(live, "publish"), {"edit": edit.pk, "correction": "原稿职务有误，已更正"})
    live.refresh_from_db()
    assert live.title == "改过的标题" and live.status == S.PUBLISHED
    client.logout()
    reader = client.get(live.get_absolute_url()).content.decode()
    assert "<h1>改过的标题</h1>" in reader
    today = timezone.localdate()
    assert f"更正（{today.year}年{today.month}月{today.day}日）：原稿职务有误，已更正" in reader


def test_restoring_a_revision_of_a_live_article_asks_first_and_makes_a_pending_edit(client):
    from articles import revisions
    from tests.articles.test_revisions import form_data

    article = make_draft("第一稿", status=S.APPROVED)
    editor = make_editor()
    login(client, editor)
    client.post(change_url(article), form_data(client.get(change_url(article)), title="第二稿"))
    Article.objects.filter(pk=article.pk).update(status=S.PUBLISHED, published_at=timezone.now())
    oldest = revisions.versions_of(article).last()
    url = reverse("admin:articles_article_revision_restore", args=[article.pk, oldest.pk])

    confirm = client.post(url)
    assert confirm.status_code == 200 and "确认，存为修改稿" in confirm.content.decode()
    article.refresh_from_db()
    assert article.title == "第二稿" and not article.pending_edits.exists()

    client.post(url, {"confirm": "yes"})
    article.refresh_from_db()
    assert article.title == "第二稿"
    assert article.pending_edits.get().data["fields"]["title"] == "第一稿"


# Scheduled means scheduled ----------------------------------------------------------------------------------


def test_list_and_change_page_say_scheduled_with_the_local_time(client):
    at = dt.datetime(2099, 2, 12, 6, 5, tzinfo=dt.UTC)  # 14:05 in Shanghai
    article = make_article("定时的稿件", published_at=at)
    login(client, make_duty_chief())
    assert "待发布（2099年2月12日 14:05）" in client.get(CHANGELIST).content.decode()
    assert "待发布（2099年2月12日 14:05）" in client.get(change_url(article)).content.decode()


def test_scheduling_says_so_in_the_message(client):
    article = make_draft(status=S.APPROVED)
    login(client, make_duty_chief())
    response = client.post(step_url(article, "publish"), {"published_at": "2099-02-12T14:05"}, follow=True)
    assert "现为“待发布（2099年2月12日 14:05）”" in response.content.decode()


def test_a_published_edit_keeps_bylines_mentions_and_topics_it_did_not_touch(client):
    from articles import workflow
    from tests.articles.test_revisions import form_data
    from tests.factories import make_credit, make_mention, make_person, make_topic

    live = make_article("线上的标题")
    make_credit(live, make_person("孙庆辉", kind="journalist"), "记者")
    make_mention(live, make_person("张红军"), "区委书记", "主持")
    live.topics.add(make_topic("党建"))
    login(client, make_editor())
    client.post(change_url(live), form_data(client.get(change_url(live)), title="改过的标题"))
    edit = live.pending_edits.get()
    chief = make_duty_chief()
    workflow.take_edit_step("publish", edit=edit, by=chief, override=True, comment="小改标题")
    live.refresh_from_db()
    assert live.title == "改过的标题"
    assert [(c.person.name, c.role) for c in live.credits.all()] == [("孙庆辉", "记者")]
    assert [(m.title_printed, m.person.name, m.role) for m in live.mentions.all()] == [("区委书记", "张红军", "主持")]
    assert [t.name for t in live.topics.all()] == ["党建"]


def test_saving_over_a_pending_edit_made_since_the_form_was_opened_is_refused_once(client):
    from tests.articles.test_revisions import form_data
    from tests.factories import make_pending_edit

    live = make_article("线上的标题")
    login(client, make_editor())
    page = client.get(change_url(live))
    make_pending_edit(live, by=make_editor("other"), title="别人的修改")  # meanwhile
    response = client.post(change_url(live), form_data(page, title="我的修改"))
    assert response.status_code == 200 and "修改稿在你打开之后有了变化" in response.content.decode()
    assert live.pending_edits.get().data["fields"]["title"] == "别人的修改"
    again = client.post(change_url(live), form_data(response, title="我的修改"))  # having looked: deliberate
    assert again.status_code == 302
    assert live.pending_edits.get().data["fields"]["title"] == "我的修改"


def test_editor_bulk_approves_but_not_what_has_open_review_items(client):
    login(client, make_editor())
    clean = make_draft(status=S.REVIEW)
    flagged = make_draft(status=S.REVIEW, review_notes="同名人物待核")
    response = client.post(
        CHANGELIST, {"action": "approve_action", "_selected_action": [clean.pk, flagged.pk], "comment": ""},
        follow=True,
    )
    clean.refresh_from_db()
    flagged.refresh_from_db()
    assert (clean.status, flagged.status) == (S.APPROVED, S.REVIEW)
    assert "待核事项" in response.content.decode()


def test_changing_an_approved_article_sends_it_back_to_review(client):
    """What the 值班主任 publishes is what an editor approved: a change after approval needs approval again."""
    from tests.articles.test_revisions import form_data
    from tests.factories import make_approved

    article = make_approved("区委召开常委会")
    login(client, make_editor())
    page = client.get(change_url(article))
    client.post(change_url(article), form_data(page), follow=True)  # saved unchanged: still approved
    article.refresh_from_db()
    assert article.status == S.APPROVED
    page = client.get(change_url(article))
    response = client.post(change_url(article), form_data(page, title="区委召开常委（扩大）会议"), follow=True)
    assert "已退回“待审”" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.title) == (S.REVIEW, "区委召开常委（扩大）会议")
    last = article.transitions.order_by("-pk").first()
    assert (last.from_status, last.to_status) == (S.APPROVED, S.REVIEW)
    assert client.post(step_url(article, "publish")).status_code in (302, 403)  # the editor may not publish anyway
    login(client, make_duty_chief())
    client.post(step_url(article, "publish"), follow=True)
    article.refresh_from_db()
    assert article.status == S.REVIEW  # not approved: no publishing without an override
