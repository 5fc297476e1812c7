"""The search's words: texts and queries cut by the one tokenizer (:mod:`.tokenizer`) with the confirmed people's
names, in search mode, lower-cased, punctuation dropped. Documents (:mod:`.index`) and queries (:mod:`.query`)
are cut here alike: 张红军 is one word, not 张 + 红军.

The names are read from the database (one query) when the dictionary's version in Django's cache has changed:
:func:`people_dictionary_changed` moves it on, so every process cuts with the new names before it cuts another
document or query.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import uuid

from django.core.cache import cache

from people.models import Person

from .tokenizer import Tokenizer, tokenizer_for

logger = logging.getLogger(__name__)

#: Words too common to search for on their own.
STOP_WORDS = frozenset("的了和与及在是对为等将把被就也都而或并之于以其这那有我你他她它们")

MAX_TERMS = 8
_PUNCTUATION = re.compile(r"^[\W_]+$")

#: The cache key of the people dictionary's version: changed when a confirmed person's name comes or goes,
#: so every process reloads the names before it cuts another document or query.
DICTIONARY_VERSION_KEY = "search:people-dictionary"

_tokenizer: Tokenizer | None = None
_loaded_version: str | None = None
_lock = threading.Lock()


def tokenizer() -> Tokenizer:
    """The tokenizer of the confirmed people's names, read again (one query) only when the dictionary's version
    in the cache has changed."""
    global _tokenizer, _loaded_version
    try:
        version = cache.get(DICTIONARY_VERSION_KEY)
    except Exception:  # the cache server is away: read the names now, as on a cold cache
        version = None
    with _lock:
        if _tokenizer is not None and version is not None and version == _loaded_version:
            return _tokenizer
        _tokenizer = tokenizer_for(frozenset(Person.objects.confirmed().values_list("name", flat=True)))
        if version is None:  # a cold cache: start a version so other processes and later calls agree
            version = uuid.uuid4().hex
            with contextlib.suppress(Exception):
                cache.add(DICTIONARY_VERSION_KEY, version, timeout=None)
                version = cache.get(DICTIONARY_VERSION_KEY, version)
        _loaded_version = version
        return _tokenizer


def people_dictionary_changed() -> None:
    """A confirmed person's name came or went: every process reads the names again before cutting more text."""
    global _loaded_version
    _loaded_version = None  # this process at least, whatever the cache says
    try:
        cache.set(DICTIONARY_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("search: could not publish the dictionary's new version")


def words(text: str) -> list[str]:
    """Every word of ``text`` in search mode, lower-cased, punctuation dropped: what the index stores."""
    found = []
    for word in tokenizer().cut_for_search(text):
        word = word.strip().lower()
        if word and not _PUNCTUATION.match(word):
            found.append(word)
    return found


def search_terms(query: str) -> list[str]:
    """The words of ``query`` to look for, longest first: 张红军会见 -> ['张红军', '会见'].

    Words that are part of a longer word of the query (红军 in 张红军) are dropped: the longer word implies them,
    and the index holds the longer word wherever the text has it.
    """
    query = " ".join(query.split())[:100]
    if not query:
        return []
    unique = list(dict.fromkeys(words(query)))
    meaningful = [w for w in unique if w not in STOP_WORDS] or unique
    maximal = [w for w in meaningful if not any(w != other and w in other for other in meaningful)]
    return sorted(maximal, key=len, reverse=True)[:MAX_TERMS]
