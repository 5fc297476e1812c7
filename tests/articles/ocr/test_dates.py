import datetime as dt

import pytest

from articles.ocr.dates import find_date

ISSUE = dt.date(2023, 2, 14)


@pytest.mark.parametrize(
    "lead, date, tod",
    [
        ("2月12日，郑州高新区利用周日一上午的时间组织召开", dt.date(2023, 2, 12), "上午"),
        ("2月3日下午，高新区党工委书记", dt.date(2023, 2, 3), "下午"),
        ("2月8日上午，高新区", dt.date(2023, 2, 8), "上午"),
        ("12月28日，全区", dt.date(2022, 12, 28), ""),  # later month than the issue: the year before
        ("昨晚，郑州市数字经济讲座", dt.date(2023, 2, 13), "晚上"),
        ("昨日上午，", dt.date(2023, 2, 13), "上午"),
        ("11日至13日，高新区组织企业", dt.date(2023, 2, 11), ""),
        ("3日下午，", dt.date(2023, 2, 3), "下午"),
        ("1月5日至7日，", dt.date(2023, 1, 5), ""),
        ("2022年12月5日，", dt.date(2022, 12, 5), ""),
    ],
)
def test_find_date(lead, date, tod):
    info = find_date(lead, issue_date=ISSUE)
    assert info.date == date
    assert info.time_of_day == tod
    assert info.notes == []


def test_day_later_than_issue_day_is_previous_month():
    assert find_date("20日至22日，", issue_date=dt.date(2023, 3, 15)).date == dt.date(2023, 2, 20)


def test_vague_dates_give_none_with_note():
    for word in ("日前", "近日"):
        info = find_date(f"{word}，记者从云台镇了解到", issue_date=ISSUE)
        assert info.date is None
        assert info.date_text == word
        assert info.notes and word in info.notes[0]


def test_year_only():
    assert find_date("3月5日至7日，", year=2021).date == dt.date(2021, 3, 5)


def test_no_year_no_issue_date():
    info = find_date("3月5日，")
    assert info.date is None and info.notes


def test_relative_without_issue_date():
    info = find_date("昨晚，", year=2023)
    assert info.date is None and info.time_of_day == "晚上" and info.notes


def test_date_text_as_printed():
    assert find_date("2月3日下午，", issue_date=ISSUE).date_text == "2月3日下午"


def test_a_january_page_dates_december_in_the_year_before():
    info = find_date("12月26日，高新区召开述职评议会", issue_date=dt.date(2024, 1, 3))
    assert info.date == dt.date(2023, 12, 26)


@pytest.mark.parametrize("lead", ["近日，区文旅局开展文明旅游宣传活动。", "日前，城关镇召开会议。"])
def test_vague_dates_give_no_date_and_are_flagged(lead):
    info = find_date(lead, issue_date=dt.date(2024, 1, 3))
    assert info.date is None
    assert any("不确切" in note for note in info.notes)


def test_a_date_range_gives_its_first_and_last_day():
    info = find_date("9月20日至21日，区第十二届人民代表大会第三次会议召开。", issue_date=dt.date(2023, 9, 22))
    assert info.date == dt.date(2023, 9, 20) and info.date_text == "9月20日至21日"
    assert info.end_date == dt.date(2023, 9, 21)
    across = find_date("1月30日至2月2日，区政协全会召开。", issue_date=dt.date(2024, 2, 3))
    assert (across.date, across.end_date) == (dt.date(2024, 1, 30), dt.date(2024, 2, 2))
    assert find_date("11日至13日，全区开展检查。", issue_date=dt.date(2023, 3, 14)).end_date == dt.date(2023, 3, 13)
    assert find_date("9月20日，区委召开会议。", issue_date=dt.date(2023, 9, 22)).end_date is None
