"""Property-based tests of every step of the OCR pipeline on arbitrary text (hypothesis).

Whatever the input — control characters, mixed scripts and encodings, stray brackets and markers, one-megabyte
lines — each step returns its usual result or, at the door (``decode_page``, ``parse_page``), refuses with the
importer's own ``PageError``; and nothing is lost or invented: the paragraphs are the source's characters, the
names found are in the text. Examples are few and the deadline off, so the suite stays fast.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.ocr import PageError, decode_page, parse_page
from articles.ocr.bylines import is_byline_line, merge_credits, parse_credits, split_names
from articles.ocr.dates import find_date
from articles.ocr.entities import PeopleFinder, find_meetings, find_organizations, title_before
from articles.ocr.headlines import assign, generate_title, parts
from articles.ocr.normalize import clean_line, clean_lines, clean_text, join_paragraphs
from articles.ocr.split import split_page, strip_lead
from articles.ocr.types import KnownPerson

#: The number of examples and whether they are fixed come from the Hypothesis profile (tests/conftest.py): "ci",
#: derandomized, by default; "fuzz", fresh examples and many more, under ``make fuzz``.
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real page text, so generated pages reach deep into each step, mixed with anything at all.
PIECES = [
    "本报讯", "【本报讯】", "本 报 讯", "（记者 李明 通讯员 王芳）", "(记者孙庆辉)", "记者 孙庆辉 文/图", "通讯员戴忠祥邱新玲",
    "2月12日", "11日至13日", "昨日下午", "日前", "上午", "，", "。", "、", "；", "：", "“", "”", "——", "（", "）",
    "区党工委书记", "张红军", "欧阳春梅", "主持召开", "述职评议会", "区领导古冰涛、侯建华、郑侃参加", "表示", "是",
    "干部", "郑州高新区管委会", "有限公司", "康佳集团", "会见", "一行", "压实管党治党责任", "高新区召开会议",
    "5G", "AI", " ", "  ", "\u3000", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
    "\u2028", "\ufeff", "\ufffd", "\u200b", "锟斤拷", "ÃÂ", "é", "\U0001f600", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "&amp;", "第1版", "责任编辑：李四",
]
fragments = st.one_of(st.sampled_from(PIECES), st.text(max_size=8))
page_texts = st.lists(fragments, max_size=80).map("".join)
line_lists = st.lists(st.one_of(st.just(""), page_texts.map(clean_line)), max_size=30)

# Characters clean_line may write that are not in its input: the full-width forms of ASCII , ; : ? ! ( )
# and the single space it keeps between two Latin words.
ADDED = set("，；：？！（） ")


def chars(text: str) -> set[str]:
    return set(text)


def no_spaces(text: str) -> str:
    return "".join(text.split())


# -- decode_page: bytes in, text or PageError out ----------------------------------------------------------


@FAST
@given(st.binary(max_size=2000))
@example(b"\xef\xbb\xbf" + "本报讯".encode())
@example("本报讯，".encode("gb18030") + b"\x81")
@example(b"\xff\xfe" + "本报讯".encode("utf-16-le") + b"\x00")
def test_decode_page_returns_text_or_refuses(raw):
    try:
        text, encoding = decode_page(raw)
    except PageError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030")


@FAST
@given(page_texts, st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16"]))
def test_decode_page_round_trips_or_refuses(text, codec):
    try:
        raw = text.encode(codec)
    except UnicodeEncodeError:
        return  # GB18030 encodes all of Unicode, but not lone surrogates
    try:
        decoded, _ = decode_page(raw)
    except PageError:
        return
    if codec in ("utf-8", "utf-8-sig", "utf-16"):
        assert decoded == text.removeprefix("\ufeff") or decoded == text


# -- normalize --------------------------------------------------------------------------------------------


@FAST
@given(page_texts)
@example("本报讯\x85\ufeff")  # a BOM after trailing whitespace: strip after the BOM is gone
@example("\x1b\r0")  # a control character before whitespace: strip after it is gone (found by make fuzz)
def test_clean_line_invents_nothing(text):
    for line in text.split("\n"):
        cleaned = clean_line(line)
        assert "\n" not in cleaned
        assert chars(cleaned) <= chars(line) | ADDED
        assert cleaned == cleaned.strip()
    assert chars(clean_text(text)) <= chars(text) | ADDED
    assert len(clean_lines(text)) == len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@FAST
@given(line_lists)
def test_join_paragraphs_loses_and_invents_nothing(lines):
    paragraphs = join_paragraphs(lines)
    assert all(paragraphs)
    # only a space between two Latin words is added when lines are joined
    assert no_spaces("".join(paragraphs)) == no_spaces("".join(lines))


# -- split, bylines, dates, headlines, entities ------------------------------------------------------------


@FAST
@given(page_texts)
def test_split_page_keeps_chunks_from_the_page(text):
    split = split_page(text)
    source = chars(text) | ADDED
    assert len(split.gaps) == (len(split.chunks) + 1 if split.chunks else 0)
    for chunk in split.chunks:
        assert chars("".join(chunk.lines)) <= source
        assert chars(strip_lead("".join(chunk.lines))) <= source
        for line in chunk.byline_lines:
            assert chars(line) <= source
    for gap in split.gaps:
        for group in gap:
            assert all(line for line in group)


@FAST
@given(page_texts, st.lists(st.sampled_from(["李明", "王芳", "孙庆辉", "欧阳春梅"]), max_size=3))
def test_bylines_name_only_what_is_printed(text, known):
    credits = parse_credits(text, known)
    for credit in credits:
        assert credit.name and credit.name in text.replace(" ", "") or credit.name in known
    assert isinstance(is_byline_line(text, known), bool)
    assert len(merge_credits(credits, credits)) == len({c.name for c in credits})
    token = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:12]
    assert "".join(split_names(token, known)) == token.strip()


@FAST
@given(page_texts, st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))))
def test_find_date_reads_only_the_lead(text, issue_date):
    info = find_date(text, issue_date=issue_date, year=issue_date.year if issue_date else None)
    assert info.date_text in text
    assert info.time_of_day in ("", "上午", "中午", "下午", "晚上")
    assert info.date is None or isinstance(info.date, dt.date)


@FAST
@given(st.lists(st.lists(st.lists(page_texts.map(clean_line).filter(bool), max_size=4), max_size=3), max_size=4),
       st.lists(page_texts, min_size=1, max_size=3))
def test_headlines_come_from_the_headline_lines(gaps, bodies):
    gaps = (gaps + [[]] * (len(bodies) + 1))[: len(bodies) + 1]
    heads, notes = assign(gaps, bodies)
    assert len(heads) == len(notes) == len(bodies)
    printed = {line for gap in gaps for group in gap for line in group}
    for head, body in zip(heads, bodies, strict=True):
        assert set(head) <= printed
        kicker, title, subtitle, _ = parts(head, body)
        assert chars(no_spaces(kicker + title + subtitle)) <= chars("".join(head))
    assert isinstance(generate_title(bodies[0], []), str)


@FAST
@given(st.lists(page_texts.map(clean_text), max_size=5))
def test_people_organizations_and_meetings_are_in_the_text(paragraphs):
    finder = PeopleFinder([KnownPerson("张红军", ("党工委书记",))], ["郑州高新区管委会"])
    people = finder.find(paragraphs, exclude=["孙庆辉"])
    body = "\n".join(paragraphs)
    for person in people:
        assert person.name in body and person.name != "孙庆辉"
    for org in find_organizations(paragraphs, ["郑州高新区管委会"], [p.name for p in people]):
        assert org in body
    for meeting in find_meetings(paragraphs, people):
        assert meeting.name in body
    for text in paragraphs:
        for s in range(0, len(text), 7):
            assert title_before(text, s) in text


# -- the whole pipeline ------------------------------------------------------------------------------------


def check_page(text: str) -> None:
    try:
        page = parse_page(text, issue_date=dt.date(2023, 2, 14))
    except PageError as exc:
        assert str(exc)
        return
    source = chars("".join(clean_lines(text))) | ADDED
    body_chars = chars(no_spaces("".join(clean_lines(text)))) | ADDED
    assert page.articles
    for article in page.articles:
        for paragraph in article.paragraphs:
            assert paragraph
            # no body text invented: every character of a paragraph is in the (normalized) page
            assert chars(no_spaces(paragraph)) <= body_chars, paragraph
        if not article.title_is_generated:
            assert chars(article.kicker + article.title + article.subtitle) <= source
        for person in article.people:
            assert person.name in no_spaces("".join(article.paragraphs))
        for credit in article.credits:
            assert credit.name in no_spaces(text)
        article.to_json()


@FAST
@given(page_texts)
@example("本报讯\x0b张红军\x00")
@example("本报讯（记者\n李明）\n\n\n")
@example("【本报讯】" + "\n" * 50)
def test_parse_page_never_fails_but_with_page_error(text):
    check_page(text)


@FAST
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=200).map(lambda p: "本报讯" + "".join(p)))
def test_parse_page_on_page_like_text(text):
    check_page(text)


@pytest.mark.parametrize(
    "line",
    [
        "本报讯（记者 李明）" + "2月12日上午，区党工委书记张红军主持召开会议，李明表示，" * 36000,
        "本报讯" + "区领导张红军、李明、王芳、赵四、" * 65000,
        "本报讯" + "张" * 1_000_000,
        "本报讯 " + "a b, " * 200_000,
        "本报讯" + "\x0b" * 1000 + "，" * 1_000_000,
    ],
    ids=["sentences", "leaders", "one-character", "latin", "punctuation"],
)
def test_one_megabyte_line_is_refused_quickly(line):
    started = time.monotonic()
    with pytest.raises(PageError, match="不像报纸版面"):
        parse_page(line, issue_date=dt.date(2023, 2, 14))
    assert time.monotonic() - started < 10


def test_long_page_of_normal_articles_is_parsed_in_linear_time(seed_text):
    started = time.monotonic()
    page = parse_page(seed_text * 70, issue_date=dt.date(2023, 2, 14))  # about 200 KB, 280 items (at most 300)
    assert len(page.articles) >= 70
    assert time.monotonic() - started < 30


# -- nothing lost: a page built from items in any layout ---------------------------------------------------
#
# Items of every kind a real page carries, typeset in any column width, with column-break blank lines anywhere
# and page furniture (header and footer lines, jump lines, editor codes, column labels) at any line, even between
# a headline and its article or inside a paragraph. Whatever the importer makes of the items, every letter and
# digit of them is in exactly one place: an article's kicker, title, subtitle, paragraphs, source line or byline,
# or the page's residue. (Punctuation is layout: the dash before a subtitle goes.)

HEADLINES = ["区人大代表视察民生实事项目", "城关镇召开秋季防火工作会议", "高新区举办2023年人才招聘会", "金秋稻田收割忙",
             "我区开展安全生产大检查", "县政协委员调研乡村振兴工作", "——全面压实企业主体责任"]
SENTENCES = [
    "11月9日，区人大常委会组织部分代表视察全区民生实事项目推进情况。",
    "代表们先后来到城南污水处理厂、区人民医院新院区等地，实地察看项目建设进度。",
    "会议要求，各单位要压实责任，确保各项工作落到实处。",
    "区委书记张红军主持会议并讲话，区领导王芳、刘强、陈静出席。",
    "活动现场，志愿者们为群众提供政策咨询服务。",
    "据了解，该项目总投资约3.2亿元，预计明年6月建成投用。",
    "下一步，该镇将继续加大投入力度，推动产业提质增效。",
]
STAFF = ["王建军", "李明", "赵磊", "孙丽", "欧阳春梅", "周涛"]
FURNITURE = ["2023年11月11日 星期六 责任编辑：刘洋 第4版", "第3版", "要闻", "下转第二版", "（上接第1版）", "②7",
             "简讯"]

staff = st.sampled_from(STAFF)
bodies = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map("".join)
headlines = st.lists(st.sampled_from(HEADLINES), max_size=2)


@st.composite
def items(draw):
    """(headline lines, body text, closing lines) of one item."""
    kind = draw(st.sampled_from(["marker", "wire", "closing", "feature", "photo", "brief"]))
    r1, r2, body = draw(staff), draw(staff), draw(bodies)
    if kind == "marker":
        closing = draw(st.sampled_from([[], [f"记者 {r1}"], [f"记者 {r1}", f"通讯员 {r2}"]]))
        return draw(headlines), f"本报讯（记者 {r1} 通讯员 {r2}）{body}", closing
    if kind == "wire":
        return draw(headlines), f"新华社北京10月19日电（记者 {r1}、{r2}）{body}", []
    if kind == "closing":
        credit = draw(st.sampled_from([f"（记者 {r1} 通讯员 {r2}）", f"记者 {r1} 报道", f"文/{r1} 图/{r2}"]))
        return [draw(st.sampled_from(HEADLINES))], body, [credit]
    if kind == "feature":
        return [draw(st.sampled_from(HEADLINES))], None, [f"全媒体记者：{r1} {r2}", body]
    if kind == "photo":
        credit = draw(st.sampled_from([f"记者 {r1} 摄", f"{r1}/摄", f"通讯员 {r2} 摄", f"记者 {r1} 通讯员 {r2} 摄"]))
        return draw(headlines), "图为" + body, [credit]
    return [], "■" + body, [] if draw(st.booleans()) else ["■" + draw(bodies)]


def typeset(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


@st.composite
def laid_out_pages(draw):
    """(page text, the items' text without furniture)."""
    width = draw(st.integers(12, 16))
    lines: list[str] = []
    content: list[str] = []
    for headline, body, closing in draw(st.lists(items(), min_size=1, max_size=5)):
        item_lines = list(headline)
        if headline and draw(st.booleans()):
            item_lines.append("")
        if body is not None:
            item_lines += typeset(body, width)
        for line in closing:
            item_lines += [line] if len(line) < 20 else typeset(line, width)
        content += [line for line in item_lines if line]
        lines += item_lines + [""] * draw(st.integers(0, 2))
    for _ in range(draw(st.integers(0, 4))):  # column breaks anywhere
        lines.insert(draw(st.integers(0, len(lines))), "")
    for furniture in draw(st.lists(st.sampled_from(FURNITURE), max_size=4)):  # furniture anywhere
        lines.insert(draw(st.integers(0, len(lines))), furniture)
    return "\n".join(lines), "".join(content)


def letters(text: str) -> Counter:
    return Counter(ch for ch in text if ch.isalnum())


def placed_text(page) -> str:
    out = list(page.residue)
    for a in page.articles:
        out += [a.kicker, "" if a.title_is_generated else a.title, a.subtitle, a.source_line, *a.paragraphs, *a.byline]
    return "".join(out)


@FAST
@given(laid_out_pages())
@example(("2023年11月11日 星期六 责任编辑：刘洋 第4版\n金秋稻田收割忙\n图为11月8日，农民收割水稻。\n记者 周涛 摄\n第3版",
          "金秋稻田收割忙图为11月8日，农民收割水稻。记者周涛摄"))
def test_any_layout_of_items_conserves_the_page_text(page):
    text, content = page
    parsed = parse_page(text, issue_date=dt.date(2023, 11, 11))
    assert letters(placed_text(parsed)) == letters(content)
