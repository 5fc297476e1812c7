"""OCR/NLP pipeline: the text of a printed district-newspaper page -> structured articles.

``decode_page`` turns the file's bytes into text; ``parse_page`` turns the text into a ParsedPage.
"""

from .entities import KnownPeople
from .lexicon import warm_up
from .normalize import decode_page
from .pipeline import parse_page
from .types import (
    KIND_BRIEF,
    KIND_NEWS,
    KIND_PHOTO,
    ROLE_CORRESPONDENT,
    ROLE_PHOTOGRAPHER,
    ROLE_REPORTER,
    ROLE_WRITER,
    ROLE_WRITER_PHOTOGRAPHER,
    KnownPerson,
    KnownTopic,
    PageError,
    ParsedArticle,
    ParsedCredit,
    ParsedMeeting,
    ParsedPage,
    ParsedPerson,
)

__all__ = [
    "KIND_BRIEF",
    "KIND_NEWS",
    "KIND_PHOTO",
    "ROLE_CORRESPONDENT",
    "ROLE_PHOTOGRAPHER",
    "ROLE_REPORTER",
    "ROLE_WRITER",
    "ROLE_WRITER_PHOTOGRAPHER",
    "KnownPeople",
    "KnownPerson",
    "KnownTopic",
    "PageError",
    "ParsedArticle",
    "ParsedCredit",
    "ParsedMeeting",
    "ParsedPage",
    "ParsedPerson",
    "decode_page",
    "parse_page",
    "warm_up",
]
