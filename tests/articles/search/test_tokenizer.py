"""The one tokenizer: the same names give the same cuts, for the search and for the page importer alike."""

from __future__ import annotations

import pytest

from articles.ocr import lexicon
from articles.ocr.entities import PeopleFinder
from articles.ocr.types import KnownPerson
from articles.search import analysis, words
from articles.search.tokenizer import NAME_FREQ, Tokenizer, frequency, tokenizer_for
from tests.factories import make_person

TEXT = "区委书记张红军主持会议，李华为表示将全力推进项目建设。"


def test_a_name_is_one_word_once_known():
    assert "张红军" not in Tokenizer().cut(TEXT)
    known = Tokenizer(["张红军", "李华"])
    assert "张红军" in known.cut(TEXT)
    assert "李华" in known.cut(TEXT)  # 李华 + 为, not 华为: a known name outweighs any word it overlaps


def test_the_same_names_give_the_same_cuts_whatever_came_before():
    Tokenizer(["张红"])  # another tokenizer's names never leak into this one
    assert Tokenizer(["李华", "张红军"]).cut(TEXT) == Tokenizer(["张红军", "李华"]).cut(TEXT)
    assert tokenizer_for(frozenset({"张红军"})) is tokenizer_for(frozenset({"张红军"}))


def test_a_name_that_is_a_dictionary_word_keeps_its_own_frequency():
    assert frequency("高峰") > 0
    known = Tokenizer(["高峰"])
    assert frequency("高峰") < NAME_FREQ  # the dictionary's, not the name's boost
    assert "高峰" in known.cut("副区长高峰调研")


def test_the_importer_cuts_with_the_names_it_is_given_and_no_others():
    finder = PeopleFinder([KnownPerson(name="张红军")])
    assert finder.words.names == {"张红军"}
    assert lexicon.tokenizer().names == frozenset()  # the default knows no names, whatever was imported before


@pytest.mark.django_db
def test_the_importer_and_the_search_cut_a_confirmed_name_the_same_way():
    make_person("张红军", confirmed=True)
    importer = lexicon.tokenizer(p.name for p in [KnownPerson(name="张红军")])  # as parse_page builds it
    search = analysis.tokenizer()
    assert importer.cut(TEXT) == search.cut(TEXT)
    assert "张红军" in importer.cut(TEXT)
    assert "张红军" in words(TEXT)  # the search's words: search mode, the name whole (红军 inside it too)
