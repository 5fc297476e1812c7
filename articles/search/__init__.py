"""Chinese full-text search over readable articles: one package, one tokenizer.

- :mod:`.tokenizer`: the one jieba tokenizer, pure Python (the page importer cuts with it too);
- :mod:`.analysis`: the search's words, cut with the confirmed people's names (documents and queries alike);
- :mod:`.index`: the documents, one per published article, kept in step by ``articles.signals``;
- :mod:`.query`: the search itself (:func:`search`, :func:`search_articles`);
- :mod:`.display`: the results page's marks (:func:`highlight`, :func:`excerpt`).

Each module imports only those above it in this list. The names below are importable from ``articles.search``
and loaded on first use, so that the OCR pipeline can import ``articles.search.tokenizer`` without Django.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "analysis": ("words", "people_dictionary_changed", "search_terms", "STOP_WORDS"),
    "query": ("CANDIDATES", "SearchResults", "result_pages", "search", "search_articles"),
    "display": ("excerpt", "highlight"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
