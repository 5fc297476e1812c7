import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from people.models import Person, Position
from tests.factories import make_organization, make_person, make_position

pytestmark = pytest.mark.django_db


def test_two_people_may_share_a_name_when_told_apart():
    a = make_person("李平", disambiguator="区教育局")
    b = make_person("李平", disambiguator="区卫健委")
    assert a.pk != b.pk
    assert str(a) == "李平（区教育局）"
    assert a.slug != b.slug


def test_same_name_and_disambiguator_is_refused():
    make_person("李平")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="李平")


def test_person_slug_is_pinyin_and_unique():
    first = make_person("张红军")
    second = make_person("张红军", disambiguator="另一人")
    assert first.slug == "zhang-hong-jun"
    assert second.slug.startswith("zhang-hong-jun")
    assert first.get_absolute_url() == "/people/zhang-hong-jun/"


def test_positions_held_on_a_day():
    person = make_person("吴志强")
    org = make_organization("中国安全产业协会")
    old = make_position(person, "秘书长", org, start_date=dt.date(2015, 1, 1), end_date=dt.date(2020, 12, 31))
    now = make_position(person, "副会长", org, start_date=dt.date(2021, 1, 1))
    undated = make_position(person, "主委")
    assert set(person.positions_on(dt.date(2023, 2, 3))) == {now, undated}
    assert old in person.positions_on(dt.date(2018, 5, 1))
    assert set(Position.objects.held_on(dt.date(2023, 2, 3))) == {now, undated}
    assert str(now) == "吴志强 — 中国安全产业协会 副会长"


def test_position_cannot_end_before_it_starts():
    person = make_person("郭程明")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_position(person, "管委会主任", start_date=dt.date(2023, 1, 1), end_date=dt.date(2022, 1, 1))


def test_organization_aliases_and_parent():
    parent = make_organization("郑州高新区", short_name="高新区", aliases="高新技术产业开发区\n郑州高新技术产业开发区")
    child = make_organization("区党工委", parent=parent)
    assert parent.alias_list == ["高新区", "高新技术产业开发区", "郑州高新技术产业开发区"]
    assert parent.all_names[0] == "郑州高新区"
    assert list(parent.children.all()) == [child]
    assert str(child) == "区党工委"
    assert parent.get_absolute_url() == "/organizations/gao-xin-qu/"
