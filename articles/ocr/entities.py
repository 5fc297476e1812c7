"""People (with their printed titles and their role in the event), organizations and meetings.

A word becomes a person only with evidence:

1. a title printed right before it (``区党工委书记张红军主持``), the name being a surname plus one or
   two plausible given-name characters, bounded by punctuation or a word that may follow a name;
2. a list after 区领导/市领导 (``区领导古冰涛、侯建华、郑侃参加``: each is titled 区领导);
3. a title printed after it (``阳文彬是云台镇综合执法大队干部``);
4. a speech verb after a bare name at the start of a clause (``李明表示``), with a surname, a name that
   is not a dictionary word and not the start of an organization's name;
5. a person already in the database (``known_people``);

and a name confirmed once is recognised at every later bare mention on the page (propagation).
Byline staff are never people.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..search.tokenizer import Tokenizer
from .bylines import known_names
from .lexicon import (
    CJK,
    COMPOUND_SURNAMES,
    EVENT_ENDINGS,
    FOLLOWERS,
    FUNCTION_SURNAMES,
    GENERIC_ORGS,
    GIVEN_NAME_BLACKLIST,
    OBJECT_VERBS,
    ORG_BAD_PREFIXES,
    ORG_BREAKERS,
    ORG_SUFFIXES,
    ROLE_WORDS,
    SHORT_FOLLOWERS,
    SPEECH_VERBS,
    SURNAMES,
    TITLE_SUFFIXES,
    alternation,
    by_first,
    by_last,
    is_cjk_run,
    tokenizer,
    word_freq,
    word_tag,
)
from .types import KnownPerson, ParsedMeeting, ParsedPerson

_PUNCT = frozenset("，。、；：！？（）()“”‘’《》〈〉「」『』【】…—·,.;:!?\"' \n")
_CLAUSE_END = "，。；：！？,;:!?“”"
_SENTENCE_END = "。！？；!?;"
_TITLE_RE = re.compile(alternation(TITLE_SUFFIXES))
_LIST_CONNECTOR_RE = re.compile("以及|还有|及|和|与|同")
_ETC_LEADERS_RE = re.compile(r"等(?P<title>(?:[区市省县镇乡]|市、区|省、市)?领导)")
# The first characters of surnames, and a mark that starts a clause where one of them stands (a name may).
_SURNAME_STARTS = frozenset(SURNAMES | {c[0] for c in COMPOUND_SURNAMES})
_CLAUSE_MARK_RE = re.compile("[，。；：！？、“”（(](?=[" + "".join(sorted(_SURNAME_STARTS)) + "])")
_TITLE_LEAD_RE = re.compile(
    r"^(?:会议|活动|仪式|会上|大会|座谈会|论坛|期间|当天|当日|随后|同时|此外|其间|会前|会后|上午|下午|晚上|"
    r"现场|此次|本次|其中|最后|首先|了)*(?:由|在|经|据|受|随|向|对|与|和|同|及|为|请|并|是|由于|了)?"
)
_MULTI_BREAKERS = tuple(w for w in ("一行", "会见", "会晤", "接见", "听取", "陪同", "邀请", "带领", "主持", "召开",
                                     "参加", "出席", "看望", "慰问", "欢迎", "感谢", "以及", "来自", "走访",
                                     "考察", "参观", "前往", "率领"))
_TITLE_BREAKER_RE = re.compile(
    "|".join((*_MULTI_BREAKERS, "在(?![读职任岗编校])(?=..)", "的(?!" + "|".join(ORG_SUFFIXES) + ")"))
)
# Titles printed after the name (张红军书记, 李强总理), at a clause start, before what a name is followed by.
_NAME_THEN_TITLE = (
    r"(?P<name>[\u4e00-\u9fff]{2,4}?)"
    r"(?P<title>总书记|副总理|总理|委员长|副主席|主席|书记|省长|市长|县长|区长|镇长|乡长|部长|局长|主任|院长|校长|董事长|总经理)"
)
# At the text's start, and after a mark (taken with it: a regex with a first character to look for runs faster
# than one trying a lookbehind at every place); see :func:`_names_then_titles`.
_NAME_THEN_TITLE_AT_START_RE = re.compile(_NAME_THEN_TITLE)
_MARK_NAME_THEN_TITLE_RE = re.compile(r"[，。；：！？“”（(]" + _NAME_THEN_TITLE)


def _names_then_titles(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_NAME_THEN_TITLE`` left to right, each at the text's start or right after a clause mark
    (，。；：！？“”（(), without overlap."""
    pos = 0
    first = _NAME_THEN_TITLE_AT_START_RE.match(text)
    if first:
        yield first
        pos = first.end()
    # a match never ends on a mark, so the next one's mark is at or after the end of the last one
    yield from _MARK_NAME_THEN_TITLE_RE.finditer(text, pos)


# National leaders' titles are printed after the name wherever it stands (传达学习习近平总书记重要讲话精神).
_LEADER_TITLE_RE = re.compile("总书记|副总理|总理|委员长")
# An organization's abbreviation ends on one of these (区委, 区政协, 市人大): never a person's name.
_ORG_LAST_CHARS = frozenset("委办局部处院会厅司团组队所站协大府区市县镇乡村")
_ORG_BREAKER_RE = re.compile(alternation(ORG_BREAKERS))


def _last_end(regex: re.Pattern[str], text: str) -> int:
    """End of the last match of ``regex`` in ``text`` (0 if none)."""
    end = 0
    for m in regex.finditer(text):
        end = m.end()
    return end


_IS_SPLIT_RE = re.compile(r"是(?P<title>[^，。；！？、]{2,30})(?=[，。；！？]|$)")
_ORG_RE = re.compile(alternation(ORG_SUFFIXES))
# What may not follow an organization suffix (部署, 部分, 局面, 所有, 站位 …).
_ORG_BAD_NEXT = {
    "部": "署分门位件队",
    "所": "有以在属需得谓",
    "局": "面势限部",
    "站": "位在起立",
    "馆": "",
    "厅": "",
    "中心": "城区",
    "公司": "",
}
# What may not stand before a one-character suffix (布局, 格局, 大局, 头部, 全部 …).
_ORG_BAD_PREV = {
    "局": "布格大全结当开僵胜残变时",
    "部": "头全内外局东西南北中干细背腹",
    "所": "场住厕处诊会",
    "站": "车网驿",
}
_ORG_SPLIT_AFTER = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团")
_DEPARTMENT_SUFFIXES = ("部", "中心", "所", "站", "局", "处", "办")
_MEETING_RE = re.compile(
    r"(?:召开|举行|举办|组织召开|主持召开)(?:了)?"
    r"(?P<name>[^，。；：！？]{2,60}?(?:座谈会|研讨会|推进会|汇报会|评议会|动员会|部署会|工作会|"
    r"交流会|洽谈会|培训会|见面会|发布会|现场会|调度会|联席会议|会议|大会|论坛|峰会|博览会|活动|仪式|典礼|"
    r"培训班|会))(?=[，。；：！？、]|$)"
)


@dataclass
class Mention:
    para: int
    start: int
    end: int
    name: str


@dataclass
class _Person:
    name: str
    title: str = ""
    organization: str = ""
    first: tuple[int, int] = (10**9, 0)
    mentions: list[Mention] = field(default_factory=list)


def follows_name(after: str) -> bool:
    """May ``after`` come right after a person's name?"""
    return not after or after[0] in _PUNCT or after.startswith(_FOLLOWS_NAME.get(after[0], ()))


def strongly_follows(after: str) -> bool:
    """Punctuation or a speech/role verb right after: a dictionary word there is still a name
    (副局长甘露要求, 总经理黄山一行)."""
    return not after or after[0] in _PUNCT or after.startswith(_STRONGLY_FOLLOWS.get(after[0], ()))


_LONG_FOLLOWERS = tuple(w for w in FOLLOWERS if len(w) >= 2)
_STRONG_FOLLOWERS = ("主持", "出席", "参加", "陪同", "一行", "等", "同志", "说", "讲话", "带领", "率队", "介绍")
# The words each test above looks for, by their first character: only those that can match are tried.
_FOLLOWS_NAME = by_first((*FOLLOWERS, *TITLE_SUFFIXES))
_STRONGLY_FOLLOWS = by_first((*SPEECH_VERBS, *_STRONG_FOLLOWERS))
_SPEECH_VERBS_BY_FIRST = by_first(SPEECH_VERBS)
_LONG_FOLLOWERS_BY_FIRST = by_first(_LONG_FOLLOWERS)
_TITLES_BY_FIRST = by_first(TITLE_SUFFIXES)
_TITLES_BY_LAST = by_last(TITLE_SUFFIXES)


def plausible_name(cand: str, *, allow_common: bool = False) -> bool:
    """Surname + one or two given-name characters that are not function/office words."""
    if not is_cjk_run(cand):
        return False
    if cand[:2] in COMPOUND_SURNAMES:
        given = cand[2:]
    elif cand[0] in SURNAMES:
        given = cand[1:]
    else:
        return False
    if not 1 <= len(given) <= 2 or not GIVEN_NAME_BLACKLIST.isdisjoint(given):
        return False
    if len(cand) == 3 and cand[-1] in EVENT_ENDINGS and word_freq(cand[:2]) and not word_tag(cand[:2]).startswith("nr"):
        return False  # a festival, fair or match named by a word (丰收节, 龙舟赛, 展销会), not 李华节
    function_word_start = (
        len(cand) - len(given) == 1 and cand[0] in FUNCTION_SURNAMES and len(given) == 2 and word_freq(given) >= 100
    )
    # 向大家, 全部门 ...; with strong evidence a verb or noun given name passes (向前进)
    if function_word_start and (
        not allow_common or word_tag(given) not in ("v", "vn", "nr", "nz", "ns", "nrfg", "i", "l")
    ):
        return False
    # a common word (高度, 双方, 家中 ...) is not a name, unless what follows says it is (甘露要求, 黄山一行)
    freq = word_freq(cand)
    if freq >= 50 and word_tag(cand) not in ("nr", "nrfg", "nrt"):
        return allow_common and freq < 5000 and word_tag(cand) not in _NOT_NAME_TAGS
    return True


# Dictionary tags of words that cannot be names: place/direction/time words, pronouns, numbers ...
_NOT_NAME_TAGS = frozenset({"s", "f", "t", "m", "mq", "q", "r", "p", "c", "u", "d", "a", "an", "ad", "y", "e", "o"})


def name_at(
    text: str, s: int, known: dict[str, list[str]] | None = None, followers=follows_name, *, fallback: bool = False,
    words: Tokenizer | None = None,
) -> str | None:
    """The name starting at ``text[s]`` if there is one there, bounded by what may follow a name; the
    ``fallback`` asks ``words`` (the page's tokenizer) where a word ends."""
    if known:
        for name in known.get(text[s : s + 2], ()):
            if text.startswith(name, s) and followers(text[s + len(name) :]):
                return name
    if text[s : s + 2] in COMPOUND_SURNAMES:
        lengths = (4, 3)
    elif s < len(text) and text[s] in SURNAMES:
        lengths = (3, 2)
    else:
        return None
    options: list[str] = []
    for length in lengths:
        cand = text[s : s + length]
        if len(cand) != length or not followers(text[s + length :]):
            continue
        if plausible_name(cand) or (
            followers is follows_name and strongly_follows(text[s + length :]) and plausible_name(cand, allow_common=True)
        ):
            options.append(cand)
    if not options and fallback:
        options = _jieba_boundary_names(text, s, lengths, words or tokenizer())
    if not options:
        return None
    if len(options) == 2 and (
        text[s + len(options[1])] in SHORT_FOLLOWERS
        or text.startswith(_LONG_FOLLOWERS_BY_FIRST.get(text[s + len(options[1])], ()), s + len(options[1]))
    ):
        # 李华为表示 -> 李华; a name stops at its end: 书记易超针对 -> 易超 (针对), not 易超针 (对)
        return options[1]
    return options[0]


@lru_cache(maxsize=512)
def _boundaries(text: str, marks: re.Pattern[str]) -> list[int]:
    """Where the characters of the class ``marks`` stand in ``text``."""
    return [m.start() for m in marks.finditer(text)]


_CLAUSE_END_MARKS = re.compile(f"[{re.escape(_CLAUSE_END)}]")


def _jieba_boundary_names(text: str, s: int, lengths: tuple[int, ...], words: Tokenizer) -> list[str]:
    """After a title, with no known word following: a name where jieba puts a word boundary after it
    (网格员欧阳春梅像往常一样 -> 欧阳/春梅/像 ...), the longer first."""
    window = text[s : s + max(lengths) + 4]
    ends = set()
    pos = 0
    for tok in words.cut(window):
        pos += len(tok)
        ends.add(pos)
    out = []
    for length in lengths:
        cand = text[s : s + length]
        after = text[s + length :]
        if (
            length in ends
            and len(cand) == length
            and cand[0] not in FUNCTION_SURNAMES
            and plausible_name(cand)
            and after[:1] not in ("", "\n")
            and not after.startswith(_TITLES_BY_FIRST.get(after[:1], ()))
        ):
            out.append(cand)
    return out[:1]


# A clause longer than this is not prose (a list of a thousand names, text without punctuation): looking
# further for a title or a role word would only make a page's work grow with the square of its length.
MAX_CLAUSE = 200


def _clause_start(text: str, s: int) -> int:
    """Index after the last clause-ending mark before ``s`` (0 if none), at most MAX_CLAUSE back."""
    marks = _boundaries(text, _CLAUSE_END_MARKS)
    k = bisect_left(marks, s)
    return max(marks[k - 1] + 1 if k else 0, s - MAX_CLAUSE)


def _clause_end(text: str, e: int) -> int:
    """Index of the first clause-ending mark at or after ``e`` (the end of text if none), at most MAX_CLAUSE on."""
    marks = _boundaries(text, _CLAUSE_END_MARKS)
    k = bisect_left(marks, e)
    return min(marks[k] if k < len(marks) else len(text), e + MAX_CLAUSE)


def _ends_with_title(seg: str) -> bool:
    return seg.endswith(_TITLES_BY_LAST.get(seg[-1:], ()))


def title_before(text: str, s: int, name_ends: Sequence[int] = ()) -> str:
    """The title printed right before the name at ``s``: back to the clause start, over an enumeration
    of titles joined by 、, after the last verb or preposition or earlier name (``name_ends``: where the
    names found so far in ``text`` end, sorted)."""
    start = _clause_start(text, s)
    k = bisect_left(name_ends, s)
    if k and name_ends[k - 1] >= start:
        start = name_ends[k - 1]
    span = text[start:s]
    segs = span.split("、")
    keep = [segs[-1]]
    for seg in reversed(segs[:-1]):
        if _ends_with_title(seg):
            keep.insert(0, seg)
        else:
            break
    title = "、".join(keep)
    title = title[_last_end(_TITLE_BREAKER_RE, title) :]
    title = title[_TITLE_LEAD_RE.match(title).end() :]
    return title.strip("、 “”‘’\"'（）()")


_TITLES = frozenset(TITLE_SUFFIXES)
# The lengths of the titles ending on each two characters (every title has two or more), longest first: most
# places where a title's last character stands end no title, and one lookup says so.
_TITLE_LENGTHS_BY_END = {
    end: sorted({len(t) for t in _TITLES_BY_LAST[end[-1]] if t.endswith(end)}, reverse=True)
    for end in {t[-2:] for t in TITLE_SUFFIXES}
}


# A title's last character before a surname's first (where an anchor may end), and a 领导 before a list.
_TITLE_END_RE = re.compile("[" + "".join(sorted(_TITLES_BY_LAST)) + "](?=[" + "".join(sorted(_SURNAME_STARTS)) + "])")
_LEADERS_RE = re.compile("领导(?=[^，。、；：])")


def _anchors(text: str) -> list[tuple[int, str]]:
    """``(end, title)`` of each title a name can follow, left to right without overlap: a title with a surname
    next, or 领导 before anything but a mark (a list, whatever the surname); the longest at the first place,
    then on after it. Found from where titles end (fewer places than those where one may start)."""
    longest: dict[int, int] = {}  # where a title followed by a surname starts -> the end of the longest one
    for m in _TITLE_END_RE.finditer(text):
        end = m.end()
        for n in _TITLE_LENGTHS_BY_END.get(text[max(end - 2, 0) : end], ()):
            if n <= end and text[end - n : end] in _TITLES and longest.get(end - n, 0) < end:
                longest[end - n] = end
    leaders = {m.start(): m.end() for m in _LEADERS_RE.finditer(text)}  # 领导 before anything but a mark
    out: list[tuple[int, str]] = []
    pos = 0
    for start in sorted(longest.keys() | leaders.keys()):
        if start >= pos:
            pos = longest.get(start) or leaders[start]
            out.append((pos, text[start:pos]))
    return out


def _title_suffix(text: str) -> str:
    """The longest title ``text`` ends with ('' when none)."""
    for n in _TITLE_LENGTHS_BY_END.get(text[-2:], ()):
        if len(text) >= n and text[-n:] in _TITLES:
            return text[-n:]
    return ""


def organization_of(title: str) -> str:
    """The organization part of a title: ``郑州市委组织部组织三处副处长`` -> ``郑州市委组织部组织三处``."""
    first = title.split("、")[0].split("兼")[0]
    while suffix := _title_suffix(first):
        if len(first) == len(suffix):
            return ""
        first = first[: -len(suffix)]
    return first if len(first) >= 2 and first not in ("区", "市", "省", "县") else ""


def _role_for(text: str, m: Mention, name_ends: Iterable[int]) -> str | None:
    """The role a mention's clause gives (None: the person is the object of 会见/看望…)."""
    start = _clause_start(text, m.start)
    left = text[start : m.start]
    if _OBJECT_VERB_RE.search(left):
        return None
    # the first role word in the clause (no two of them start at the same place)
    first = _ROLE_WORD_RE.search(text, m.end, _clause_end(text, m.end))
    return _ROLES[first.group(0)] if first else ""


_OBJECT_VERB_RE = re.compile(alternation(OBJECT_VERBS))
_ROLE_WORD_RE = re.compile(alternation(word for word, _ in ROLE_WORDS))
_ROLES = dict(ROLE_WORDS)


class KnownPeople:
    """The known people handed to the parser, with what it asks about them made once: the names (the bylines'
    set), the journalists, and the index of the others' names. An import run hands one to every page: with
    thousands of confirmed people, making these again for each page cost more than the rest of its parse."""

    def __init__(self, people: Iterable[KnownPerson] = ()) -> None:
        self.people = tuple(people)
        by_name = {p.name: p for p in self.people if p.name and len(p.name) >= 2}  # the last of a name counts
        self.names = known_names(p.name for p in self.people)
        self.person_names = frozenset(by_name)
        self.journalists = frozenset(n for n, p in by_name.items() if p.is_journalist)
        self.index = _prefix_index(self.person_names - self.journalists)

    @classmethod
    def of(cls, people: Iterable[KnownPerson]) -> KnownPeople:
        """``people`` as KnownPeople (taken as it is when it is one)."""
        return people if isinstance(people, cls) else cls(people)

    def __iter__(self) -> Iterator[KnownPerson]:
        return iter(self.people)

    def __len__(self) -> int:
        return len(self.people)


class PeopleFinder:
    """Finds the people of one page's articles; names confirmed in one article help the next ones."""

    def __init__(
        self,
        known_people: Iterable[KnownPerson] = (),
        known_organizations: Iterable[str] = (),
        words: Tokenizer | None = None,
    ) -> None:
        known = KnownPeople.of(known_people)
        #: The page's tokenizer: by default, one that knows the names of ``known_people``.
        self.words = words or tokenizer(known.names)
        self.known = known.person_names
        self.journalists = known.journalists
        self.known_orgs = tuple(o for o in known_organizations if o)
        self.page_confirmed: dict[str, str] = {}  # name -> title on the page
        self._known_index = known.index
        self._org_like_seen: dict[tuple[str, int], bool] = {}

    # -- candidates -------------------------------------------------------------------------------

    def _org_like(self, name: str, body: str) -> bool:
        """Does ``name`` start an organization's or a place's name somewhere in ``body``? (Remembered per
        name for the body being searched: a name repeated a thousand times is looked at once.)"""
        key = (name, id(body))
        if key not in self._org_like_seen:
            self._org_like_seen[key] = self._org_like_uncached(name, body)
        return self._org_like_seen[key]

    def _org_like_uncached(self, name: str, body: str) -> bool:
        if any(name in org for org in self.known_orgs):
            return True
        i = body.find(name)
        while i >= 0:
            after = body[i + len(name) : i + len(name) + 6]
            if after.startswith(_TITLES_BY_FIRST.get(after[:1], ())):
                pass  # 周正县长, 何海涛县长: a title after the name, not a county of that name
            elif after.startswith(("集团", "公司", "大学", "学院", "科技", "股份", "实业", "电子", "银行", "医院",
                                 "区", "市", "县", "镇", "村", "路", "街", "省")):
                return True
            i = body.find(name, i + 1)
        return False

    def find(self, paragraphs: list[str], exclude: Iterable[str] = ()) -> list[ParsedPerson]:
        exclude = set(exclude) | self.journalists
        body = "\n".join(paragraphs)
        self._org_like_seen: dict[tuple[str, int], bool] = {}
        found: dict[str, _Person] = {}
        name_ends: dict[int, list[int]] = {}

        def add(name: str, pi: int, start: int, title: str = "") -> None:
            if name in exclude:
                return
            person = found.get(name)
            if person is None:
                person = found[name] = _Person(name=name)
            if (pi, start) < person.first:
                person.first = (pi, start)
            if title and not person.title:
                person.title = title
                person.organization = organization_of(title)
            insort(name_ends.setdefault(pi, []), start + len(name))

        for pi, text in enumerate(paragraphs):
            # 5. people in the database (common-word names need a name boundary)
            for name, start in _scan(text, self._known_index):
                if word_freq(name) >= 50 and not (follows_name(text[start + len(name) :])):
                    continue
                title = title_before(text, start, name_ends.get(pi, ())) if text.endswith(
                    _TITLES_BY_LAST.get(text[start - 1 : start], ()), 0, start) else ""
                add(name, pi, start, title)
            # 1. title-anchored, 2. lists after 区领导
            for s, anchor in _anchors(text):
                if s >= len(text):
                    continue
                name = name_at(text, s, self._known_index, fallback=True, words=self.words) or self._list_item(text, s, anchor)
                if not name:
                    continue
                title = title_before(text, s, name_ends.get(pi, ()))
                add(name, pi, s, title)
                self._leader_list(text, s + len(name), pi, title, add, lenient=anchor.endswith("领导"))
            # 2b. a list before 等领导: 张三、李四等区领导
            for m in _ETC_LEADERS_RE.finditer(text):
                self._list_before(text, m.start(), pi, m.group("title"), add)
            # 3. a title printed after the name: X是Y干部
            for m in _IS_SPLIT_RE.finditer(text):
                if not _ends_with_title(m.group("title")):
                    continue
                cs = _clause_start(text, m.start())
                cand = text[cs : m.start()]
                if 2 <= len(cand) <= 4 and plausible_name(cand) and not self._org_like(cand, body):
                    add(cand, pi, cs, m.group("title"))
            # 3b. a name printed before its title: 张红军书记强调, 李强总理指出
            for m in _names_then_titles(text):
                if not follows_name(text[m.end() :]):
                    continue  # what follows the title must be what follows a person (林志刚书记强调, 王海生主任带队)
                cand = m.group("name")
                for name in (cand, cand[1:]) if len(cand) == 4 and cand[:2] not in COMPOUND_SURNAMES else (cand,):
                    if (name in self.known or plausible_name(name)) and name[-1] not in _ORG_LAST_CHARS and not (
                        self._org_like(name, body)
                    ):
                        add(name, pi, m.start("name") + len(cand) - len(name), m.group("title"))
                        break
            for m in _LEADER_TITLE_RE.finditer(text):
                for length in (3, 2):
                    name = text[max(0, m.start() - length) : m.start()]
                    if len(name) == length and (name in self.known or plausible_name(name)) and (
                        name[-1] not in _ORG_LAST_CHARS and not self._org_like(name, body)
                    ):
                        add(name, pi, m.start() - length, m.group(0))
                        break
            # 4. a bare name + speech verb at a clause start
            # (the text's start, and after each mark: a regex with a first character to look for runs faster
            # than one matching an empty string at every place)
            clause_starts = [m.end() for m in _CLAUSE_MARK_RE.finditer(text)]
            if text[:1] in _SURNAME_STARTS:
                clause_starts.insert(0, 0)
            for s in clause_starts:
                if s >= len(text) or (text[s] not in SURNAMES and text[s : s + 2] not in COMPOUND_SURNAMES):
                    continue
                if text[s : s + 2] not in self._known_index and not (
                    text[s + 2 : s + 3] in _SPEECH_VERBS_BY_FIRST or text[s + 3 : s + 4] in _SPEECH_VERBS_BY_FIRST
                    or text[s + 4 : s + 5] in _SPEECH_VERBS_BY_FIRST
                ):
                    continue  # no known name here and no speech verb after two to four characters: no name found
                name = name_at(text, s, self._known_index, followers=_follows_speech, words=self.words)
                if not name or name in found:
                    continue
                freq = word_freq(name)
                if name not in self.known and name not in self.page_confirmed and (
                    freq >= 50
                    or (freq and not word_tag(name).startswith("nr"))
                    or self._org_like(name, body)
                    or any(word_freq(text[s : s + k]) >= 5 for k in (len(name) + 1, len(name) + 2))
                ):
                    continue
                add(name, pi, s, "")

        # propagation: names confirmed on this page are people wherever they stand in this article
        for name in self.page_confirmed:
            if name not in found and name not in exclude:
                if name not in body:
                    continue  # in no paragraph (each is a piece of the body)
                for pi, text in enumerate(paragraphs):
                    i = text.find(name)
                    if i >= 0:
                        add(name, pi, i, "")
                        break

        # names that are only part of a longer found name (张红 inside 张红军) go
        for name in list(found):
            if any(name != other and name in other for other in found) and not _stands_alone(
                name, [o for o in found if o != name and name in o], paragraphs
            ):
                del found[name]

        # every mention, for roles
        names = sorted(found, key=len, reverse=True)
        for pi, text in enumerate(paragraphs):
            # disjoint spans, sorted: a span overlaps [i, j) only if the last one starting before j ends after i
            starts: list[int] = []
            ends: list[int] = []
            for name in names:
                i = text.find(name)
                while i >= 0:
                    j = i + len(name)
                    k = bisect_left(starts, j)
                    if not (k and ends[k - 1] > i):
                        starts.insert(k, i)
                        ends.insert(k, j)
                        found[name].mentions.append(Mention(pi, i, j, name))
                    i = text.find(name, j)
        people: list[ParsedPerson] = []
        for person in sorted(found.values(), key=lambda p: p.first):
            role = ""
            for mention in sorted(person.mentions, key=lambda mm: (mm.para, mm.start)):
                r = _role_for(paragraphs[mention.para], mention, ())
                if r:
                    role = r
                    break
            people.append(ParsedPerson(person.name, person.title, role, person.organization))
            self.page_confirmed.setdefault(person.name, person.title)
        return people

    def _list_before(self, text: str, end: int, pi: int, title: str, add) -> None:
        start = _clause_start(text, end)
        items = text[start:end].split("、")
        pos = end
        found: list[tuple[str, int]] = []
        for item in reversed(items):
            pos -= len(item)
            if not self._list_name(item):
                # the list's first name may follow a conjunction (以及杭国庆、鞠晓燕等县领导): the list starts there
                lead = _LIST_CONNECTOR_RE.match(item)
                if lead and self._list_name(item[lead.end() :]):
                    found.append((item[lead.end() :], pos + lead.end()))
                break
            found.append((item, pos))
            pos -= 1
        for name, at in reversed(found):
            add(name, pi, at, title)

    def _list_name(self, item: str) -> bool:
        return 2 <= len(item) <= 4 and (item in self.known or plausible_name(item))

    def _list_item(self, text: str, pos: int, title_word: str) -> str | None:
        """In a list after 区领导 (or another title), an item of 2-3 characters between 、 is a name
        whatever its surname: 县领导寄国庆、邵俊、马丽出席."""
        if not title_word.endswith("领导") and text[pos - len(title_word) - 1 : pos - len(title_word)] != "、":
            return None
        for length in (3, 2):
            cand = text[pos : pos + length]
            after = text[pos + length : pos + length + 1]
            if (
                len(cand) == length
                and is_cjk_run(cand)
                and after == "、"
                and not any(ch in GIVEN_NAME_BLACKLIST for ch in cand)
                and word_freq(cand) < 50
            ):
                return cand
        return None

    def _leader_list(self, text: str, pos: int, pi: int, title: str, add, *, lenient: bool = True) -> None:
        if text[pos : pos + 1] not in ("、", "和", "及", "与") or (not lenient and text[pos : pos + 1] != "、"):
            return
        while pos < len(text) and text[pos] in "、和及与":
            pos += 1
            name = name_at(text, pos, self._known_index, words=self.words)
            if not name and lenient:
                name = self._list_item(text, pos, "领导")
                if not name:
                    after_ok = [
                        text[pos : pos + k]
                        for k in (3, 2)
                        if is_cjk_run(text[pos : pos + k])
                        and follows_name(text[pos + k :])
                        and not any(ch in GIVEN_NAME_BLACKLIST for ch in text[pos : pos + k])
                        and word_freq(text[pos : pos + k]) < 50
                    ]
                    name = after_ok[0] if after_ok else None
            if not name:
                return
            add(name, pi, pos, title)
            pos += len(name)


def _follows_speech(after: str) -> bool:
    return after.startswith(_SPEECH_VERBS_BY_FIRST.get(after[:1], ()))


def _stands_alone(name: str, longer: list[str], paragraphs: list[str]) -> bool:
    for text in paragraphs:
        i = text.find(name)
        while i >= 0:
            if not any(text.startswith(o, j) for o in longer for j in range(max(0, i - 3), i + 1)):
                return True
            i = text.find(name, i + 1)
    return False


def _prefix_index(names: Iterable[str]) -> dict[str, list[str]]:
    """The names by their first two characters, longest first."""
    index: dict[str, list[str]] = {}
    for name in names:
        if len(name) >= 2:
            index.setdefault(name[:2], []).append(name)
    for lst in index.values():
        lst.sort(key=len, reverse=True)
    return index


def _scan(text: str, index: dict[str, list[str]]) -> list[tuple[str, int]]:
    """Occurrences of indexed names in ``text`` (longest first, no overlaps)."""
    out: list[tuple[str, int]] = []
    if not index:
        return out
    i, n = 0, len(text)
    while i < n - 1:
        names = index.get(text[i : i + 2])
        if names:
            for name in names:
                if text.startswith(name, i):
                    out.append((name, i))
                    i += len(name) - 1
                    break
        i += 1
    return out


# ---------------------------------------------------------------------------------------------------
# Organizations


def find_organizations(
    paragraphs: list[str],
    known_organizations: Iterable[str] = (),
    people: Iterable[str] = (),
) -> list[str]:
    """Organizations named in the text, full names preferred, titles stripped, in order of appearance."""
    found: list[tuple[int, int, str]] = []
    people = [p for p in people if p]
    known = [o for o in known_organizations if o]
    for pi, text in enumerate(paragraphs):
        last_end = 0
        for m in _ORG_RE.finditer(text):
            suffix = m.group(0)
            if text.startswith(_TITLES_BY_FIRST.get(suffix[0], ()), m.start()) and len(suffix) <= 2:
                continue  # 局长, 部长, 所长: a title, not an organization
            nxt = text[m.end() : m.end() + 1]
            if nxt and nxt in _ORG_BAD_NEXT.get(suffix, ""):
                continue
            if text[m.start() - 1 : m.start()] in _ORG_BAD_PREV.get(suffix, ""):
                continue
            if suffix in ("所", "中心") and text[m.start() - 1 : m.start()] == "场":
                continue
            a = m.start()
            left_limit = max(_clause_start_org(text, a), last_end)
            left = text[left_limit:a]
            cut = _last_end(_ORG_BREAKER_RE, left)
            for name in people:
                i = left.rfind(name)
                if i >= 0:
                    cut = max(cut, i + len(name))
            cut = max(cut, _last_end(_TITLE_RE, left))
            prefix = left[cut:]
            if not (found and found[-1][0] == pi and found[-1][1] == a - len(prefix) and cut == 0):
                prefix = _ORG_LEAD_RE.sub("", prefix, count=1)
            cand = prefix + suffix
            # a chain: X大学Y研究院 stays one name; X集团Y公司 are two, and a department after a company
            # (投资发展部) is not an organization of its own
            prev = found[-1] if found and found[-1][0] == pi and found[-1][1] == a - len(prefix) else None
            if prev is not None and cut == 0 and left_limit == last_end:
                if not prefix or not prev[2].endswith(_ORG_SPLIT_AFTER):
                    found[-1] = (pi, m.end(), prev[2] + cand)
                    last_end = m.end()
                    continue
                if suffix in _DEPARTMENT_SUFFIXES:
                    last_end = m.end()
                    continue
            last_end = m.end()
            if not _good_org(cand, suffix):
                continue
            found.append((pi, m.end(), cand))
    names: list[str] = []
    for _, _, cand in found:
        if cand not in names:
            names.append(cand)
    body = "\n".join(paragraphs)
    for org in known:
        if org in body and org not in names:
            names.append(org)
    # prefer full names: drop a name that is part of a longer one
    return [n for n in names if not any(n != o and n in o for o in names)]


_ORG_BOUNDS = _CLAUSE_END + "、“”（）()《》 "
_ORG_BOUND_MARKS = re.compile(f"[{re.escape(_ORG_BOUNDS)}]")


def _clause_start_org(text: str, a: int) -> int:
    marks = _boundaries(text, _ORG_BOUND_MARKS)
    k = bisect_left(marks, a)
    return max(marks[k - 1] + 1 if k else 0, a - MAX_CLAUSE)


_ORG_CHARS_RE = re.compile(f"[{CJK}（）()]+")


# Function words glued to the front of an organization's name: 并经工信部, 还向市商务局 ...
_ORG_LEAD_RE = re.compile(r"^(?:并经|经过|通过|并|又|还|也|均|已|即|再|同|向|对|为|在|由|从|据|经(?![济营贸典理纬销]))")
_COUNTED_RE = re.compile(r"[\d０-９]|[一二三四五六七八九十几多数两][个位名项次家所]")


def _good_org(cand: str, suffix: str) -> bool:
    prefix = cand[: -len(suffix)]
    if len(prefix) < 2 or cand in GENERIC_ORGS or cand.startswith(ORG_BAD_PREFIXES):
        return False
    if _COUNTED_RE.search(cand):
        return False  # 5个办事处
    if not _ORG_CHARS_RE.fullmatch(cand):
        return False
    return not (suffix in ("所", "站", "馆", "厅") and len(prefix) < 2)


# ---------------------------------------------------------------------------------------------------
# Meetings


_MEETING_NAMES = (
    r"(?:座谈会|研讨会|推进会|汇报会|评议会|动员会|部署会|工作会|交流会|洽谈会|培训会|见面会|发布会|现场会|调度会|"
    r"联席会议|会议|大会|论坛|峰会|博览会)"
)
_MEETING_SUBJECT_RE = re.compile(
    rf"(?:^|(?<=[，。；：！？]))(?:\d{{1,2}}月\d{{1,2}}日(?:至\d{{1,2}}(?:月\d{{1,2}})?日)?(?:上午|下午|晚上)?，)?"
    rf"(?P<name>[^，。；：！？、]{{4,60}}?{_MEETING_NAMES})(?:在[^，。；]{{1,20}}?)?(?:隆重|胜利)?(?:召开|开幕|举行|闭幕)"
)
_NUMBERED_SESSION_RE = re.compile(r"^第[一二三四五六七八九十\d]+次(?:全体|扩大)?会议$")
_MEETING_BODY_RE = re.compile(
    r"[\u4e00-\u9fff]{2,30}?(?:主席团|常委会|常务委员会|委员会|党组|党委|党工委|政府|管委会|理事会|代表大会)$"
)


# Who chaired it: 会议由区委书记张红军主持.
_CHAIRED_BY_RE = re.compile(r"(?:会议|会|活动|座谈会|仪式)由(?P<title>[^，。；]{0,40}?)(?P<name>[^，。；]{2,4})主持")
_MEETING_LEAD_RE = re.compile(r"^(?:了|一场|一次|本次|此次)")


def _meeting_kind(name: str) -> str:
    if name.endswith("座谈会"):
        return "座谈"
    if name.endswith(("活动", "仪式", "典礼", "博览会", "培训班")):
        return "活动"
    return "会议"


def find_meetings(paragraphs: list[str], people: list[ParsedPerson]) -> list[ParsedMeeting]:
    """Named meetings the article reports (召开/举行 …会 in the lead) with their chair (who 主持 it)."""
    meetings: list[ParsedMeeting] = []
    body = "\n".join(paragraphs)
    chair = ""
    m = _CHAIRED_BY_RE.search(body) if "主持" in body else None
    names = [p.name for p in people]
    if m:
        for name in names:
            if m.group(0).find(name + "主持") >= 0:
                chair = name
                break
    if not chair:
        chair = next((p.name for p in people if p.role == "主持"), "")
    for text in paragraphs[:1]:
        # (each pattern only where its verb is)
        found = [(mm.start(), mm.group("name")) for mm in _MEETING_RE.finditer(text)] if any(
            v in text for v in ("召开", "举行", "举办")) else []
        # the meeting as the subject: 区第十二届人民代表大会第三次会议召开 / 开幕
        if any(v in text for v in ("召开", "开幕", "举行", "闭幕")):
            found += [(mm.start(), mm.group("name")) for mm in _MEETING_SUBJECT_RE.finditer(text)]
        for start, raw_name in sorted(found):
            name = raw_name.lstrip("了")
            name = _MEETING_LEAD_RE.sub("", name)
            if _NUMBERED_SESSION_RE.match(name):
                # 区政协十届二次会议主席团召开第四次会议: the body that met names it in full
                subject = text[_clause_start(text, start) : start]
                body_name = _MEETING_BODY_RE.search(subject)
                if body_name:
                    name = body_name.group(0) + name
            if len(name) < 4 or name in ("会议", "大会", "活动") or any(n in name for n in names):
                continue
            if any(mt.name == name for mt in meetings):
                continue
            meetings.append(ParsedMeeting(name=name, kind=_meeting_kind(name), chair=chair))
    return meetings
