"""The search's words, for documents and queries alike: cut with the confirmed people's names (张红军 is one
word, not 张 + 红军), in search mode, lower-cased, punctuation dropped.

The names are read again (one query) when the dictionary's version, on the site's generation row, has moved
on (:func:`people_dictionary_changed` moves it at commit).
"""

from __future__ import annotations

import logging
import re
import threading

from django.db import DatabaseError, transaction
from django.db.models import F

from newsroom import cache as site_generation
from newsroom.models import Generation
from people.models import Person

from .tokenizer import Tokenizer, tokenizer_for

logger = logging.getLogger(__name__)

#: Words too common to search for on their own.
STOP_WORDS = frozenset("的了和与及在是对为等将把被就也都而或并之于以其这那有我你他她它们")

MAX_TERMS = 8
_PUNCTUATION = re.compile(r"^[\W_]+$")

_tokenizer: Tokenizer | None = None
_loaded_version: int | None = None
_lock = threading.Lock()


def tokenizer() -> Tokenizer:
    """The tokenizer of the confirmed people's names, read again only when the dictionary's version has moved
    on (or could not be read)."""
    global _tokenizer, _loaded_version
    version = site_generation.generation_state().dictionary
    with _lock:
        if _tokenizer is not None and version is not None and version == _loaded_version:
            return _tokenizer
        _tokenizer = tokenizer_for(frozenset(Person.objects.confirmed().values_list("name", flat=True)))
        _loaded_version = version
        return _tokenizer


def people_dictionary_changed() -> None:
    """A confirmed person's name came or went: this process reads the names again at once, the others after
    the commit."""
    reload_names()
    transaction.on_commit(_move_dictionary_version)


def reload_names() -> None:
    """This process reads the names again before it cuts more text (also between tests)."""
    global _loaded_version
    _loaded_version = None


def _move_dictionary_version() -> None:
    try:
        Generation.objects.using(site_generation.PRIMARY).filter(pk=1).update(dictionary=F("dictionary") + 1)
    except DatabaseError:
        logger.exception("search: could not move the dictionary's version on")
    site_generation.forget_generation()


def words(text: str) -> list[str]:
    """Every word of ``text`` in search mode, lower-cased, punctuation dropped: what the index stores."""
    cut = tokenizer().cut_for_search(text)
    return [word for raw in cut if (word := raw.strip().lower()) and not _PUNCTUATION.match(word)]


def search_terms(query: str) -> list[str]:
    """The words of ``query`` to look for, longest first: 张红军会见 -> ['张红军', '会见']. A word within a longer
    one (红军 in 张红军) is dropped: the index holds the longer word wherever the text has it."""
    query = " ".join(query.split())[:100]
    if not query:
        return []
    unique = list(dict.fromkeys(words(query)))
    meaningful = [w for w in unique if w not in STOP_WORDS] or unique
    maximal = [w for w in meaningful if not any(w != other and w in other for other in meaningful)]
    return sorted(maximal, key=len, reverse=True)[:MAX_TERMS]
