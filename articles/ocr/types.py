"""The data the OCR pipeline hands to the rest of the project.

Plain dataclasses, no ORM: ``services.py`` turns a :class:`ParsedPage` into rows, the ``import_page``
command prints it, and the tests compare it with what a page should give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


class PageError(ValueError):
    """Input the importer refuses (empty, binary, undecodable, too large, no 本报讯): one clear line."""


# Credit roles, as printed in bylines. The values match ``articles.models.CreditRole``.
ROLE_REPORTER = "记者"
ROLE_CORRESPONDENT = "通讯员"
ROLE_WRITER = "文"
ROLE_PHOTOGRAPHER = "图"
ROLE_WRITER_PHOTOGRAPHER = "文/图"

# Kinds of item on a page. The values match ``articles.models.ArticleKind``.
KIND_NEWS = "消息"
KIND_PHOTO = "图片新闻"
KIND_BRIEF = "简讯"


@dataclass(frozen=True)
class KnownPerson:
    """A person already in the database, handed to the pipeline so it recognises them."""

    name: str
    titles: tuple[str, ...] = ()
    is_journalist: bool = False


@dataclass(frozen=True)
class KnownTopic:
    """A topic and the keywords that suggest it."""

    name: str
    keywords: tuple[str, ...] = ()


@dataclass
class ParsedCredit:
    """One byline row: 记者 孙庆辉 文/图 -> ParsedCredit("孙庆辉", "文/图")."""

    name: str
    role: str


@dataclass
class ParsedPerson:
    """A person named in the text (not the byline's staff), with the title printed for them."""

    name: str
    title: str = ""
    role: str = ""  # 主持 / 出席 / 会见 / 讲话 / 点评 / 参加 / 汇报 / 陪同 ... where the text says it
    organization: str = ""  # the organization part of the title, where it can be told apart


@dataclass
class ParsedMeeting:
    """A named meeting or event the article reports."""

    name: str
    kind: str  # 会议 / 会见 / 座谈 / 调研 / 活动
    date: dt.date | None = None
    end_date: dt.date | None = None  # the last day of a meeting held over several (9月20日至21日)
    time_of_day: str = ""
    chair: str = ""
    place: str = ""


@dataclass
class ParsedArticle:
    """One article of a page, in page order."""

    title: str
    kicker: str = ""
    subtitle: str = ""
    title_is_generated: bool = False  # no headline printed: title made from the lead, for review
    kind: str = KIND_NEWS  # 消息 / 图片新闻 / 简讯
    paragraphs: list[str] = field(default_factory=list)
    source_line: str = "本报讯"
    date: dt.date | None = None
    date_text: str = ""  # as printed: "2月12日", "2月 3日下午", "日前"
    time_of_day: str = ""  # 上午 / 中午 / 下午 / 晚上 / ""
    credits: list[ParsedCredit] = field(default_factory=list)
    people: list[ParsedPerson] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    meetings: list[ParsedMeeting] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)  # the closing byline lines as printed (the credits' source)

    def names_with_role(self, *roles: str) -> list[str]:
        return [c.name for c in self.credits if c.role in roles]

    def to_json(self) -> dict:
        """The article as the ``import_page --format json`` document spells it."""
        return {
            "title": self.title,
            "kind": self.kind,
            "source_line": self.source_line,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "date": self.date.isoformat() if self.date else None,
            "time_of_day": self.time_of_day,
            "paragraphs": list(self.paragraphs),
            "reporters": self.names_with_role(ROLE_REPORTER, ROLE_WRITER, ROLE_WRITER_PHOTOGRAPHER),
            "correspondents": self.names_with_role(ROLE_CORRESPONDENT),
            "photographers": self.names_with_role(ROLE_PHOTOGRAPHER, ROLE_WRITER_PHOTOGRAPHER),
            "people": [{"name": p.name, "title": p.title, "role": p.role} for p in self.people],
            "organizations": list(self.organizations),
            "meetings": [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "date": m.date.isoformat() if m.date else None,
                    "chair": m.chair,
                }
                for m in self.meetings
            ],
            "topics": list(self.topics),
            "needs_review": list(self.needs_review),
        }


@dataclass
class ParsedPage:
    """Everything the pipeline found on one page."""

    articles: list[ParsedArticle] = field(default_factory=list)
    encoding: str = "utf-8"
    # Text of the page the importer could not place in any article (headline lines nobody claims ...): kept
    # with the source page and shown for review, never dropped. One entry per block, lines joined by "\n".
    residue: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)  # page furniture taken off (headers, jump lines, codes)

    def to_json(self) -> dict:
        return {"articles": [a.to_json() for a in self.articles], "residue": list(self.residue)}

    def as_dict(self) -> dict:
        return asdict(self)
