"""The editorial workflow services: each step, the steps a state does not allow, who may take them, the record."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleStatus, ArticleTransition
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


@pytest.fixture
def people():
    return {
        "reporter": make_reporter("reporter"),
        "other_reporter": make_reporter("other"),
        "editor": make_editor("editor"),
        "chief": make_duty_chief("chief"),
        "admin": make_site_admin("boss"),
    }


def test_the_whole_path_is_recorded(people):
    article = make_draft("区委召开常委会", created_by=people["reporter"])
    workflow.submit_for_review(article=article, by=people["reporter"], comment="请审")
    workflow.send_back(article=article, by=people["editor"], comment="导语太长")
    workflow.submit_for_review(article=article, by=people["reporter"])
    workflow.approve(article=article, by=people["editor"])
    workflow.publish(article=article, by=people["chief"])
    workflow.withdraw(article=article, by=people["chief"], comment="数据有误")
    workflow.reopen(article=article, by=people["editor"])

    article.refresh_from_db()
    assert article.status == S.DRAFT
    history = [
        (t.from_status, t.to_status, t.by.username, t.comment)
        for t in ArticleTransition.objects.filter(article=article).order_by("at", "pk")
    ]
    assert history == [
        (S.DRAFT, S.REVIEW, "reporter", "请审"),
        (S.REVIEW, S.DRAFT, "editor", "导语太长"),
        (S.DRAFT, S.REVIEW, "reporter", ""),
        (S.REVIEW, S.APPROVED, "editor", ""),
        (S.APPROVED, S.PUBLISHED, "chief", ""),
        (S.PUBLISHED, S.WITHDRAWN, "chief", "数据有误"),
        (S.WITHDRAWN, S.DRAFT, "editor", ""),
    ]
    assert str(article.transitions.first()).endswith("已撤回 → 草稿")


def test_publish_sets_the_time_once(people):
    article = make_draft(status=S.APPROVED)
    before = timezone.now()
    workflow.publish(article=article, by=people["chief"])
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.published_at >= before
    assert article.is_public

    kept = timezone.now() - dt.timedelta(days=3)
    other = make_draft(status=S.APPROVED, published_at=kept)
    workflow.publish(article=other, by=people["chief"])
    other.refresh_from_db()
    assert other.published_at == kept


def test_publish_in_the_future_is_a_schedule(people):
    article = make_draft(status=S.APPROVED)
    at = timezone.now() + dt.timedelta(hours=1)
    workflow.publish(article=article, by=people["chief"], published_at=at, comment="明早上线")
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.published_at == at
    assert not article.is_public
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.REVIEW, "submit"),
        (S.PUBLISHED, "submit"),
        (S.DRAFT, "send_back"),
        (S.DRAFT, "approve"),
        (S.PUBLISHED, "publish"),
        (S.WITHDRAWN, "publish"),
        (S.DRAFT, "withdraw"),
        (S.REVIEW, "withdraw"),
        (S.PUBLISHED, "reopen"),
        (S.APPROVED, "approve"),
        (S.APPROVED, "submit"),
    ],
)
def test_steps_the_state_does_not_allow(people, status, step):
    fields = {"published_at": timezone.now()} if status in (S.PUBLISHED, S.WITHDRAWN) else {}
    article = make_draft(status=status, **fields)
    with pytest.raises(workflow.WorkflowError):
        workflow.take_step(step, article=article, by=people["admin"], comment="意见")
    article.refresh_from_db()
    assert article.status == status
    assert not article.transitions.exists()


def test_send_back_needs_a_comment(people):
    article = make_draft(status=S.REVIEW)
    with pytest.raises(workflow.WorkflowError, match="意见"):
        workflow.send_back(article=article, by=people["editor"], comment="  ")
    article.refresh_from_db()
    assert article.status == S.REVIEW


def test_unknown_step_is_an_error(people):
    with pytest.raises(workflow.WorkflowError):
        workflow.take_step("delete_everything", article=make_draft(), by=people["admin"])


@pytest.mark.parametrize(
    ("who", "status", "step"),
    [
        ("reporter", S.REVIEW, "publish"),
        ("reporter", S.DRAFT, "publish"),
        ("reporter", S.REVIEW, "send_back"),
        ("reporter", S.REVIEW, "approve"),
        ("editor", S.REVIEW, "publish"),
        ("editor", S.PUBLISHED, "withdraw"),
        ("other_reporter", S.DRAFT, "submit"),  # someone else's draft
    ],
)
def test_steps_without_permission_are_refused(people, who, status, step):
    fields = {"published_at": timezone.now()} if status == S.PUBLISHED else {}
    article = make_draft(status=status, created_by=people["reporter"], **fields)
    with pytest.raises(PermissionDenied):
        workflow.take_step(step, article=article, by=people[who], comment="意见")
    article.refresh_from_db()
    assert article.status == status
    assert not article.transitions.exists()


def test_available_steps_follow_role_and_state(people):
    draft = make_draft(created_by=people["reporter"])
    names = lambda who, a: [s.name for s in workflow.available_steps(article=a, by=people[who])]  # noqa: E731
    assert names("reporter", draft) == ["submit"]
    assert names("other_reporter", draft) == []
    assert names("editor", draft) == ["submit"]
    assert names("chief", draft) == ["submit", "publish"]
    review = make_draft(status=S.REVIEW)
    assert names("editor", review) == ["send_back", "approve"]
    assert names("admin", review) == ["send_back", "approve", "publish"]
    assert names("admin", make_article()) == ["withdraw"]


def test_roles_are_made_by_the_migration_and_the_command_changes_nothing():
    roles = ["记者", "编辑", "值班主任", "管理员"]
    assert set(Group.objects.filter(name__in=roles).values_list("name", flat=True)) == set(roles)
    before = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    call_command("setup_roles", stdout=StringIO())
    call_command("setup_roles", stdout=StringIO())
    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert after == before
    assert Group.objects.filter(name__in=roles).count() == 4
    assert "submit_article" in after["记者"] and "publish_article" not in after["记者"]
    assert "review_article" in after["编辑"] and "publish_article" not in after["编辑"]
    assert "publish_article" in after["值班主任"]
    assert after["管理员"] >= set(
        Permission.objects.filter(content_type__app_label="articles").values_list("codename", flat=True)
    )


def test_setup_roles_restores_a_deleted_group():
    Group.objects.filter(name="值班主任").delete()
    call_command("setup_roles", stdout=StringIO())
    assert Group.objects.get(name="值班主任").permissions.filter(codename="publish_article").exists()


# Review gates publishing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.REVIEW])
def test_publishing_what_is_not_approved_needs_an_override_with_a_reason(people, status):
    article = make_draft(status=status)
    with pytest.raises(workflow.WorkflowError, match="尚未审核通过"):
        workflow.publish(article=article, by=people["chief"])
    with pytest.raises(workflow.WorkflowError, match="理由"):
        workflow.publish(article=article, by=people["chief"], override=True, comment=" ")
    article.refresh_from_db()
    assert article.status == status and not article.transitions.exists()

    transition = workflow.publish(article=article, by=people["chief"], override=True, comment="突发新闻，先发后审")
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert transition.override and transition.comment == "突发新闻，先发后审"


def test_approved_is_not_readable(people):
    article = make_draft(status=S.REVIEW, published_at=timezone.now() - dt.timedelta(hours=1))
    workflow.approve(article=article, by=people["editor"])
    article.refresh_from_db()
    assert article.status == S.APPROVED and not article.is_public
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_open_review_queue_items_block_approval_until_resolved_or_overridden(people):
    article = make_draft(status=S.REVIEW, review_notes="人物“张红军”同名，请核实")
    with pytest.raises(workflow.WorkflowError, match="待核事项"):
        workflow.approve(article=article, by=people["editor"])
    generated = make_draft(status=S.REVIEW, title_is_generated=True)
    with pytest.raises(workflow.WorkflowError, match="待核事项"):
        workflow.approve(article=generated, by=people["editor"], override=True)  # no reason
    article.refresh_from_db()
    assert article.status == S.REVIEW

    transition = workflow.approve(article=article, by=people["editor"], override=True, comment="已电话核实")
    assert transition.override and article.status == S.APPROVED
    Article.objects.filter(pk=generated.pk).update(title_is_generated=False)
    generated.refresh_from_db()
    assert not workflow.approve(article=generated, by=people["editor"]).override


def test_an_editor_sends_an_approved_article_back(people):
    article = make_draft(status=S.APPROVED)
    workflow.send_back(article=article, by=people["editor"], comment="领导名单要再核")
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_status_label_says_scheduled_with_the_local_time(people):
    article = make_draft(status=S.APPROVED)
    at = dt.datetime(2099, 2, 12, 6, 5, tzinfo=dt.UTC)  # 14:05 in Shanghai
    workflow.publish(article=article, by=people["chief"], published_at=at)
    assert workflow.status_label(article) == "待发布（2099年2月12日 14:05）"
    assert workflow.status_label(make_article()) == "已发布"


# Edits of live articles ------------------------------------------------------------------------------------


def test_an_edit_of_a_live_article_waits_for_review_and_the_chief(people, django_capture_on_commit_callbacks):
    from articles import editing
    from articles.models import PendingEdit
    from newsroom.models import Generation

    live = make_article("原来的标题")
    data = editing.data_of_article(live)
    data["fields"]["title"] = "改过的标题"
    edit = workflow.save_edit(article=live, data=data, by=people["editor"])
    live.refresh_from_db()
    assert live.title == "原来的标题" and edit.status == S.DRAFT

    with pytest.raises(workflow.WorkflowError, match="尚未审核通过"):
        workflow.take_edit_step("publish", edit=edit, by=people["chief"])
    with pytest.raises(PermissionDenied):
        workflow.take_edit_step("publish", edit=edit, by=people["editor"])
    workflow.take_edit_step("submit", edit=edit, by=people["editor"])
    workflow.take_edit_step("approve", edit=edit, by=people["editor"])
    live.refresh_from_db()
    assert live.title == "原来的标题"
    connection.run_on_commit.clear()  # drop what the setup queued: only the publication below may move it

    before = Generation.objects.get(pk=1).number
    with django_capture_on_commit_callbacks(execute=True):
        workflow.take_edit_step("publish", edit=edit, by=people["chief"], correction="原稿把职务写错了")
    live.refresh_from_db()
    assert live.title == "改过的标题" and live.status == S.PUBLISHED
    assert Generation.objects.get(pk=1).number > before  # the reader pages change
    edit = PendingEdit.objects.get(pk=edit.pk)
    assert edit.status == S.PUBLISHED and edit.published_by == people["chief"]
    assert [c.text for c in editing.corrections_of(live)] == ["原稿把职务写错了"]
    assert editing.open_edit(live) is None
    log = [(t.edit_id, t.from_status, t.to_status) for t in live.transitions.order_by("at", "pk")]
    assert log == [(edit.pk, S.DRAFT, S.DRAFT), (edit.pk, S.DRAFT, S.REVIEW), (edit.pk, S.REVIEW, S.APPROVED),
                   (edit.pk, S.APPROVED, S.PUBLISHED)]


def test_saving_again_sends_an_approved_edit_back_to_draft(people):
    from articles import editing

    live = make_article()
    data = editing.data_of_article(live)
    edit = workflow.save_edit(article=live, data=data, by=people["editor"])
    workflow.take_edit_step("submit", edit=edit, by=people["editor"])
    workflow.take_edit_step("approve", edit=edit, by=people["editor"])
    again = workflow.save_edit(article=live, data=data, by=people["editor"])
    assert again.pk == edit.pk and again.status == S.DRAFT

