"""The people dictionary's version: a number on the generation row, moved at commit and read with the
generation, so every process cuts text with the same names."""

from __future__ import annotations

import pytest

from articles.search import search_terms
from newsroom import cache as page_cache
from newsroom.models import Generation
from people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def dictionary() -> int:
    return Generation.objects.get(pk=1).dictionary


def test_confirming_a_person_moves_the_version_at_commit():
    before = dictionary()
    make_person("龚卫东", confirmed=True)
    assert dictionary() == before + 1
    assert search_terms("龚卫东") == ["龚卫东"]


def test_a_name_confirmed_by_another_process_is_cut_whole_once_the_generation_is_read_again():
    person = make_person("龚卫东")
    assert search_terms("龚卫东") != ["龚卫东"]  # this process has read the names and the version
    # another process confirms the name: its row and the version move, this process's memory does not
    Person.objects.filter(pk=person.pk).update(confirmed=True)  # update(): no signal reaches this process
    Generation.objects.filter(pk=1).update(dictionary=dictionary() + 1)
    assert search_terms("龚卫东") != ["龚卫东"]  # the version read less than a second ago is trusted
    page_cache.forget_generation()  # GENERATION_SECONDS later
    assert search_terms("龚卫东") == ["龚卫东"]
