"""Bylines: who wrote, photographed and reported an article.

Closing bylines stand on lines of their own (``记者 孙庆辉 文/图``, ``通讯员 王彦凯 邵泳淇``); opening ones
sit in brackets after 本报讯 (``本报讯（记者 李明 通讯员 王芳）``). Names may run together
(``通讯员戴忠祥邱新玲``): they are split with the surname table and the names already known.
Byline names are taken from the byline's structure, whatever their surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import COMPOUND_SURNAMES, SURNAMES, WEAK_SURNAMES, is_cjk
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
    ("本报特约记者", ROLE_REPORTER),
    ("本报首席记者", ROLE_REPORTER),
    ("融媒体记者", ROLE_REPORTER),
    ("本报记者", ROLE_REPORTER),
    ("特约记者", ROLE_REPORTER),
    ("首席记者", ROLE_REPORTER),
    ("见习记者", ROLE_REPORTER),
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
    ("文", ROLE_WRITER),
    ("图", ROLE_PHOTOGRAPHER),
    ("摄", ROLE_PHOTOGRAPHER),
)
_ROLE_MAP = dict(_ROLE_WORDS)
# Role words that may be glued to the names that follow them (记者张三, 通讯员李四).
_GLUED_PREFIXES = tuple(w for w, _ in _ROLE_WORDS if len(w) >= 2 and w not in ("图文", "供图"))
# Words printed after names: 孙庆辉 文/图, 张三 摄.
_POSTFIX_ROLES = {"文/图": ROLE_WRITER_PHOTOGRAPHER, "图/文": ROLE_WRITER_PHOTOGRAPHER, "摄": ROLE_PHOTOGRAPHER,
                  "供图": ROLE_PHOTOGRAPHER, "图": ROLE_PHOTOGRAPHER}
_NOISE = frozenset({"报道", "报导", "讯", "本报讯", "整理", "通讯"})

_SEP_RE = re.compile(r"[\s、，,；;：:|｜·•/]+")
_SLASH_RE = re.compile(r"\s*[/／]\s*")
_BRACKETS = str.maketrans({"（": " ", "）": " ", "(": " ", ")": " ", "【": " ", "】": " ", "[": " ", "]": " "})


def _normalise(text: str) -> str:
    text = _SLASH_RE.sub("/", text.translate(_BRACKETS))
    # keep 文/图 and 图/文 intact, turn other slashes into separators
    text = text.replace("文/图", "\x01").replace("图/文", "\x02")
    text = text.replace("/", " ")
    return text.replace("\x01", " 文/图 ").replace("\x02", " 图/文 ")


def _tokens(text: str) -> list[str]:
    text = _normalise(text)
    out: list[str] = []
    for tok in re.split(r"[\s、，,；;：:|｜·•]+", text):
        if tok:
            out.append(tok)
    return out


def _is_name_chars(tok: str) -> bool:
    return all(is_cjk(ch) for ch in tok)


def split_names(token: str, known: Iterable[str] = ()) -> list[str]:
    """Split names printed without separators (``戴忠祥邱新玲`` -> 戴忠祥, 邱新玲).

    Every piece is a known name, or two to three characters starting with a surname (three to four
    with a compound surname). Among the possible splits the best scored wins: known names first, then
    common (not "weak") surnames, then fewer pieces. A token that cannot be split is returned whole.
    """
    token = token.strip()
    if len(token) <= 3:
        return [token] if token else []
    known_set = {k for k in known if k}
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


def _piece_score(piece: str, known: set[str]) -> float | None:
    if piece in known:
        return 10.0
    if piece[:2] in COMPOUND_SURNAMES and len(piece) in (3, 4):
        return 5.0
    if len(piece) in (2, 3) and piece[0] in SURNAMES:
        return 1.0 + (2.0 if piece[0] not in WEAK_SURNAMES else 0.0)
    return None


def parse_credits(text: str, known: Iterable[str] = ()) -> list[ParsedCredit]:
    """Credits in one byline text (a closing byline line, or the inside of 本报讯（…）).

    Returns ``[]`` when the text is not a byline (no role word, or a word that is not a name).
    """
    known = tuple(known)
    role: str | None = None
    credits: list[ParsedCredit] = []
    pending: list[ParsedCredit] = []  # names since the last role word, for a postfix 文/图 or 摄
    for tok in _tokens(text):
        if tok in _NOISE:
            continue
        if tok in _POSTFIX_ROLES and pending:
            new_role = _POSTFIX_ROLES[tok]
            for credit in pending:
                if credit.role == ROLE_REPORTER and new_role == ROLE_PHOTOGRAPHER:
                    credit.role = ROLE_WRITER_PHOTOGRAPHER
                elif credit.role != ROLE_WRITER_PHOTOGRAPHER:
                    credit.role = new_role
            pending = []
            role = None
            continue
        if tok in _ROLE_MAP:
            new_role = _ROLE_MAP[tok]
            if role in (ROLE_WRITER_PHOTOGRAPHER, ROLE_PHOTOGRAPHER) and not pending and new_role == ROLE_REPORTER:
                # 文/图 记者 X: X wrote and photographed; 图 记者 X: the reporter's photo
                role = ROLE_WRITER_PHOTOGRAPHER
            else:
                role = new_role
            pending = []
            continue
        glued = next((p for p in _GLUED_PREFIXES if tok.startswith(p) and len(tok) > len(p)), None)
        if glued:
            role = _ROLE_MAP[glued]
            pending = []
            tok = tok[len(glued) :]
        # 张三摄 / 李四文/图 glued postfix
        postfix = next((p for p in ("文/图", "图/文", "摄") if tok.endswith(p) and len(tok) > len(p) + 1), None)
        if postfix:
            tok = tok[: -len(postfix)]
        if role is None or not _is_name_chars(tok) or len(tok) < 2:
            return []
        names = split_names(tok, known) if len(tok) > 3 else [tok]
        if any(len(name) > 4 for name in names):
            return []
        for name in names:
            credit = ParsedCredit(name=name, role=role)
            credits.append(credit)
            pending.append(credit)
        if postfix:
            for credit in pending:
                credit.role = (
                    ROLE_WRITER_PHOTOGRAPHER
                    if credit.role in (ROLE_REPORTER, ROLE_WRITER) or postfix != "摄"
                    else ROLE_PHOTOGRAPHER
                )
            pending = []
    return credits


_LINE_START_RE = re.compile(
    r"^[（(【\[]?\s*(?:本报|特约|首席|融媒体|见习|摄影)?(?:记者|通讯员|实习生|文\s*[/／]\s*图|图\s*[/／]\s*文|摄影|图文|供图)"
)


def is_byline_line(line: str, known: Iterable[str] = ()) -> bool:
    """Is this whole (raw) line a byline: starts with a role word, and the rest is names and roles?"""
    line = line.strip()
    if not line or len(line) > 48 or not _LINE_START_RE.match(line):
        return False
    if any(p in line for p in "。，！？；"):
        return False
    return bool(parse_credits(line, known))


def merge_credits(*groups: Iterable[ParsedCredit]) -> list[ParsedCredit]:
    """All credits, each name once (its first role wins)."""
    seen: dict[str, ParsedCredit] = {}
    for group in groups:
        for credit in group:
            if credit.name not in seen:
                seen[credit.name] = ParsedCredit(credit.name, credit.role)
    return list(seen.values())
