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
    assert article.status == S.REVIEW
    assert article.transitions.get().comment == "审核通过"


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
    article = make_draft(status=S.REVIEW)
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
    scheduled = make_draft("明早上线的稿件", status=S.REVIEW)
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
    article = make_draft(status=S.REVIEW)
    client.post(CHANGELIST, {"action": "publish_action", "_selected_action": [article.pk], "comment": ""})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED


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
