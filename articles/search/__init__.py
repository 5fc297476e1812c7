"""Chinese full-text search over readable articles. Modules, each importing only those before it: tokenizer
(jieba, pure Python, shared with the page importer), analysis (the words), index (the documents), query (the
search), display (the results' marks). The names below load on first use, so that the OCR pipeline can import
``articles.search.tokenizer`` without Django.
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
