"""Slugs from Chinese text (newsroom.text): pinyin, cut at a syllable, unique in their table."""

from __future__ import annotations

import pytest

from newsroom.text import cn_date, pinyin_slug, unique_slug
from people.models import Person
from tests.factories import make_person


def test_pinyin_slug_spells_names_and_keeps_ascii_words():
    assert pinyin_slug("张红军") == "zhang-hong-jun"
    assert pinyin_slug("5G基站建设2023") == "5g-ji-zhan-jian-she-2023"
    assert len(pinyin_slug("高新区召开安全生产工作会议部署节后复工复产安全检查", max_length=20)) <= 20


@pytest.mark.django_db
def test_unique_slug_numbers_namesakes_and_ignores_the_row_itself():
    first = make_person("王伟")
    assert make_person("王伟", disambiguator="科技局").slug == "wang-wei-ke-ji-ju"
    make_person("王伟民")  # wang-wei-min: starts with wang-wei, and takes no number from it
    assert first.slug == "wang-wei"
    assert unique_slug(Person(name="王伟"), "wang-wei") == "wang-wei-2"
    Person.objects.create(name="王伟", disambiguator="教育局", slug="wang-wei-2")
    assert unique_slug(Person(name="王伟"), "wang-wei") == "wang-wei-3"
    assert unique_slug(first, "wang-wei") == "wang-wei"  # its own slug is not taken from it
    assert unique_slug(Person(), "") == "item"


def test_cn_date():
    import datetime as dt

    assert cn_date(dt.date(2023, 2, 12)) == "2023年2月12日"
