import pytest

from articles.ocr import PageError, decode_page
from articles.ocr.normalize import clean_line, column_width, ends_sentence, join_paragraphs, width

SAMPLE = "本报讯 2月 3日下午，高新区 5个办事处。"


def test_decode_utf8():
    text, enc = decode_page(SAMPLE.encode("utf-8"))
    assert text == SAMPLE and enc == "utf-8"


def test_decode_utf8_bom_is_stripped():
    text, enc = decode_page(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert text == SAMPLE and enc == "utf-8-sig"
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_decode_gbk_bytes(codec):
    text, enc = decode_page(SAMPLE.encode(codec))
    assert text == SAMPLE and enc == "gb18030"


def test_decode_utf16_with_bom():
    text, enc = decode_page("\ufeff".encode("utf-16-le")[:0] + b"\xff\xfe" + SAMPLE.encode("utf-16-le"))
    assert text == SAMPLE and enc == "utf-16"


@pytest.mark.parametrize("raw", [b"", b"   \n\t  \r\n", "\u3000".encode()])
def test_decode_empty(raw):
    with pytest.raises(PageError, match="空"):
        decode_page(raw)


def test_decode_binary_nul():
    with pytest.raises(PageError, match="binary"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_decode_binary_control_chars():
    with pytest.raises(PageError, match="binary"):
        decode_page(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"abc")


def test_decode_undecodable():
    # a lone \x80 is neither UTF-8 nor GB18030
    with pytest.raises(PageError, match="undecodable"):
        decode_page(b"abc \x80")


def test_decode_corrupt_utf8_is_not_read_as_gbk():
    # valid GB18030 by accident, but it is UTF-8 with one broken byte: refuse rather than guess
    with pytest.raises(PageError, match="corrupt UTF-8"):
        decode_page("本报讯 2月3日，高新区召开会议。".encode() + b"\x80")


def test_decode_oversize_refused_quickly():
    import time

    raw = b"a" * (50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(PageError, match="too large"):
        decode_page(raw)
    assert time.perf_counter() - start < 0.05
    with pytest.raises(PageError, match="too large"):
        decode_page(b"x" * 11, max_bytes=10)


def test_clean_line_spaces_and_punctuation():
    assert clean_line(" 本报讯 2月 3日下午，高新 ") == "本报讯2月3日下午，高新"
    assert clean_line("高新区 5个办事处") == "高新区5个办事处"
    assert clean_line("5G 基站和 AI 产业") == "5G基站和AI产业"
    assert clean_line("iPhone 14 Pro 发布") == "iPhone 14 Pro发布"
    assert clean_line("昨晚,高新区(郑州)举行:讲座") == "昨晚，高新区（郑州）举行：讲座"
    assert clean_line("增长 3.5%, 达到 1,200 亿元") == "增长3.5%，达到1,200亿元"


def test_width_counts_ascii_as_half():
    assert width("开2022年") == 4.0
    assert width("高新区") == 3.0


def test_ends_sentence():
    assert ends_sentence("提质。")
    assert ends_sentence("“一盘棋”。")
    assert ends_sentence("他说：“好！”")
    assert not ends_sentence("强化全区“一盘棋”")
    assert not ends_sentence("张红军强调：")
    assert ends_sentence("张红军强调：", soft=True)


def test_column_width_is_modal():
    assert column_width(["一二三四五", "一二三四五", "一二三", "", "一二三四五六"]) == 5


def test_join_paragraphs_rules():
    lines = [
        "第一段第一行一二三四五",
        "第一段第二行结束了。",  # full width, ends with 。 -> continues
        "还是第一段。",  # short -> ends
        "第二段跨过一个栏目的",
        "",  # column break mid-sentence
        "空行继续第二段写完了。",
        "",  # blank after a sentence end -> ends
        "第三段一二三四五六七",
        "最后。",
    ]
    assert join_paragraphs(lines) == [
        "第一段第一行一二三四五第一段第二行结束了。还是第一段。",
        "第二段跨过一个栏目的空行继续第二段写完了。",
        "第三段一二三四五六七最后。",
    ]


def test_join_paragraphs_latin_words_keep_a_space():
    assert join_paragraphs(["The AI", "industry。"]) == ["The AI industry。"]


def test_lost_indent_starts_a_paragraph():
    lines = [
        "一二三四五六七八九十一二三四",
        "书记、镇长欧阳晓峰主持会议。",  # full width and ends a sentence ...
        "会上，张庄村、王楼村、泰",  # ... and the next line is two characters short: a new paragraph
        "山村党支部书记分别作了交流发",
        "言。",
    ]
    assert len(join_paragraphs(lines)) == 2
