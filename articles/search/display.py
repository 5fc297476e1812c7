"""The results page's marks: :func:`highlight` and :func:`excerpt` mark the words the search looked for
(``SearchResults.terms``). Plain string work, no query."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with each occurrence of a term wrapped in <mark>. Safe to print as HTML."""
    if not terms:
        return mark_safe(escape(text))
    # split() on a group alternates text between the terms (even places) and the terms found (odd places).
    pieces = [escape(piece) for piece in _terms_pattern(tuple(terms)).split(text)]
    pieces[1::2] = [f"<mark>{piece}</mark>" for piece in pieces[1::2]]
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped


@lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """The terms as one pattern, the longest first (so 区委书记 wins over 书记), as a group."""
    return re.compile("(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + ")", re.IGNORECASE)


def excerpt(text: str, terms: list[str], width: int = 120) -> SafeString:
    """About ``width`` characters of ``text`` around the first term found, highlighted; its start otherwise."""
    text = " ".join(text.split())
    lowered = text.lower()
    found = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)  # noqa: S308 - highlight() escapes
