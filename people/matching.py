"""Deciding whether a name printed in an article is a person we already know: pure functions, no ORM.

Two people may share a name (two 李平). A printed name is matched to a known person only when the title
printed with it is compatible with a title they hold; otherwise a new person is made and flagged for review.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[、，,；;／/\s]+")
_NOISE = re.compile(r"[（）()“”\"'《》]")
ORG_KIND_SUFFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("judicial", ("法院", "检察院")),
    ("party", ("党委", "党工委", "党组", "纪委", "组织部", "宣传部", "统战部", "政法委", "支部")),
    ("congress", ("人大", "人大工委", "政协")),
    ("enterprise", ("公司", "集团", "银行", "工厂", "有限公司", "股份公司")),
    ("association", ("协会", "学会", "商会", "联合会", "促进会", "专业委员会")),
    ("university", ("大学", "学院", "研究院", "研究所", "科学院", "实验室", "三磨所")),
    ("government", ("局", "委员会", "办公室", "管委会", "政府", "办事处", "指挥部", "中心", "部", "厅", "委")),
]


def title_parts(title: str) -> list[str]:
    """应急管理部专家组成员、中国安全产业协会副会长 -> its separate titles."""
    return [p for p in (_NOISE.sub("", part).strip() for part in _SEPARATORS.split(title or "")) if p]


def _common_run(a: str, b: str) -> int:
    """Length of the longest run of characters the two strings share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def titles_compatible(printed: str, known: list[str]) -> bool:
    """Could the person printed with ``printed`` hold one of the ``known`` titles?

    Compatible when either side has no title (a bare name says nothing against), when one title contains the
    other (区党工委书记 / 高新区党工委书记), or when they share a run of four or more characters
    (党工委副书记 / 高新区党工委副书记、管委会主任).
    """
    printed_parts = title_parts(printed)
    known_parts = [p for t in known for p in title_parts(t)]
    if not printed_parts or not known_parts:
        return True
    for p in printed_parts:
        for k in known_parts:
            if p in k or k in p or _common_run(p, k) >= 4:
                return True
    return False


def guess_organization_kind(name: str) -> str:
    """The OrganizationKind value a name's ending suggests: 公司 -> enterprise, 协会 -> association…"""
    for kind, suffixes in ORG_KIND_SUFFIXES:
        if name.endswith(suffixes):
            return kind
    return "other"


def split_title_at_organization(title: str, organizations) -> tuple[str, str]:
    """中国安全产业协会副会长 -> ("中国安全产业协会", "副会长") when that organization is known; else ("", title).

    ``organizations`` is a set of names: the longest known name the title starts with wins (a lookup per
    prefix, so the cost does not grow with the number of organizations).
    """
    for end in range(len(title) - 1, 1, -1):
        if title[:end] in organizations:
            return title[:end], title[end:]
    return "", title
