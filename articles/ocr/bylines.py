"""Bylines: who wrote, photographed and reported an article.

Closing bylines stand on lines of their own (``记者 孙庆辉 文/图``, ``通讯员 王彦凯 邵泳淇``); opening ones
sit in brackets after 本报讯 (``本报讯（记者 李明 通讯员 王芳）``). Names may run together
(``通讯员戴忠祥邱新玲``): they are split with the surname table and the names already known.
Byline names are taken from the byline's structure, whatever their surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import COMPOUND_SURNAMES, GIVEN_NAME_BLACKLIST, SURNAMES, WEAK_SURNAMES, alternation, is_cjk_run
from .types import (
    ROLE_CORRESPONDENT,
    ROLE_PHOTOGRAPHER,
    ROLE_REPORTER,
    ROLE_WRITER,
    ROLE_WRITER_PHOTOGRAPHER,
    ParsedCredit,
)

# Role words, longest first. A role word standing before names sets their role.
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("本报全媒体记者", ROLE_REPORTER),
    ("本报融媒体记者", ROLE_REPORTER),
    ("本报特约记者", ROLE_REPORTER),
    ("全媒体记者", ROLE_REPORTER),
    ("本报首席记者", ROLE_REPORTER),
    ("融媒体记者", ROLE_REPORTER),
    ("本报记者", ROLE_REPORTER),
    ("特约记者", ROLE_REPORTER),
    ("首席记者", ROLE_REPORTER),
    ("见习记者", ROLE_REPORTER),
    ("实习记者", ROLE_REPORTER),
    ("摄影记者", ROLE_PHOTOGRAPHER),
    ("特约通讯员", ROLE_CORRESPONDENT),
    ("通讯员", ROLE_CORRESPONDENT),
    ("实习生", ROLE_CORRESPONDENT),
    ("记者", ROLE_REPORTER),
    ("文/图", ROLE_WRITER_PHOTOGRAPHER),
    ("图/文", ROLE_WRITER_PHOTOGRAPHER),
    ("图文", ROLE_WRITER_PHOTOGRAPHER),
    ("摄影", ROLE_PHOTOGRAPHER),
    ("供图", ROLE_PHOTOGRAPHER),
    ("文字", ROLE_WRITER),
    ("图片", ROLE_PHOTOGRAPHER),
    ("文", ROLE_WRITER),
    ("图", ROLE_PHOTOGRAPHER),
    ("摄", ROLE_PHOTOGRAPHER),
)
_ROLE_MAP = dict(_ROLE_WORDS)
# Role words that may be glued to the names that follow them (记者张三, 通讯员李四).
_GLUED_PREFIXES = tuple(w for w, _ in _ROLE_WORDS if len(w) >= 2 and w not in ("图文", "供图"))
# Words printed after names: 孙庆辉 文/图, 张三 摄; they apply to every name since the last of them
# (记者 甲 通讯员 乙 摄: both took the picture).
_POSTFIX_ROLES = {"文/图": ROLE_WRITER_PHOTOGRAPHER, "图/文": ROLE_WRITER_PHOTOGRAPHER, "摄": ROLE_PHOTOGRAPHER,
                  "供图": ROLE_PHOTOGRAPHER}
# Role words that follow names printed without a role in front (甲/文 乙/图, 张三 摄影); before names they
# are the usual prefix (文/甲 图/乙, 摄影 李四).
_POSTFIX_IF_BARE = {"文": ROLE_WRITER, "图": ROLE_PHOTOGRAPHER, "摄影": ROLE_PHOTOGRAPHER, "文字": ROLE_WRITER,
                    "图片": ROLE_PHOTOGRAPHER}
_NOISE = frozenset({"报道", "报导", "讯", "本报讯", "整理", "通讯"})
# Role words that may be glued after a name (张三摄, 李四文/图).
_GLUED_POSTFIXES = ("文/图", "图/文", "摄")

_SEP_RE = re.compile(r"[\s、，,；;：:|｜·•/]+")
_SLASH_RE = re.compile(r"\s*[/／]\s*")
_BRACKET_RE = re.compile(r"[（）()【】\[\]]")


# A role word of two or more characters glued to the names around it, as OCR reads a byline (it reads no
# spaces): 记者赵亮通讯员孙华 is 记者 赵亮 通讯员 孙华. Longest first, so 本报记者 is not 本报 + 记者. Captured:
# split by it and joined with spaces, the text has a space on each side of every role word.
_GLUED_ROLE_RE = re.compile(f"({alternation(_GLUED_PREFIXES)})")


def _normalise(text: str) -> str:
    text = _SLASH_RE.sub("/", _BRACKET_RE.sub(" ", text))
    text = " ".join(_GLUED_ROLE_RE.split(text))
    # keep 文/图 and 图/文 intact, turn other slashes into separators
    text = text.replace("文/图", "\x01").replace("图/文", "\x02")
    text = text.replace("/", " ")
    return text.replace("\x01", " 文/图 ").replace("\x02", " 图/文 ")


_TOKEN_SEP_RE = re.compile(r"[\s、，,；;：:|｜·•]+")


def _tokens(text: str) -> list[str]:
    return [tok for tok in _TOKEN_SEP_RE.split(_normalise(text)) if tok]


def known_names(known: Iterable[str]) -> frozenset[str]:
    """``known`` as a set of names, without empty ones (a set that has none is taken as it is). Callers make the
    set once (an import run's ``KnownPeople`` holds it; it may have thousands of confirmed people) and pass it
    down: each function making its own would cost a pass over them, and the splitter's memos, keyed by it,
    compare the same object at once."""
    if isinstance(known, frozenset) and "" not in known:
        return known
    return frozenset(k for k in known if k)


def split_names(token: str, known: Iterable[str] = ()) -> list[str]:
    """Split names printed without separators (``戴忠祥邱新玲`` -> 戴忠祥, 邱新玲).

    Every piece is a known name, or two to three characters starting with a surname (three to four
    with a compound surname). Among the possible splits the best scored wins: known names first, then
    common (not "weak") surnames, then fewer pieces. A token that cannot be split is returned whole.
    """
    token = token.strip()
    if len(token) <= 3:
        return [token] if token else []
    known_set = known_names(known)
    if token in known_set:
        return [token]
    if len(token) == 4 and token[:2] in COMPOUND_SURNAMES:
        return [token]
    n = len(token)
    # best[i] = (score, pieces) for token[:i]
    best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        base_score, base_pieces = best[i]
        for length in (2, 3, 4):
            j = i + length
            if j > n:
                break
            piece = token[i:j]
            score = _piece_score(piece, known_set)
            if score is None:
                continue
            cand = (base_score + score, [*base_pieces, piece])
            if best[j] is None or cand[0] > best[j][0]:
                best[j] = cand
    if best[n] is None:
        return [token]
    return best[n][1]


def _piece_score(piece: str, known: frozenset[str]) -> float | None:
    if piece in known:
        return 10.0
    if piece[:2] in COMPOUND_SURNAMES and len(piece) in (3, 4):
        return 5.0
    if len(piece) in (2, 3) and piece[0] in SURNAMES:
        return 1.0 + (2.0 if piece[0] not in WEAK_SURNAMES else 0.0)
    return None


_BARE_CREDIT_RE = re.compile(r"^\s*[（(]\s*([\u4e00-\u9fff][\u4e00-\u9fff\s、，,]{0,24}?)\s*[）)]\s*$")


def bare_credit(text: str, known: Iterable[str] = ()) -> list[str]:
    """The names of a credit printed in brackets with no role word (``（孙丽）``, ``（李强 张伟）``), as short items
    of a 简讯 column end; ``[]`` when the bracket holds anything but names (``（完）``, ``（区委宣传部）``). Where such
    a bracket is a credit (at the very end of an item) is for the splitter to say."""
    m = _BARE_CREDIT_RE.match(text)
    if not m:
        return []
    known = known_names(known)
    names: list[str] = []
    for tok in re.split(r"[\s、，,]+", m.group(1)):
        names.extend(split_names(tok, known) if len(tok) > 3 else [tok])
    return names if names and all(_bare_name(n, known) for n in names) else []


def _bare_name(name: str, known: frozenset[str]) -> bool:
    """A surname and one or two given-name characters that are not office or function words (区委 is not)."""
    if name in known:
        return True
    if name[:2] in COMPOUND_SURNAMES:
        given = name[2:]
    elif name[:1] in SURNAMES:
        given = name[1:]
    else:
        return False
    # (摄 too: 张三摄 is a photo credit run together, not a name)
    return 1 <= len(given) <= 2 and is_cjk_run(given) and not any(
        ch in GIVEN_NAME_BLACKLIST or ch == "摄" for ch in given
    )


def parse_credits(text: str, known: Iterable[str] = ()) -> list[ParsedCredit]:
    """Credits in one byline text (a closing byline line, or the inside of 本报讯（…）).

    Prefix roles (记者 甲 通讯员 乙, 文字：甲 图片：乙, 文/甲 图/乙) and postfix ones (甲/文 乙/图, 张三/摄,
    记者 甲 通讯员 乙 摄); names split by spaces, 、 or ，; a bracket of names alone (``（孙丽）``) credits its
    reporters. Returns ``[]`` when the text is not a byline (no role word, or a word that is not a name).
    """
    known = known_names(known)
    if names := bare_credit(text, known):
        return [ParsedCredit(name=name, role=ROLE_REPORTER) for name in names]
    role: str | None = None
    credits: list[ParsedCredit] = []
    pending: list[ParsedCredit] = []  # names since the last postfix word, for a postfix 文/图 or 摄
    for tok in _tokens(text):
        if tok in _NOISE:
            continue
        if tok in _POSTFIX_IF_BARE and (bare := [c for c in pending if not c.role]):
            for credit in bare:
                credit.role = _POSTFIX_IF_BARE[tok]
            pending, role = [], None
            continue
        if tok in _POSTFIX_ROLES and pending:
            _apply_postfix(pending, _POSTFIX_ROLES[tok])
            pending, role = [], None
            continue
        if tok in _ROLE_MAP:
            new_role = _ROLE_MAP[tok]
            if role in (ROLE_WRITER_PHOTOGRAPHER, ROLE_PHOTOGRAPHER) and not pending and new_role == ROLE_REPORTER:
                # 文/图 记者 X: X wrote and photographed; 图 记者 X: the reporter's photo
                role = ROLE_WRITER_PHOTOGRAPHER
            else:
                role = new_role
            continue
        glued = None
        if tok.startswith(_GLUED_PREFIXES):  # (asked of all at once first: most tokens are names)
            glued = next((p for p in _GLUED_PREFIXES if tok.startswith(p) and len(tok) > len(p)), None)
        if glued:
            role = _ROLE_MAP[glued]
            tok = tok[len(glued) :]
        # 张三摄 / 李四文/图 glued postfix
        postfix = None
        if tok.endswith(_GLUED_POSTFIXES):
            postfix = next((p for p in _GLUED_POSTFIXES if tok.endswith(p) and len(tok) > len(p) + 1), None)
        if postfix:
            tok = tok[: -len(postfix)]
        if not is_cjk_run(tok) or len(tok) < 2:
            return []
        names = split_names(tok, known) if len(tok) > 3 else [tok]
        if any(len(name) > 4 for name in names):
            return []
        for name in names:
            credit = ParsedCredit(name=name, role=role or "")
            credits.append(credit)
            pending.append(credit)
        if postfix:
            _apply_postfix(pending, _POSTFIX_ROLES[postfix] if postfix != "图/文" else ROLE_WRITER_PHOTOGRAPHER)
            pending = []
    if any(not c.role for c in credits):
        return []  # names with no role word before or after them: not a byline
    return credits


def _apply_postfix(credits: list[ParsedCredit], new_role: str) -> None:
    for credit in credits:
        if credit.role in (ROLE_REPORTER, ROLE_WRITER) and new_role == ROLE_PHOTOGRAPHER:
            credit.role = ROLE_WRITER_PHOTOGRAPHER  # 记者 赵敏 摄: the reporter's own picture
        elif credit.role != ROLE_WRITER_PHOTOGRAPHER:
            credit.role = new_role


_LINE_START_RE = re.compile(
    r"^[（(【\[]?\s*(?:本报|特约|首席|全媒体|融媒体|本报全媒体|本报融媒体|见习|实习|摄影)?"
    r"(?:记者|通讯员|实习生|文\s*[/／]\s*图|图\s*[/／]\s*文|摄影|图文|供图|文字\s*[：:]|图片\s*[：:]|[文图摄]\s*[/／：:])"
)
# Names first, their role after: 张三/摄, 甲/文 乙/图, 张三 李四 摄
_NAME_FIRST_RE = re.compile(
    r"^[（(]?\s*[\u4e00-\u9fff]{2,4}(?:\s*[、，,\s]\s*[\u4e00-\u9fff]{2,4})*\s*(?:[/／]\s*[文图摄]|\s摄影?\s*[）)]?$|摄\s*[）)]?$)"
)
_SURNAME_CHARS = SURNAMES | {c[0] for c in COMPOUND_SURNAMES}


def is_byline_line(line: str, known: Iterable[str] = ()) -> bool:
    """Is this whole (raw) line a byline: starts with a role word, and the rest is names and roles?"""
    line = line.strip()
    if not line or len(line) > 48 or not (_LINE_START_RE.match(line) or _NAME_FIRST_RE.match(line)):
        return False
    if any(p in line for p in "。！？；"):
        return False
    credits = parse_credits(line, known)
    if "，" in line:  # names split by ，: only real names, not a clause (记者了解到，今年…)
        known_set = known_names(known)
        return bool(credits) and all(c.name in known_set or c.name[0] in _SURNAME_CHARS for c in credits)
    return bool(credits)


def is_photo_credit(line: str, known: Iterable[str] = ()) -> bool:
    """A byline line that credits a photograph (记者 张三 摄, 张三/摄, 通讯员 李四 摄, 摄影 王五)."""
    line = line.strip()
    if not any(w in line for w in ("摄", "图")):
        return False
    return is_byline_line(line, known) and any(
        c.role in (ROLE_PHOTOGRAPHER, ROLE_WRITER_PHOTOGRAPHER) for c in parse_credits(line, known)
    )


def merge_credits(*groups: Iterable[ParsedCredit]) -> list[ParsedCredit]:
    """All credits, each name once (its first role wins)."""
    seen: dict[str, ParsedCredit] = {}
    for group in groups:
        for credit in group:
            if credit.name not in seen:
                seen[credit.name] = ParsedCredit(credit.name, credit.role)
    return list(seen.values())
