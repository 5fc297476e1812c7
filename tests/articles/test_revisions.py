"""Revisions of articles in the editors' admin: every save kept, history, comparing two, restoring one, and two
editors saving the same article without one silently overwriting the other."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import revisions, workflow
from articles.models import Article, ArticleStatus
from tests.factories import (
    make_credit,
    make_draft,
    make_duty_chief,
    make_editor,
    make_mention,
    make_person,
    make_reporter,
    make_topic,
)

pytestmark = pytest.mark.django_db

S = ArticleStatus


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def diff_url(article, a, b="current"):
    return reverse("admin:articles_article_revision_diff", args=[article.pk]) + f"?a={a}&b={b}"


def restore_url(article, version):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])


class _FormFields(HTMLParser):
    """What a browser would post from the page's ``#article_form``: inputs, textareas and selected options."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._textarea, self._select = {}, False, None, None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == "article_form"
        if not self._in_form or "__prefix__" in (attrs.get("name") or ""):
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self._add(attrs["name"], attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value") or "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:  # not the end of an empty form's (__prefix__) textarea
            if self.data[self._textarea][-1].startswith("\n"):  # the newline browsers drop after <textarea>
                self.data[self._textarea][-1] = self.data[self._textarea][-1][1:]
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(response, **changes) -> dict:
    """The change form as the page shows it, with ``changes`` typed in."""
    import html

    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {name: [html.unescape(v) for v in values] for name, values in parser.data.items()}
    data.update({name: [value] for name, value in changes.items()})
    return data


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return make_editor("wang")


@pytest.fixture
def article():
    article = make_draft("区委召开常委会", body="第一段。\n\n第二段，原来的样子。\n\n第三段。")
    make_credit(article, make_person("孙庆辉", kind="journalist"), "记者")
    make_mention(article, make_person("张红军"), "区委书记", "主持")
    article.topics.add(make_topic("党建"))
    return article


def save(client, article, **changes):
    page = client.get(change_url(article))
    assert page.status_code == 200
    return client.post(change_url(article), form_data(page, **changes))


# Every save is a revision ---------------------------------------------------------------------------------


def test_a_save_creates_a_revision_with_the_user_and_the_inlines(editor, article):
    client = login(editor)
    response = save(client, article, body="第一段。\r\n\r\n第二段，改过了。\r\n\r\n第三段。")
    assert response.status_code == 302, response.content.decode()[:3000]

    versions = list(revisions.versions_of(article))
    # The imported state is kept first (a baseline with no user), then the editor's save.
    assert [v.revision.comment for v in versions][1:] == [revisions.BASELINE_COMMENT]
    latest = versions[0]
    assert latest.revision.user == editor
    assert "正文" in latest.revision.comment  # Django's change message: 已修改 正文。
    assert "opened" not in latest.revision.comment
    kinds = {v.content_type.model for v in latest.revision.version_set.all()}
    assert kinds == {"article", "credit", "mention"}
    snapshot = revisions.snapshot_of_version(latest)
    assert snapshot.paragraphs[1] == "第二段，改过了。"
    assert snapshot.credits == ("记者 孙庆辉",)
    assert snapshot.mentions == ("区委书记张红军（主持）",)
    assert snapshot.topics == ("党建",)
    assert revisions.snapshot_of_version(versions[1]).paragraphs[1] == "第二段，原来的样子。"


def test_inline_changes_are_in_the_same_revision(editor, article):
    client = login(editor)
    save(client, article)  # the baseline and a first revision
    new_person = make_person("吴志强")
    page = client.get(change_url(article))
    data = form_data(page, **{"mentions-0-person": str(new_person.pk), "mentions-0-title_printed": "院长"})
    assert client.post(change_url(article), data).status_code == 302
    latest = revisions.versions_of(article).first()
    assert revisions.snapshot_of_version(latest).mentions == ("院长吴志强（主持）",)
    assert latest.revision.user == editor
    assert "提及人物" in latest.revision.comment


def test_adding_an_article_creates_its_first_revision():
    reporter = make_reporter("sun")
    client = login(reporter)
    data = {
        "title": "新稿件", "kicker": "", "subtitle": "", "body": "正文。", "lead": "", "slug": "",
        "source_line": "本报讯", "dateline_date": "", "time_of_day": "", "issue_date": "", "page_number": "",
        "position_on_page": "0", "review_notes": "",
    }
    for prefix in ("credits", "mentions", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(title="新稿件")
    (version,) = revisions.versions_of(article)
    assert version.revision.user == reporter and version.revision.comment


def test_workflow_steps_are_revisions_with_the_step_as_comment(article):
    chief = make_duty_chief("li")
    Article.objects.filter(pk=article.pk).update(status=S.APPROVED)
    workflow.publish(article=article, by=chief)
    workflow.withdraw(article=article, by=chief, comment="数据有误")
    assert [(v.revision.user, v.revision.comment) for v in revisions.versions_of(article)] == [
        (chief, "撤回：数据有误"),
        (chief, "发布"),
    ]


# History and comparison -----------------------------------------------------------------------------------


def test_history_lists_revisions_with_who_when_and_what(editor, article):
    client = login(editor)
    save(client, article, title="区委召开常委会议")
    page = client.get(history_url(article)).content.decode()
    latest = revisions.versions_of(article).first()
    assert "wang" in page and "已修改" in page and revisions.BASELINE_COMMENT in page
    assert restore_url(article, revisions.versions_of(article).last()) in page  # older ones can be restored
    assert restore_url(article, latest) not in page  # the current one need not be
    assert diff_url(article, latest.pk).replace("&", "&amp;") in page


def test_diff_shows_the_changed_paragraph_and_escapes_everything(editor, article):
    client = login(editor)
    save(client, article, body="第一段。\r\n\r\n第二段，<script>alert(1)</script>改过了。\r\n\r\n第三段。",
         subtitle="<b>副题</b>")
    new, old = revisions.versions_of(article)[:2]
    response = client.get(diff_url(article, old.pk, new.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;副题&lt;/b&gt;" in page
    sections = {s.label: s for s in response.context["sections"]}
    assert sections["正文"].changed and not sections["署名"].changed and not sections["标题（主题）"].changed
    changed = [row for row in sections["正文"].rows if row.kind != "equal"]
    assert [(row.kind, row.old_number, row.new_number) for row in changed] == [("change", 2, 2)]
    assert "<del>原来的样子</del>" in changed[0].old
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;改过了</ins>" in changed[0].new
    # Against the article as it is now: the latest revision is the same.
    assert client.get(diff_url(article, new.pk)).context["identical"]


def test_diff_of_unknown_or_foreign_versions_is_404(editor, article):
    client = login(editor)
    other = make_draft("另一篇")
    save(client, other)
    foreign = revisions.versions_of(other).first()
    assert client.get(diff_url(article, foreign.pk)).status_code == 404
    assert client.get(diff_url(article, "abc")).status_code == 404


# Restoring ------------------------------------------------------------------------------------------------


def test_restore_brings_back_old_text_and_credits_as_a_new_revision(editor, article):
    chief = make_duty_chief("li")
    client = login(editor)
    save(client, article, title="改过的标题", body="全新的正文。", **{"credits-0-DELETE": "on"})
    article.refresh_from_db()
    assert article.title == "改过的标题" and not article.credits.exists()
    workflow.submit_for_review(article=article, by=editor)
    workflow.approve(article=article, by=chief)
    published_at = Article.objects.get(pk=article.pk).published_at

    baseline = revisions.versions_of(article).last()
    assert baseline.revision.comment == revisions.BASELINE_COMMENT
    count = revisions.versions_of(article).count()
    response = client.post(restore_url(article, baseline))
    assert response.status_code == 302 and response["Location"] == change_url(article)

    article = Article.objects.get(pk=article.pk)
    assert article.title == "区委召开常委会"
    assert article.paragraphs == ["第一段。", "第二段，原来的样子。", "第三段。"]
    assert [(c.person.name, c.role) for c in article.credits.all()] == [("孙庆辉", "记者")]
    assert [(m.title_printed, m.person.name) for m in article.mentions.all()] == [("区委书记", "张红军")]
    assert [t.name for t in article.topics.all()] == ["党建"]
    # The workflow's state is not rolled back: still approved, at the same time.
    assert article.status == S.APPROVED and article.published_at == published_at

    versions = revisions.versions_of(article)
    assert versions.count() == count + 1
    latest = versions.first()
    assert latest.revision.user == editor
    assert latest.revision.comment == f"恢复到 {revisions.revision_label(baseline)} 的版本"
    assert revisions.snapshot_of_version(latest).credits == ("记者 孙庆辉",)


def test_restore_swaps_back_credits_that_traded_places(editor):
    """Rows are replaced, not updated in place: no unique (article, person, role) clash on the way."""
    article = make_draft(created_by=None)
    sun, li = make_person("孙庆辉", kind="journalist"), make_person("李明", kind="journalist")
    make_credit(article, sun, "记者", 0)
    make_credit(article, li, "通讯员", 1)
    client = login(editor)
    save(client, article)
    first = revisions.versions_of(article).first()
    save(client, article, **{"credits-0-person": str(li.pk), "credits-1-person": str(sun.pk)})
    assert [c.person.name for c in Article.objects.get(pk=article.pk).credits.all()] == ["李明", "孙庆辉"]
    assert client.post(restore_url(article, first)).status_code == 302
    assert [(c.person.name, c.role) for c in Article.objects.get(pk=article.pk).credits.all()] == [
        ("孙庆辉", "记者"), ("李明", "通讯员")
    ]


def test_restore_wants_post_and_a_csrf_token(editor, article):
    client = login(editor)
    save(client, article, title="改过的标题")
    old = revisions.versions_of(article).last()
    assert client.get(restore_url(article, old)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(restore_url(article, old)).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "改过的标题"


def test_a_reporter_cannot_restore_another_reporters_article():
    sun, wang = make_reporter("sun"), make_reporter("wang")
    theirs = make_draft("王的稿子", created_by=wang)
    save(login(wang), theirs, title="王改过的稿子")
    old = revisions.versions_of(theirs).last()

    client = login(sun)
    assert client.post(restore_url(theirs, old)).status_code == 404
    assert client.get(diff_url(theirs, old.pk)).status_code == 404
    assert client.get(history_url(theirs)).status_code == 302  # "does not exist", as for its change page
    assert Article.objects.get(pk=theirs.pk).title == "王改过的稿子"


def test_a_reporter_restores_their_own_draft_but_not_once_submitted():
    sun = make_reporter("sun")
    mine = make_draft("孙的稿子", created_by=sun)
    client = login(sun)
    save(client, mine, title="孙改过的稿子")
    old = revisions.versions_of(mine).last()
    assert f'form="restore-{old.pk}"' in client.get(history_url(mine)).content.decode()
    assert client.post(restore_url(mine, old)).status_code == 302
    assert Article.objects.get(pk=mine.pk).title == "孙的稿子"

    workflow.submit_for_review(article=mine, by=sun)
    assert f'form="restore-{old.pk}"' not in client.get(history_url(mine)).content.decode()
    assert client.post(restore_url(mine, revisions.versions_of(mine)[1])).status_code == 403


def test_restoring_a_revision_whose_person_was_deleted_is_a_message(editor, article):
    from people.models import Person

    client = login(editor)
    save(client, article, title="改过的标题", **{"mentions-0-DELETE": "on"})
    Person.objects.filter(name="张红军").delete()  # nothing names them any more
    baseline = revisions.versions_of(article).last()
    count = revisions.versions_of(article).count()

    response = client.post(restore_url(article, baseline), follow=True)
    assert "无法恢复" in response.content.decode()
    article = Article.objects.get(pk=article.pk)
    assert article.title == "改过的标题" and not article.mentions.exists()
    assert revisions.versions_of(article).count() == count
    assert "（已删除 #" in client.get(diff_url(article, baseline.pk)).content.decode()


# Two editors, one article ---------------------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(article):
    first, second = make_editor("wang"), make_editor("zhao")
    one, two = login(first), login(second)
    page_one = one.get(change_url(article))
    page_two = two.get(change_url(article))

    response = one.post(change_url(article), form_data(page_one, title="王改的标题"))
    assert response.status_code == 302

    mine = "赵写的第二段，不能丢。"
    response = two.post(change_url(article), form_data(page_two, title="赵改的标题", body=f"第一段。\r\n\r\n{mine}"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "在你打开之后已有改动" in content and "wang" in content
    assert "赵改的标题" in content and mine in content  # their text is in the re-rendered form
    opened = revisions.versions_of(article).last()  # the article as both opened it (the baseline)
    assert diff_url(article, opened.pk).replace("&", "&amp;") in content
    assert Article.objects.get(pk=article.pk).title == "王改的标题"  # nothing overwritten

    # Having looked, saving the re-rendered form again is a deliberate overwrite.
    response = two.post(change_url(article), form_data(response))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Article.objects.get(pk=article.pk)
    assert saved.title == "赵改的标题" and mine in saved.paragraphs
    assert revisions.versions_of(article).first().revision.user == second


def test_a_workflow_step_since_opening_is_a_conflict_too(editor, article):
    client = login(editor)
    page = client.get(change_url(article))
    workflow.submit_for_review(article=article, by=make_editor("zhao"))
    response = client.post(change_url(article), form_data(page, title="改过"))
    assert response.status_code == 200
    assert "提交审核" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "区委召开常委会"


def test_saving_twice_in_a_row_is_not_a_conflict(editor, article):
    client = login(editor)
    assert save(client, article, title="一改").status_code == 302
    assert save(client, article, title="二改").status_code == 302
    assert Article.objects.get(pk=article.pk).title == "二改"


# The comparison itself (pure) -----------------------------------------------------------------------------


def test_diff_lines_pairs_edited_paragraphs_and_marks_inserted_ones():
    rows = revisions.diff_lines(["甲。", "乙段原文。", "丙。"], ["甲。", "新插入的一段。", "乙段改文。", "丙。"])
    assert [(r.kind, r.old_number, r.new_number) for r in rows] == [
        ("equal", 1, 1), ("insert", None, 2), ("change", 2, 3), ("equal", 3, 4)
    ]
    assert rows[2].old == "乙段<del>原</del>文。" and rows[2].new == "乙段<ins>改</ins>文。"


def test_highlight_escapes_both_sides():
    old, new = revisions.highlight("a<b", "a<b&c")
    assert old == "a&lt;b" and new == "a&lt;b<ins>&amp;c</ins>"


def test_versions_of_an_article_without_revisions_is_empty(article):
    assert not Version.objects.get_for_object(article).exists()
    assert revisions.ensure_baseline(article) is True
    assert revisions.ensure_baseline(article) is False
    (baseline,) = revisions.versions_of(article)
    assert baseline.revision.user is None and baseline.revision.date_created == article.updated_at
