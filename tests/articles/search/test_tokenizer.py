"""The one tokenizer: the same names give the same cuts, for the search and for the page importer alike."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture
def small_dictionary(tmp_path, monkeypatch):
    """jieba's dictionary replaced by a file of a few words, its cache in a folder of its own."""
    from articles.search import tokenizer as module

    source = tmp_path / "dict.txt"
    source.write_text("红军 100 n\n主持 80 v\n会议 90 n\n", encoding="utf-8")
    monkeypatch.setattr(module, "_source", lambda: str(source))
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(tmp_path / "cache"))
    module.dictionary.cache_clear()
    yield source
    module.dictionary.cache_clear()


def test_the_dictionary_is_cached_once_and_rebuilt_when_its_file_changes(small_dictionary, tmp_path):
    from articles.search import tokenizer as module

    assert frequency("红军") == 100 and frequency("主持") == 80
    (cache,) = (tmp_path / "cache").iterdir()
    module.dictionary.cache_clear()
    assert frequency("会议") == 90  # read back from the cache file
    assert list((tmp_path / "cache").iterdir()) == [cache]

    small_dictionary.write_text("红军 100 n\n主持 80 v\n会议 90 n\n张红军 60 nr\n", encoding="utf-8")
    module.dictionary.cache_clear()
    assert frequency("张红军") == 60  # a changed dictionary file gets a cache of its own
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_a_damaged_cache_file_is_rebuilt(small_dictionary, tmp_path):
    from articles.search import tokenizer as module

    frequency("红军")
    (cache,) = (tmp_path / "cache").iterdir()
    cache.write_bytes(b"\x00" * 5)
    module.dictionary.cache_clear()
    assert frequency("红军") == 100


def test_cuts_do_not_depend_on_which_texts_were_cut_before():
    # the word table is filled a first character at a time, as texts need it
    other = "高新区召开项目建设推进会，企业负责人汇报了工作。"
    for names in ((), ("张红军",)):
        first = Tokenizer(names)
        first.cut_for_search(other)
        assert first.cut(TEXT) == Tokenizer(names).cut(TEXT)
        assert first.cut_for_search(TEXT) == Tokenizer(names).cut_for_search(TEXT)


def test_a_cache_folder_that_cannot_be_written_falls_back_to_the_next(small_dictionary, tmp_path, monkeypatch):
    from articles.search import tokenizer as module

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.delenv("NEWSROOM_CACHE_DIR")
    monkeypatch.setattr(module, "DEFAULT_CACHE_DIR", blocked / "lexicon")
    monkeypatch.setattr(module.tempfile, "gettempdir", lambda: str(tmp_path / "temp"))
    module.dictionary.cache_clear()
    assert frequency("红军") == 100
    (cache,) = (tmp_path / "temp").iterdir()
    module.dictionary.cache_clear()
    assert frequency("主持") == 80 and list((tmp_path / "temp").iterdir()) == [cache]  # read back from there


def test_cuts_are_jiebas_own_over_its_whole_dictionary():
    # the table is filled only with what each text may look up: jieba with every word cuts the same
    from articles.search.tokenizer import _jieba

    pages = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "pages").glob("*.txt"))
    texts = [TEXT, *(p.read_text(encoding="utf-8") for p in pages)]
    names = ["张红军", "李华", "高峰", "王"]
    whole = _jieba().Tokenizer()
    whole.initialize()
    for name in sorted(names):
        whole.add_word(name, freq=max(NAME_FREQ, whole.FREQ.get(name) or 0), tag="nr")
    ours = Tokenizer(names)
    for text in texts:
        assert ours.cut(text) == list(whole.cut(text, HMM=False))
        assert ours.cut_for_search(text) == list(whole.cut_for_search(text))
