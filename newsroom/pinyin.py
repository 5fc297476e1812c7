"""pypinyin's ``lazy_pinyin(text)`` (Style.NORMAL), the same syllables, without loading its dictionaries whole.

Importing pypinyin decodes its 400,000 phrases and builds their prefix set before the first syllable, most of
an import's start-up. Here its dictionaries are turned once into a cache file of shards, one per first
character, each with its phrases' syllables already toneless (computed by pypinyin itself); a text decodes the
shards of its own characters. The cut is pypinyin's (``seg.mmseg``, longest phrase first, its end-of-text
rule included), so the result is the same list (tests/test_pinyin.py compares them).

State per process: the cache file's contents, read once (:func:`_dictionary`), never changed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import re
import tempfile
from pathlib import Path

from newsroom import mapped

#: The cache file's layout; a file of another layout is rebuilt.
CACHE_FORMAT = 2
DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[1] / "var" / "lexicon"


def _sources() -> list[str]:
    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or not spec.origin:
        raise ImportError("pypinyin is not installed")
    folder = os.path.dirname(spec.origin)
    return [os.path.join(folder, name) for name in ("pinyin_dict.json", "phrases_dict.json", "constants.py")]


def _cache_paths(sources: list[str]) -> list[str]:
    """NEWSROOM_CACHE_DIR when set, else var/lexicon/ then the temp folder (as the jieba dictionary's cache)."""
    key = f"{CACHE_FORMAT}:" + ":".join(f"{s}:{os.stat(s).st_size}:{os.stat(s).st_mtime_ns}" for s in sources)
    name = f"pinyin-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"
    folders = [os.environ["NEWSROOM_CACHE_DIR"]] if os.environ.get("NEWSROOM_CACHE_DIR") else [
        str(DEFAULT_CACHE_DIR), tempfile.gettempdir()]
    return [os.path.join(folder, name) for folder in folders]


def _build() -> tuple[str, tuple[str, bytes], bytes]:
    """pypinyin's own tables, toneless by its own NORMAL style, in shards: first character -> (its phrases'
    syllables, the character's own syllable or None)."""
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.style import convert

    normal = functools.cache(lambda py: convert(py, Style.NORMAL, True, default=py))
    shards: dict[str, tuple[dict[str, tuple[str, ...]], str | None]] = {}
    for word, readings in PHRASES_DICT.items():
        shards.setdefault(word[0], ({}, None))[0][word] = tuple(normal(r[0]) for r in readings)
    for code, readings in PINYIN_DICT.items():
        ch = chr(code)
        shards[ch] = (shards.get(ch, ({}, None))[0], normal(readings.split(",")[0]))
    # the index: the characters as one string and where each one's shard starts (a dict took longer to decode)
    parts: list[bytes] = []
    chars, starts, _ = mapped.pack(shards.items(), parts, 0)
    return RE_HANS.pattern, (chars, starts), b"".join(parts)


class _Dictionary:
    def __init__(self, hans_pattern: str, index: tuple[str, bytes], blob):
        self.hans = re.compile(hans_pattern)
        self._run = re.compile(hans_pattern.removeprefix("^").removesuffix("$"))
        self._chars, self._starts = index[0], memoryview(index[1]).cast("I")
        self._blob = memoryview(blob)
        self._shards: dict[str, tuple[dict[str, tuple[str, ...]], str | None, frozenset[str]]] = {}

    def shard(self, ch: str) -> tuple[dict[str, tuple[str, ...]], str | None, frozenset[str]]:
        """(phrases starting with ``ch``, ``ch``'s syllable, the prefixes of those phrases)."""
        found = self._shards.get(ch)
        if found is None:
            i = self._chars.find(ch)
            phrases, single = marshal.loads(self._blob[self._starts[i] : self._starts[i + 1]]) if i >= 0 else ({}, None)
            prefixes = frozenset(w[:i] for w in phrases for i in range(1, len(w) + 1))
            found = self._shards[ch] = (phrases, single, prefixes)
        return found

    def runs(self, text: str) -> list[str]:
        """pypinyin's simple_seg: the text cut into runs of characters with and without pinyin."""
        out: list[str] = []
        pos = 0
        for m in self._run.finditer(text):
            if m.start() > pos:
                out.append(text[pos : m.start()])
            out.append(m.group())
            pos = m.end()
        if pos < len(text):
            out.append(text[pos:])
        return out


@functools.cache
def _dictionary() -> _Dictionary:
    """From the cache file (written on first use, atomically, in the first folder that takes it)."""
    paths = _cache_paths(_sources())
    found = mapped.load(paths, CACHE_FORMAT)
    if found:
        (pattern, index), blob = found
        return _Dictionary(pattern, index, blob)
    pattern, index, blob = _build()
    mapped.save(paths, (CACHE_FORMAT, pattern, index), blob)
    return _Dictionary(pattern, index, blob)


def _cut(d: _Dictionary, run: str):
    """pypinyin's seg.mmseg.Seg(no_non_phrases=True).cut, over the shard of each word's first character."""
    remain = run
    while remain:
        phrases, _, prefixes = d.shard(remain[0])
        last = ""
        for i in range(1, len(remain) + 1):
            word = remain[:i]
            if word not in prefixes:
                break
            if word in phrases:
                last = word
        else:  # all that is left is the start of a phrase: pypinyin then keeps the last phrase, else each character
            if not last:
                yield from remain
                return
        if last:
            yield last
            remain = remain[len(last) :]
        else:
            yield remain[0]
            remain = remain[1:]


def lazy_pinyin(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, style=Style.NORMAL)``: a syllable per character with pinyin, and each run of
    other characters as it is (张红军5G -> ['zhang', 'hong', 'jun', '5G'])."""
    d = _dictionary()
    out: list[str] = []
    for run in d.runs(text):
        if not d.hans.match(run):
            out.append(run)
            continue
        for word in _cut(d, run):
            phrases, single, _ = d.shard(word[0])
            syllables = phrases.get(word)
            if syllables is not None:
                out.extend(syllables)
            else:  # one character
                out.append(single if single is not None else word)
    return out
