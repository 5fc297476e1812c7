import pytest

from articles.ocr.bylines import (
    bare_credit,
    is_byline_line,
    is_photo_credit,
    known_names,
    merge_credits,
    parse_credits,
    split_names,
)


def pairs(credits):
    return [(c.name, c.role) for c in credits]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("记者 孙庆辉 文/图", [("孙庆辉", "文/图")]),
        ("记者 孙庆辉", [("孙庆辉", "记者")]),
        ("通讯员 王彦凯 邵泳淇", [("王彦凯", "通讯员"), ("邵泳淇", "通讯员")]),
        ("记者 孙庆辉 通讯员 杨斯捷", [("孙庆辉", "记者"), ("杨斯捷", "通讯员")]),
        ("通讯员 寄静媛", [("寄静媛", "通讯员")]),  # rare surname: taken from the byline's structure
        ("记者 李明 通讯员 王芳", [("李明", "记者"), ("王芳", "通讯员")]),
        ("记者张三 通讯员李四、王五", [("张三", "记者"), ("李四", "通讯员"), ("王五", "通讯员")]),
        ("通讯员戴忠祥邱新玲", [("戴忠祥", "通讯员"), ("邱新玲", "通讯员")]),
        ("文/图 张三", [("张三", "文/图")]),
        ("图/文 张三", [("张三", "文/图")]),
        ("文／图 张三", [("张三", "文/图")]),
        ("摄影 李四", [("李四", "图")]),
        ("本报记者 赵敏", [("赵敏", "记者")]),
        ("记者 赵敏 摄", [("赵敏", "文/图")]),
        ("实习生 钱多多", [("钱多多", "通讯员")]),
        ("记者 欧阳晓明 通讯员 司马光荣", [("欧阳晓明", "记者"), ("司马光荣", "通讯员")]),
        ("文/图 记者 向晴", [("向晴", "文/图")]),
        ("记者 穆青 摄影 马骏", [("穆青", "记者"), ("马骏", "图")]),
        # issue 13: credits in every form
        ("文字：张晓东 图片：李卫民", [("张晓东", "文"), ("李卫民", "图")]),
        ("文/张晓东 图/李卫民", [("张晓东", "文"), ("李卫民", "图")]),
        ("张晓东/文 李卫民/图", [("张晓东", "文"), ("李卫民", "图")]),
        ("记者 张晓东 通讯员 李卫民 摄", [("张晓东", "文/图"), ("李卫民", "图")]),
        ("（记者 张晓东 通讯员 李卫民）", [("张晓东", "记者"), ("李卫民", "通讯员")]),
        ("融媒体记者 王佳琪", [("王佳琪", "记者")]),
        ("全媒体记者：王佳琪 刘畅", [("王佳琪", "记者"), ("刘畅", "记者")]),
        ("本报全媒体记者 王佳琪", [("王佳琪", "记者")]),
        ("记者 王佳琪，刘畅 实习生 陈思远", [("王佳琪", "记者"), ("刘畅", "记者"), ("陈思远", "通讯员")]),
        ("记者 王佳琪、刘畅 报道", [("王佳琪", "记者"), ("刘畅", "记者")]),
        ("周涛/摄", [("周涛", "图")]),
        ("周涛 摄影", [("周涛", "图")]),
    ],
)
def test_parse_credits(text, expected):
    assert pairs(parse_credits(text)) == expected


@pytest.mark.parametrize("text", ["记者从会上了解到", "记者近日走访发现这一情况", "会议由张三主持", ""])
def test_not_a_byline(text):
    assert not is_byline_line(text)


@pytest.mark.parametrize("text", ["张晓东 李卫民", "记者了解到，今年全区", "文化 图书馆"])
def test_names_without_a_role_are_not_a_byline(text):
    assert not is_byline_line(text)


@pytest.mark.parametrize("line", ["记者 周涛 摄", "周涛/摄", "（通讯员 赵磊 摄）", "摄影 马骏"])
def test_photo_credits(line):
    assert is_photo_credit(line)


def test_a_reporters_byline_is_no_photo_credit():
    assert not is_photo_credit("记者 周涛 通讯员 赵磊")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("（孙丽）", ["孙丽"]), ("（李强 张伟）", ["李强", "张伟"]), ("(欧阳一凡、王芳)", ["欧阳一凡", "王芳"]),
     ("（戴忠祥邱新玲）", ["戴忠祥", "邱新玲"])],
)
def test_a_bracket_of_names_alone_credits_its_reporters(text, expected):
    assert bare_credit(text) == expected
    assert pairs(parse_credits(text)) == [(name, "记者") for name in expected]
    assert not is_byline_line(text)  # never a reason to split an item: only at an item's end (split.py)


@pytest.mark.parametrize(
    "text", ["（完）", "（区委宣传部）", "（待续）", "（图片由王芳提供）", "（2023年）", "孙丽", "（张三摄）", "（据新华社）"]
)
def test_a_bracket_of_anything_else_is_no_credit(text):
    assert bare_credit(text) == []


def test_is_byline_line():
    assert is_byline_line("记者 孙庆辉 文/图")
    assert is_byline_line("通讯员 王彦凯 邵泳淇")
    assert not is_byline_line("记者从会上了解到，今年全区")


def test_split_names():
    assert split_names("戴忠祥邱新玲") == ["戴忠祥", "邱新玲"]
    assert split_names("张伟李娜王芳") == ["张伟", "李娜", "王芳"]
    assert split_names("王建国李明华") == ["王建国", "李明华"]
    assert split_names("欧阳晓明") == ["欧阳晓明"]
    assert split_names("李明王芳") == ["李明", "王芳"]
    assert split_names("寄静媛郑敏") == ["寄静媛", "郑敏"] or split_names("寄静媛郑敏", ["寄静媛"]) == [
        "寄静媛",
        "郑敏",
    ]
    # a known name wins
    assert split_names("马红军王芳", known=["马红军"]) == ["马红军", "王芳"]


def test_merge_credits_keeps_first_role():
    merged = merge_credits(parse_credits("记者 孙庆辉"), parse_credits("记者 孙庆辉 通讯员 杨斯捷"))
    assert pairs(merged) == [("孙庆辉", "记者"), ("杨斯捷", "通讯员")]


@pytest.mark.parametrize(("line", "expected"), [
    ("（记者赵亮通讯员孙华）", [("记者", "赵亮"), ("通讯员", "孙华")]),
    ("记者孙庆辉通讯员王彦凯邵泳淇", [("记者", "孙庆辉"), ("通讯员", "王彦凯"), ("通讯员", "邵泳淇")]),
    ("本报记者李明", [("记者", "李明")]),
])
def test_role_words_glued_to_the_names_as_ocr_reads_a_byline(line, expected):
    """OCR reads no spaces: the role words still separate the names."""
    assert [(c.role, c.name) for c in parse_credits(line)] == expected


def test_known_names_are_a_set_made_once():
    """A set of names is taken as it is (the splitter's memos then compare the same object); other iterables,
    or a set holding an empty name, become a set without empty names."""
    first = known_names(["张红军", "孙庆辉", ""])
    assert first == {"张红军", "孙庆辉"}
    assert known_names(first) is first
    assert known_names(frozenset({"郭程明", ""})) == {"郭程明"}
