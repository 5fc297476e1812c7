"""Page furniture: what the press prints around the news and is no part of any article.

The header or footer line (``2023年3月8日 星期三 责任编辑：王五 第2版``, ``第3版``, ``要闻``), jump lines
(``下转第二版``, ``（上接第1版）``), editor codes (``②7``) and column labels (``简讯``). OCR puts them anywhere:
at the top or bottom, between a headline and its article, or between two lines of one paragraph — where
they end up glued into the text (``…全面2023年11月11日星期六责任编辑：李四第4版提质``). :func:`strip_furniture`
takes them off one raw line; what it took is returned so a caller can account for every character.
"""

from __future__ import annotations

import re

_NUM = r"[0-9０-９一二三四五六七八九十]{1,3}"
_PAGE = rf"第\s*{_NUM}\s*版"
_DATE = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_WEEKDAY = r"星期\s*[一二三四五六日天]"
_EDITOR = r"(?:责任编辑|责编|编辑|美编|校对|版式|组版|照排)\s*[：:]\s*[\u4e00-\u9fff]{2,4}?"
_LUNAR = r"(?:农历[\u4e00-\u9fff]{2,6}?)"
# Section and column labels printed alone on a line.
SECTION_LABELS = frozenset({
    "要闻", "综合", "时政", "经济", "社会", "民生", "文化", "体育", "专版", "副刊", "视点", "评论", "理论", "法治",
    "教育", "健康", "一版", "头版", "本地新闻", "区县新闻", "县域新闻", "乡镇新闻", "新闻", "简讯", "短讯", "快讯",
    "图片新闻", "图片报道", "图说", "一线传真", "基层动态", "部门动态", "乡镇动态", "动态",
})
_LABEL = "|".join(sorted(SECTION_LABELS, key=len, reverse=True))

# A whole header/footer line: pieces of a header in any order, nothing else.
_HEADER_PIECE = rf"(?:{_DATE}|{_WEEKDAY}|{_EDITOR}|{_PAGE}|{_LUNAR}|{_LABEL}|[｜|/·•])"
_HEADER_LINE_RE = re.compile(rf"^(?:\s*{_HEADER_PIECE}\s*)+$")
_DATE_ONLY_RE = re.compile(_DATE)
# A header line holds one of these (a date alone is not a header).
_HEADER_WORD_RE = re.compile(rf"版|星期|编|校对|农历|{_LABEL}")
# Inside a line only a sequence that cannot be prose: a date with its weekday and an editor or a page number,
# or an editor followed by a page number.
_EMBEDDED_RE = re.compile(
    rf"{_DATE}\s*{_WEEKDAY}\s*(?:{_LUNAR}\s*)?(?:(?:{_EDITOR})\s*)?{_PAGE}(?:\s*(?:{_LABEL})(?![\u4e00-\u9fff]))?"
    rf"|{_DATE}\s*{_WEEKDAY}\s*(?:{_LUNAR}\s*)?{_EDITOR}(?=\s|$)"
    rf"|(?:{_EDITOR})\s*{_PAGE}"
)
_JUMP = rf"(?:下转|上接|转|接|转至|接上|转下)\s*(?:{_PAGE}|{_NUM}\s*版)"
_JUMP_LINE_RE = re.compile(rf"^[（(【\[]?\s*{_JUMP}\s*[）)】\]]?$")
_JUMP_EMBEDDED_RE = re.compile(rf"[（(【\[]\s*{_JUMP}\s*[）)】\]]")
# Editor codes: circled numbers, with or without plain digits (②7, ⑦, 7②).
_CODE_LINE_RE = re.compile(r"^[0-9]{0,2}[\u2460-\u2473\u2776-\u277f\u24eb-\u24f4][0-9\u2460-\u2473]{0,3}$")


def is_furniture_line(line: str) -> bool:
    """Is the whole (stripped) line page furniture?"""
    text = line.strip()
    if not text or "。" in text or "，" in text:
        return False  # prose: no label, editor code or header holds a full stop or a comma
    compact = "".join(text.split())
    if compact in SECTION_LABELS or (len(compact) <= 6 and _CODE_LINE_RE.match(compact)):
        return True
    if len(compact) > 60 or not _HEADER_WORD_RE.search(compact):
        return False
    if "版" in compact and _JUMP_LINE_RE.match(compact):
        return True
    # a date alone on a line may be a line of prose broken there: a header has more than its date
    return bool(_HEADER_LINE_RE.match(text)) and bool(_DATE_ONLY_RE.sub("", compact).strip("｜|/·•"))


def strip_furniture(line: str) -> tuple[str, list[str]]:
    """``(what is left of the line, the furniture taken off it)``. A line that is all furniture gives ``""``."""
    if is_furniture_line(line):
        return "", [line.strip()]
    removed: list[str] = []
    if "版" not in line:
        return line, removed

    def cut(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return ""

    rest = _EMBEDDED_RE.sub(cut, line)
    rest = _JUMP_EMBEDDED_RE.sub(cut, rest)
    if removed and is_furniture_line(rest):
        removed.append(rest.strip())
        rest = ""
    return rest, removed


_PAGE_NUMBER_RE = re.compile(rf"第\s*({_NUM})\s*版")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(text: str) -> int | None:
    """1-999 written in digits (full width too) or in Chinese numerals up to 九十九 (二十三, 十二)."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text)
    value = (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
    return value or None


def printed_page_number(lines) -> int | None:
    """The page number a page's header or footer prints (``… 第2版 要闻``, ``第十二版``), or None: the first
    furniture line with one, never a jump line (``下转第二版``)."""
    for line in lines:
        compact = "".join(line.split())
        if not is_furniture_line(line) or _JUMP_LINE_RE.match(compact):
            continue
        match = _PAGE_NUMBER_RE.search(compact)
        if match:
            return _number(match.group(1))
    return None
