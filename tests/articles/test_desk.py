"""The desk on the admin's home page: what waits on each role, with counts, and nothing of others' drafts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import desk, workflow
from articles.models import ArticleStatus
from tests.factories import (
    make_approved,
    make_article,
    make_draft,
    make_duty_chief,
    make_editor,
    make_pending_edit,
    make_reporter,
)

pytestmark = pytest.mark.django_db

S = ArticleStatus
HOME = reverse("admin:index")


def sections(user):
    return {s.key: s for s in desk.desk_for(user)}


def test_a_reporter_sees_their_drafts_and_what_was_sent_back_with_the_comment(client):
    reporter, editor = make_reporter("sun"), make_editor("wang")
    make_draft("还在写的稿件", created_by=reporter)
    returned = make_draft("被退回的稿件", created_by=reporter)
    make_draft("别人的草稿", created_by=make_reporter())
    workflow.submit_for_review(article=returned, by=reporter)
    workflow.send_back(article=returned, by=editor, comment="导语太长，请压缩")

    mine = sections(reporter)
    assert set(mine) == {"sent_back", "drafts"}
    assert [(i.title, i.note) for i in mine["sent_back"].items] == [("被退回的稿件", "wang：导语太长，请压缩")]
    assert [i.title for i in mine["drafts"].items] == ["还在写的稿件"]

    client.force_login(reporter)
    page = client.get(HOME).content.decode()
    assert "退回给我的稿件" in page and "导语太长，请压缩" in page and "还在写的稿件" in page
    assert "别人的草稿" not in page
    assert 'id="desk-counts"' in page


def test_editors_see_what_waits_for_review_and_chiefs_what_waits_for_publication():
    make_draft("待审的稿件", status=S.REVIEW)
    make_approved("已审核的稿件")
    make_draft("有待核事项的稿件", review_notes="同名人物")
    live = make_article("线上的稿件")
    make_pending_edit(live, status=S.REVIEW, title="修改中的标题")
    soon = timezone.now() + dt.timedelta(minutes=1)
    if timezone.localtime(soon).date() == timezone.localdate():
        make_article("今天定时的稿件", published_at=soon)

    editor = sections(make_editor())
    assert editor["review"].count == 2
    assert {i.title for i in editor["review"].items} == {"待审的稿件", "线上的稿件（修改稿）"}
    assert "approved" not in editor
    assert [i.title for i in editor["queue"].items] == ["有待核事项的稿件"]

    chief = sections(make_duty_chief())
    assert [i.title for i in chief["approved"].items] == ["已审核的稿件"]
    assert chief["scheduled"].count in (0, 1)


def test_the_home_page_costs_the_same_with_more_articles(client, django_assert_max_num_queries):
    chief = make_duty_chief()
    client.force_login(chief)
    for n in range(3):
        make_draft(f"待审{n}", status=S.REVIEW)
    client.get(HOME)
    with django_assert_max_num_queries(40) as first:
        client.get(HOME)
    for n in range(20):
        make_approved(f"已审{n}")
        make_draft(f"又一篇待审{n}", status=S.REVIEW)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(HOME)
