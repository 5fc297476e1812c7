"""newsroom.pinyin gives pypinyin's own lazy_pinyin(Style.NORMAL) syllables, from its sharded cache."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pypinyin import Style
from pypinyin import lazy_pinyin as pypinyin_lazy

from newsroom import pinyin

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def expected(text: str) -> list[str]:
    return pypinyin_lazy(text, style=Style.NORMAL, errors=lambda chars: [chars])


def test_pages_and_polyphonic_phrases_spelled_as_pypinyin_spells_them():
    texts = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
    texts += ["重庆银行行长", "长江大学校长", "重要的长者", "朝阳区朝会", "乐队音乐快乐", "张红军5G基站2023年",
              "都江堰", "了解了", "一", "〇", "ǎ张", "a-b c", "行", "㐀𠀀\U0002a6df中",
              "下不了", "七返还"]  # a text ending inside a phrase: pypinyin spells it a character at a time (不了: le)
    for text in texts:
        assert pinyin.lazy_pinyin(text) == expected(text), text[:40]


@pytest.mark.parametrize("seed", range(3))
def test_random_text_spelled_as_pypinyin_spells_it(seed):
    rng = random.Random(seed)
    phrases = ["长城", "银行", "重庆", "长大成人", "行长", "中华人民共和国", "朝阳", "音乐", "调查研究"]
    alphabet = "重长行乐朝调中华人民共和国银庆大成一不了的得地着  ，。、5Gab〇㐀\u9fff\u4dbf\U00020000"
    for _ in range(300):
        parts = [rng.choice(phrases) if rng.random() < 0.3 else rng.choice(alphabet) for _ in range(rng.randint(1, 12))]
        text = "".join(parts)
        assert pinyin.lazy_pinyin(text) == expected(text), text
