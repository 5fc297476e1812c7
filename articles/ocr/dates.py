"""The date (and time of day) an article reports, resolved against the issue date or year.

The year is not printed: ``2月12日`` takes the issue's year, or the year before when the month is later
than the issue's month. ``11日至13日`` gives the start day in the issue's month, and the last (``end_date``). ``昨晚``/``昨日`` is the
day before the issue; ``日前``/``近日`` give no date (a note says so).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_TIME_WORDS = {
    "上午": "上午",
    "早上": "上午",
    "早晨": "上午",
    "清晨": "上午",
    "凌晨": "上午",
    "中午": "中午",
    "午间": "中午",
    "下午": "下午",
    "傍晚": "晚上",
    "晚上": "晚上",
    "晚间": "晚上",
    "夜间": "晚上",
    "当晚": "晚上",
    "晚": "晚上",
}
_TIME_RE = "|".join(sorted(_TIME_WORDS, key=len, reverse=True))

_ABS_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"(?:(?:至|到|-|—|～|~)(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日)?"
    rf"(?P<t>{_TIME_RE})?"
)
_DAY_RE = re.compile(rf"(?P<d>\d{{1,2}})日(?:(?:至|到|-|—|～|~)(?P<d2>\d{{1,2}})日)?(?P<t>{_TIME_RE})?")
_REL = {
    "昨晚": (-1, "晚上"),
    "昨夜": (-1, "晚上"),
    "昨天上午": (-1, "上午"),
    "昨天下午": (-1, "下午"),
    "昨日上午": (-1, "上午"),
    "昨日下午": (-1, "下午"),
    "昨天": (-1, ""),
    "昨日": (-1, ""),
    "前天": (-2, ""),
    "今晨": (0, "上午"),
    "今天": (0, ""),
    "今日": (0, ""),
    "当天": (0, ""),
    "当日": (0, ""),
}
_VAGUE = ("日前", "近日", "近期", "最近", "前不久", "不久前", "前些天", "连日来", "近年来")
_REL_RE = re.compile("|".join(sorted([*_REL, *_VAGUE], key=len, reverse=True)) + f"(?P<t>{_TIME_RE})?")
_ANY_TIME_RE = re.compile("上午|中午|下午|晚上")
_SENTENCE_END_RE = re.compile("[。！？]")


@dataclass
class DateInfo:
    date: dt.date | None = None
    end_date: dt.date | None = None  # the last day of a range (9月20日至21日), else None
    date_text: str = ""
    time_of_day: str = ""
    notes: list[str] = field(default_factory=list)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _base_year(month: int, issue_date: dt.date | None, year: int | None) -> int | None:
    if issue_date is not None:
        return issue_date.year - 1 if month > issue_date.month else issue_date.year
    return year


def _range_end(start: dt.date, end: dt.date | None) -> dt.date | None:
    """The last day of a range that starts on ``start``: only a later day (and within a month) makes one."""
    return end if end is not None and start < end <= start + dt.timedelta(days=31) else None


def find_date(lead: str, *, issue_date: dt.date | None = None, year: int | None = None) -> DateInfo:
    """Find the article date at the start of its lead (the text right after 本报讯)."""
    info = DateInfo()
    head = lead[:40]
    candidates: list[tuple[int, str, re.Match[str]]] = []
    # (a date holds its 月 or 日: the regex is asked only where it can match)
    for kind, regex, mark in (("abs", _ABS_RE, "月"), ("rel", _REL_RE, ""), ("day", _DAY_RE, "日")):
        m = regex.search(head) if mark in head else None
        if m:
            candidates.append((m.start(), kind, m))
    if not candidates:
        info.notes.append("未找到日期（no date found in the lead）")
    else:
        # the earliest match; at the same place an absolute date beats a bare day
        if len(candidates) > 1:
            candidates.sort(key=lambda c: (c[0], ("abs", "rel", "day").index(c[1])))
        _, kind, m = candidates[0]
        info.date_text = m.group(0)
        tod = m.group("t") or ""
        if kind == "abs":
            month, day = int(m.group("m")), int(m.group("d"))
            y = int(m.group("y")) if m.group("y") else _base_year(month, issue_date, year)
            if y is None:
                info.notes.append(f"日期 {m.group(0)} 缺年份（no issue date or year given）")
            else:
                info.date = _make(y, month, day)
                if info.date is None:
                    info.notes.append(f"日期无效：{m.group(0)}（invalid date）")
                elif m.group("d2"):
                    month2 = int(m.group("m2")) if m.group("m2") else month
                    info.end_date = _range_end(info.date, _make(y + (month2 < month), month2, int(m.group("d2"))))
        elif kind == "day":
            day = int(m.group("d"))
            if issue_date is None:
                info.notes.append(f"日期 {m.group(0)} 缺月份（no issue date given）")
            else:
                month, y = issue_date.month, issue_date.year
                if day > issue_date.day:
                    month, y = (12, y - 1) if month == 1 else (month - 1, y)
                info.date = _make(y, month, day)
                if info.date is not None and m.group("d2"):
                    info.end_date = _range_end(info.date, _make(y, month, int(m.group("d2"))))
        else:
            word = m.group(0)[: len(m.group(0)) - len(tod)] if tod else m.group(0)
            if word in _REL:
                offset, implied = _REL[word]
                tod = tod or implied
                if issue_date is None:
                    info.notes.append(f"相对日期“{word}”无出版日期可推算（relative date without issue date）")
                else:
                    info.date = issue_date + dt.timedelta(days=offset)
            else:
                info.notes.append(f"日期不确切：“{word}”（vague date）")
        info.time_of_day = _TIME_WORDS.get(tod, "")
    if not info.time_of_day and info.date_text:
        first_sentence = _SENTENCE_END_RE.split(lead, maxsplit=1)[0]
        m = _ANY_TIME_RE.search(first_sentence[:80])
        if m:
            info.time_of_day = _TIME_WORDS[m.group(0)]
    return info
