"""Merging two Person rows into one (people.services.merge_people) and the admin's 合并所选人物 / 标记为已核实."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from articles.models import Credit, Mention
from people import services
from people.models import Organization, Person, Position
from tests.factories import (
    make_article,
    make_credit,
    make_editor,
    make_meeting,
    make_mention,
    make_organization,
    make_person,
    make_position,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:people_person_changelist")
ORGANIZATIONS = reverse("admin:people_organization_changelist")


@pytest.fixture
def pair():
    """Two rows for one 张红军: the importer could not tell them apart."""
    survivor = make_person("张红军", disambiguator="", confirmed=True)
    duplicate = make_person("张红军", disambiguator="区党工委书记", bio="郑州高新区党工委书记。")
    return survivor, duplicate


def test_merge_moves_mentions_credits_positions_and_meetings(pair):
    survivor, duplicate = pair
    org = make_organization("郑州高新区党工委")
    only_dup, both = make_article("只提到副本"), make_article("两条都提到")
    make_mention(only_dup, duplicate, "区党工委书记", "主持")
    make_mention(both, survivor, "书记", "")
    make_mention(both, duplicate, "区党工委书记", "会见", order=3)
    make_credit(only_dup, duplicate, "文/图")
    make_credit(both, survivor, "记者")
    make_credit(both, duplicate, "记者")  # the same byline twice after the merge: one is dropped
    make_credit(both, duplicate, "通讯员")
    make_position(survivor, "党工委书记", org)
    make_position(duplicate, "党工委书记", org, start_date=dt.date(2021, 6, 1))  # the same position
    make_position(duplicate, "管委会主任", org)
    chaired = make_meeting("述职评议会", chair=duplicate)
    shared, joined = make_meeting("汇报会"), make_meeting("座谈会")
    shared.participants.add(survivor, duplicate)
    joined.participants.add(duplicate)

    result = services.merge_people(survivor=survivor, duplicate=duplicate)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Person.objects.filter(name="张红军").count() == 1
    assert {(m.article.title, m.title_printed, m.role) for m in Mention.objects.filter(person=survivor)} == {
        ("只提到副本", "区党工委书记", "主持"),
        ("两条都提到", "区党工委书记", "会见"),  # one mention, with the richer title and the known role
    }
    assert sorted(Credit.objects.filter(person=survivor).values_list("article__title", "role")) == sorted(
        [("只提到副本", "文/图"), ("两条都提到", "记者"), ("两条都提到", "通讯员")]
    )
    positions = list(Position.objects.filter(person=survivor).order_by("order"))
    assert [(p.title, p.organization) for p in positions] == [("党工委书记", org), ("管委会主任", org)]
    assert positions[0].start_date == dt.date(2021, 6, 1)  # filled in from the folded duplicate
    chaired.refresh_from_db()
    assert chaired.chair == survivor
    assert list(shared.participants.all()) == [survivor]
    assert list(joined.participants.all()) == [survivor]
    survivor.refresh_from_db()
    assert survivor.bio == "郑州高新区党工委书记。" and survivor.confirmed and survivor.disambiguator == ""
    assert (result.mentions_moved, result.mentions_folded) == (1, 1)
    assert (result.credits_moved, result.credits_dropped) == (2, 1)
    assert (result.positions_moved, result.positions_folded) == (1, 1)
    assert (result.meetings_chaired, result.meetings_joined) == (1, 2)
    assert "已并入" in result.summary()


def test_merge_into_itself_is_refused(pair):
    survivor, _ = pair
    with pytest.raises(services.MergeError):
        services.merge_people(survivor=survivor, duplicate=survivor)


def test_confirm_people_and_organizations():
    people = [make_person("宋紫谦"), make_person("吴志强", confirmed=True)]
    assert services.confirm_people(people=Person.objects.filter(pk__in=[p.pk for p in people])) == 1
    assert Person.objects.filter(confirmed=True).count() == 2
    org = make_organization("中国消防协会")
    assert services.confirm_organizations(organizations=Organization.objects.all()) == 1
    org.refresh_from_db()
    assert org.confirmed


# The admin ---------------------------------------------------------------------------------------------


def action(name, *objs, **extra):
    return {"action": name, helpers.ACTION_CHECKBOX_NAME: [str(o.pk) for o in objs], "index": "0", **extra}


def test_merge_action_asks_which_person_stays_then_merges(client, pair):
    survivor, duplicate = pair
    article = make_article()
    make_mention(article, duplicate, "区党工委书记")
    client.force_login(make_editor("bian"))
    response = client.post(PEOPLE, action("merge_action", survivor, duplicate))
    assert response.status_code == 200
    content = response.content.decode()
    assert "合并人物" in content and "区党工委书记" in content
    assert f'name="survivor" value="{survivor.pk}"' in content
    assert Person.objects.count() == 2  # nothing merged yet

    # the confirmation page posts back without "index", as Django's own delete confirmation does
    data = {"action": "merge_action", helpers.ACTION_CHECKBOX_NAME: [str(survivor.pk), str(duplicate.pk)],
            "post": "yes", "survivor": str(duplicate.pk)}
    response = client.post(PEOPLE, data, follow=True)
    assert response.status_code == 200
    assert "已并入" in response.content.decode()
    assert list(Person.objects.all()) == [duplicate]  # the editor chose the second row to stay
    assert Mention.objects.get().person == duplicate


def test_merge_action_needs_two_people_and_a_choice(client, pair):
    survivor, duplicate = pair
    client.force_login(make_editor("bian"))
    response = client.post(PEOPLE, action("merge_action", survivor), follow=True)
    assert "请至少选择两个人物" in response.content.decode()
    data = {"action": "merge_action", helpers.ACTION_CHECKBOX_NAME: [str(survivor.pk), str(duplicate.pk)],
            "post": "yes"}
    response = client.post(PEOPLE, data, follow=True)
    assert "请选择合并后保留的人物" in response.content.decode()
    assert Person.objects.count() == 2


def test_reporters_cannot_merge(client, pair):
    survivor, duplicate = pair
    client.force_login(make_reporter("sun"))
    data = {"action": "merge_action", helpers.ACTION_CHECKBOX_NAME: [str(survivor.pk), str(duplicate.pk)],
            "post": "yes", "survivor": str(survivor.pk)}
    client.post(PEOPLE, data)
    assert Person.objects.count() == 2


def test_confirm_actions_on_people_and_organizations(client):
    person, org = make_person("宋紫谦"), make_organization("中国消防协会")
    client.force_login(make_editor("bian"))
    response = client.post(PEOPLE, action("confirm_action", person), follow=True)
    assert "已核实：1 人" in response.content.decode()
    response = client.post(ORGANIZATIONS, action("confirm_action", org), follow=True)
    assert "已核实：1 个机构" in response.content.decode()
    person.refresh_from_db()
    org.refresh_from_db()
    assert person.confirmed and org.confirmed


def test_confirming_people_makes_each_name_one_search_word_at_once():
    from articles.models import ArticleSearchDocument
    from articles.search import search_articles, search_terms
    from articles.search.index import flush_pending
    from tests.factories import make_article

    article = make_article("会议召开", body="本报讯 区长龚卫东出席会议。")
    person = make_person("龚卫东")
    assert search_terms("龚卫东") != ["龚卫东"]
    services.confirm_people(people=Person.objects.filter(pk=person.pk))
    assert search_terms("龚卫东") == ["龚卫东"]
    flush_pending()  # as at commit
    assert "龚卫东" in ArticleSearchDocument.objects.get(article=article).body.split()
    assert [a.pk for a in search_articles("龚卫东")] == [article.pk]


def test_the_duplicates_login_follows_the_byline_to_the_survivor():
    """A journalist's login linked to the duplicate is linked to the survivor (who had none)."""
    user = make_user("sunqinghui", role="记者")
    survivor = make_person("孙庆辉", kind="journalist")
    duplicate = make_person("孙庆辉", kind="journalist", disambiguator="记者", account=user)
    services.merge_people(survivor=survivor, duplicate=duplicate)
    survivor.refresh_from_db()
    assert survivor.account == user
