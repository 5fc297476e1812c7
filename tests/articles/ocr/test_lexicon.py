"""The word-list helpers of ``articles.ocr.lexicon`` (and the scans built on them) find what the plain forms do."""

from __future__ import annotations

import random
import re

import pytest

from articles.ocr import entities
from articles.ocr.lexicon import (
    COMPOUND_SURNAMES,
    FOLLOWERS,
    ORG_SUFFIXES,
    SURNAMES,
    TITLE_SUFFIXES,
    alternation,
    by_first,
    by_last,
)

SURNAME_AHEAD = "(?=[" + "".join(sorted(SURNAMES | {c[0] for c in COMPOUND_SURNAMES})) + "])"


def _texts(words, seed: int, count: int = 3000) -> list[str]:
    """Random texts made of the words, pieces of them, surnames, punctuation and other characters."""
    rng = random.Random(seed)
    pieces = [*words, *(w[: rng.randint(1, len(w))] for w in words), *"张王李和于，。、（a1 \n", "副书记", "领导"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def _spans(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize("words", [TITLE_SUFFIXES, ORG_SUFFIXES, ("局", "局长", "副局长", "长", "a.b", "a+b", "[x]")])
@pytest.mark.parametrize("after", ["", SURNAME_AHEAD])
def test_alternation_matches_what_the_longest_first_alternation_matches(words, after):
    words = sorted(set(words), key=len, reverse=True)
    plain = re.compile("(?:" + "|".join(re.escape(w) + after for w in words) + ")")
    trie = re.compile("(?:" + alternation(words) + ")" + after)
    for text in _texts(words, seed=len(words)):
        assert _spans(trie, text) == _spans(plain, text), text


def test_alternation_shares_common_starts_and_refuses_an_empty_word():
    assert alternation(["副书记", "副主任", "书记"]) == "书记|副(?:主任|书记)"
    assert alternation(["区长", "县长"]) == "区长|县长"  # the first characters stay literals
    assert alternation(["主任", "副主任", "常务副主任"]) == "主任|副主任|常务副主任"
    assert alternation(["书记", "书记员"]) == "书记(?:员|)"
    with pytest.raises(ValueError):
        alternation(["书记", ""])


def test_by_first_and_by_last_give_the_answers_of_the_whole_tuple():
    words = (*FOLLOWERS, *TITLE_SUFFIXES)
    first, last = by_first(words), by_last(words)
    for text in _texts(words, seed=7):
        assert text.startswith(first.get(text[:1], ())) == text.startswith(words)
        assert text.endswith(last.get(text[-1:], ())) == text.endswith(words)
    with pytest.raises(ValueError):
        by_first(["", "书记"])


def test_names_then_titles_are_the_matches_of_the_lookbehind_regex():
    lookbehind = re.compile(r"(?:^|(?<=[，。；：！？“”（(]))" + entities._NAME_THEN_TITLE)
    words = ["张红军", "李强", "王", "书记", "总理", "主任", "副主席", "区长", "市长张", "一二三四五"]
    for text in _texts([*words, "，", "。", "“", "（"], seed=13):
        got = [(m.end(), m.start("name"), m.group("name"), m.group("title")) for m in entities._names_then_titles(text)]
        want = [(m.end(), m.start("name"), m.group("name"), m.group("title")) for m in lookbehind.finditer(text)]
        assert got == want, text


def test_clause_starts_before_a_surname_are_those_of_the_empty_match_regex():
    old = re.compile(r"(?:^|(?<=[，。；：！？、“”（(]))")
    for text in _texts(["张红军", "李强", "表示", "，", "。", "、", "“", "（", "会议"], seed=17):
        want = [m.end() for m in old.finditer(text)
                if m.end() < len(text) and (text[m.end()] in SURNAMES or text[m.end() : m.end() + 2] in COMPOUND_SURNAMES)]
        got = [m.end() for m in entities._CLAUSE_MARK_RE.finditer(text)]
        if text[:1] in entities._SURNAME_STARTS:
            got.insert(0, 0)
        got = [s for s in got if s < len(text) and (text[s] in SURNAMES or text[s : s + 2] in COMPOUND_SURNAMES)]
        assert got == want, text


def test_keywords_of_lines_cut_together_are_those_of_each_line():
    from articles.ocr.lexicon import keywords, keywords_of, tokenizer

    lines = ["高新区召开安全生产工作会议", "——全面压实企业主体责任", "", "5G+AI 产业博览会开幕", "“两会”精神：进村入户",
             "张红军会见吴志强一行", "abc def", " 记者 孙庆辉 ", "（图为活动现场）", "第1版", "a", "Ⅱ期工程"]
    rng = random.Random(21)
    for words in (tokenizer(), tokenizer(["张红军", "吴志强"])):
        for _ in range(200):
            sample = [rng.choice(lines) for _ in range(rng.randint(0, 6))]
            assert keywords_of(sample, words) == [keywords(line, words) for line in sample], sample
    assert keywords_of(["甲\n乙", "丙"]) == [keywords("甲\n乙"), keywords("丙")]


def test_anchors_are_the_matches_of_the_anchor_regex():
    # the anchors as one regex: slow to compile (every title), so only this test's oracle
    anchor = re.compile("(?:" + alternation(TITLE_SUFFIXES) + ")" + SURNAME_AHEAD + "|领导(?=[^，。、；：])")
    words = [*TITLE_SUFFIXES[:80], "书记", "副书记", "主任", "员", "长", "领导", "区领导", "县领导", "王", "张", "和", "区", "常"]
    for text in _texts([*words, "，", "。", "、"], seed=19, count=5000):
        assert entities._anchors(text) == [(m.end(), m.group(0)) for m in anchor.finditer(text)], text


def test_title_suffix_is_the_longest_title_the_text_ends_with():
    words = [*TITLE_SUFFIXES[:80], "书记", "副书记", "委员", "员", "长", "区长", "王", "，"]
    for text in _texts(words, seed=23):
        want = max((t for t in TITLE_SUFFIXES if text.endswith(t)), key=len, default="")
        assert entities._title_suffix(text) == want, text


def test_role_words_spaced_and_byline_text_normalised_as_the_substitutions_did():
    from articles.ocr import bylines, split

    brackets = str.maketrans({"（": " ", "）": " ", "(": " ", ")": " ", "【": " ", "】": " ", "[": " ", "]": " "})
    glued = re.compile("|".join(re.escape(w) for w in sorted(bylines._GLUED_PREFIXES, key=len, reverse=True)))

    def normalised(text: str) -> str:
        text = glued.sub(lambda m: f" {m.group(0)} ", bylines._SLASH_RE.sub("/", text.translate(brackets)))
        text = text.replace("文/图", "\x01").replace("图/文", "\x02").replace("/", " ")
        return text.replace("\x01", " 文/图 ").replace("\x02", " 图/文 ")

    words = ["本报全媒体记者", "记者", "通讯员", "摄影", "文/图", "图 ／ 文", "张三", "李四", "（", "）", "[", "/", " ", "、"]
    for text in _texts(words, seed=29):
        assert split._spaced_roles(text) == " ".join(split._ROLE_SPACING_RE.sub(r" \1 ", text).split()), text
        assert bylines._normalise(text) == normalised(text), text
