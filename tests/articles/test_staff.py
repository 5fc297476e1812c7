"""Nothing leaks between staff or to readers: a 记者 sees no titles of others' drafts (a person's and a meeting's
admin page), and the reader's filters answer a slug named only in a draft as they answer an unknown one."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import (
    make_article,
    make_credit,
    make_draft,
    make_editor,
    make_meeting,
    make_mention,
    make_organization,
    make_person,
    make_reporter,
)

pytestmark = pytest.mark.django_db


def normalised(response, typed: str) -> str:
    """The page with what the reader typed and the form's values blanked: what a reader could compare."""
    html = response.content.decode().replace(typed, "…")
    html = re.sub(r'value="[^"]*"', 'value=""', html)
    return html


@pytest.mark.parametrize("param", ["person", "organization"])
def test_slug_named_only_in_a_draft_answers_as_an_unknown_one(client, param):
    published = make_article("公开的稿件", body="第一段。")
    public_person, public_org = make_person("李四"), make_organization("公开的机构")
    make_mention(published, public_person)
    published.organizations.add(public_org)
    draft = make_draft("未发布的稿件")
    secret_person, secret_org = make_person("王秘密"), make_organization("秘密的机构")
    make_mention(draft, secret_person)
    draft.organizations.add(secret_org)
    secret = secret_person if param == "person" else secret_org
    known = client.get(f"/articles/?{param}={secret.slug}")
    unknown = client.get(f"/articles/?{param}=no-such-{param}")
    assert known.status_code == unknown.status_code == 200
    assert normalised(known, secret.slug) == normalised(unknown, f"no-such-{param}")
    assert secret.name not in known.content.decode()
    # A visible one still filters.
    public = public_person if param == "person" else public_org
    response = client.get(f"/articles/?{param}={public.slug}")
    assert "公开的稿件" in response.content.decode() and "共 1 篇" in response.content.decode()


def reporter_pair():
    me, other = make_reporter("me"), make_reporter("other")
    person = make_person("张红军")
    mine = make_draft("我的草稿标题", created_by=me)
    theirs = make_draft("别人的草稿标题", created_by=other)
    submitted = make_draft("别人送审的标题", created_by=other, status="review")
    public = make_article("已发布的标题", body="第一段。")
    for article in (mine, theirs, submitted, public):
        make_mention(article, person, "党工委书记")
    make_credit(theirs, person)
    meeting = make_meeting("述职评议会", chair=person)
    meeting.articles.add(mine, theirs, submitted, public)
    return me, person, meeting


def test_reporter_sees_no_titles_of_others_drafts_on_a_person_or_meeting(client):
    me, person, meeting = reporter_pair()
    client.force_login(me)
    for url in [
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:articles_meeting_change", args=[meeting.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "我的草稿标题" in content, url
        assert "已发布的标题" in content, url
        assert "别人的草稿标题" not in content, url
        assert "别人送审的标题" not in content, url


def test_editor_still_sees_every_article_there(client):
    _, person, meeting = reporter_pair()
    client.force_login(make_editor())
    for url in [
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:articles_meeting_change", args=[meeting.pk]),
    ]:
        content = client.get(url).content.decode()
        for title in ["我的草稿标题", "别人的草稿标题", "别人送审的标题", "已发布的标题"]:
            assert title in content, (url, title)


def test_reporter_autocomplete_of_articles_lists_no_others_drafts(client):
    me, person, meeting = reporter_pair()
    client.force_login(me)
    url = reverse("admin:autocomplete")
    response = client.get(url, {"term": "标题", "app_label": "articles", "model_name": "meeting",
                                "field_name": "articles"})
    assert response.status_code == 200
    titles = {row["text"] for row in response.json()["results"]}
    assert "别人的草稿标题" not in titles and "别人送审的标题" not in titles


def test_reporter_post_to_a_meeting_is_403_and_changes_nothing(client):
    me, person, meeting = reporter_pair()
    client.force_login(me)
    before = sorted(meeting.articles.values_list("pk", flat=True))
    response = client.post(reverse("admin:articles_meeting_change", args=[meeting.pk]),
                           {"name": "改名", "kind": meeting.kind, "articles": []})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.name == "述职评议会"
    assert sorted(meeting.articles.values_list("pk", flat=True)) == before
