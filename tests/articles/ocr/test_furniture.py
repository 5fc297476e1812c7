import pytest

from articles.ocr.furniture import is_furniture_line, printed_page_number, strip_furniture


@pytest.mark.parametrize(
    "line",
    ["2023年3月8日 星期三 责任编辑：王五 第2版", "第3版", "要闻", "下转第二版", "（上接第1版）", "②7", "⑦", "简讯",
     "要闻 第2版 2023年3月8日 星期三", "责任编辑：刘洋"],
)
def test_furniture_lines(line):
    assert is_furniture_line(line)
    assert strip_furniture(line) == ("", [line])


@pytest.mark.parametrize(
    "line",
    ["高新区召开安全生产工作会议", "2023年3月8日", "会议要求，第3版", "11月9日，区人大常委会组织部分代表视察", "版面设计大赛",
     "第3版块的内容已经更新。"],
)
def test_prose_is_not_furniture(line):
    assert not is_furniture_line(line)
    assert strip_furniture(line) == (line, [])


def test_a_header_glued_inside_a_line_is_cut_out():
    rest, removed = strip_furniture("全面提质2023年11月11日星期六责任编辑：李四第4版市人大代表视察")
    assert rest == "全面提质市人大代表视察"
    assert removed == ["2023年11月11日星期六责任编辑：李四第4版"]


def test_a_jump_line_in_brackets_inside_a_line_is_cut_out():
    assert strip_furniture("研究部署下一步工作（下转第二版）") == ("研究部署下一步工作", ["（下转第二版）"])


def test_a_date_in_prose_stays():
    line = "会议于2023年11月11日星期六在区政府举行。"
    assert strip_furniture(line) == (line, [])


@pytest.mark.parametrize(("lines", "number"), [
    (["2023年3月8日 星期三 第2版 要闻", "区委召开常委会会议"], 2),
    (["区委召开常委会会议", "2023年11月11日星期六责任编辑：李四第十二版"], 12),
    (["（下转第二版）", "2023年3月8日 星期三 第３版"], 3),  # a jump line is not the page's number
    (["区委第3版会议纪要", "本报讯 3月6日，全区召开会议。"], None),  # prose, not a header
])
def test_printed_page_number_is_the_headers(lines, number):
    assert printed_page_number(lines) == number
