"""The one jieba tokenizer of the project, for the search's words and the page importer (``articles.ocr``).

Pure Python, no Django. A :class:`Tokenizer` is built with the people's names it knows and never changes what
it cuts: when the names change, its user builds another. jieba's dictionary is one cache file, shared by all.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from newsroom import mapped

#: Words rarer than this in jieba's corpus (frequency 3-4, 60% of its dictionary) cut text like any other,
#: but :func:`frequency` and :func:`tag` call them unknown: the importer asks whether a word is a real one.
MIN_WORD_FREQ = 5
#: The frequency a person's name is given (or its dictionary frequency, if higher): above any word it could be
#: cut with, so 李华为表示 gives 李华 + 为 once 李华 is a known name.
NAME_FREQ = 50_000
#: The cache file's layout; a file of another layout is rebuilt.
CACHE_FORMAT = 4
#: Where the cache goes by default: the project's var/ (kept between runs, never committed).
DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "lexicon"


def _jieba():
    """jieba, imported on first use without pkg_resources (it falls back to plain ``open``): that import alone
    costs more than the rest of jieba."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # makes ``import pkg_resources`` raise ImportError, for this import
        try:
            import jieba
        finally:
            if sys.modules.get("pkg_resources", False) is None:
                del sys.modules["pkg_resources"]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _source() -> str:
    """jieba's dictionary file, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("jieba is not installed")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _cache_paths(source: str) -> list[str]:
    """Where the dictionary's cache may be kept, in order: ``NEWSROOM_CACHE_DIR`` when set, else var/lexicon/
    and the temp folder. Named by the layout and jieba's dictionary file (path, size, time)."""
    stat = os.stat(source)
    key = f"{CACHE_FORMAT}:{source}:{stat.st_size}:{stat.st_mtime_ns}"
    name = f"jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"
    folders = [os.environ["NEWSROOM_CACHE_DIR"]] if os.environ.get("NEWSROOM_CACHE_DIR") else [
        str(DEFAULT_CACHE_DIR), tempfile.gettempdir()]
    return [os.path.join(folder, name) for folder in folders]


class Dictionary:
    """jieba's dictionary (word -> frequency, prefixes at 0; part-of-speech tag) in shards, one per first
    character, its words grouped by their second character and decoded when a text first holds those two
    (a page needs a small part; decoding all was most of an import's start-up). Shards are read-only."""

    def __init__(self, total: int, index: tuple[str, bytes], blob):
        self.total = total
        self._chars, self._starts = index[0], memoryview(index[1]).cast("I")
        self._blob = memoryview(blob)
        self._shards: dict[str, tuple[int | None, str, str, bytes]] = {}
        self._words: dict[str, tuple[dict[str, int], dict[str, str]]] = {}

    def shard(self, ch: str) -> tuple[int | None, str, str, bytes]:
        """(frequency, tag) of the character ``ch`` (None, "" when absent), and the index of its words: the
        second characters and where their words are."""
        found = self._shards.get(ch)
        if found is None:
            i = self._chars.find(ch) if len(ch) == 1 else -1
            found = marshal.loads(self._blob[self._starts[i] : self._starts[i + 1]]) if i >= 0 else (None, "", "", b"")
            self._shards[ch] = found  # two threads may both decode a shard: the same dicts, either is kept
        return found

    def words(self, start: str) -> tuple[dict[str, int], dict[str, str]]:
        """(frequencies, tags) of the words of two characters or more that begin with ``start`` (two)."""
        found = self._words.get(start)
        if found is None:
            _, _, seconds, where = self.shard(start[0])
            i, where = seconds.find(start[1]), memoryview(where).cast("I")
            found = ({}, {}) if i < 0 else marshal.loads(self._blob[where[i] : where[i + 1]])
            self._words[start] = found
        return found

    def freq(self, word: str) -> int | None:
        """The dictionary's frequency of ``word`` (0 for a prefix of a word, None when absent)."""
        if len(word) < 2:
            return self.shard(word)[0] if word else None
        return self.words(word[:2])[0].get(word)

    def tag(self, word: str) -> str:
        if len(word) < 2:
            return self.shard(word)[1] if word else ""
        return self.words(word[:2])[1].get(word, "")


def _build(source: str) -> tuple[int, tuple[str, bytes], bytes]:
    """Read jieba's dictionary file as jieba does (its prefix dictionary) with the tags, cut into shards."""
    with open(source, "rb") as f:
        text = f.read()
    freq, total = _jieba().Tokenizer().gen_pfdict(io.BytesIO(text))
    tags = {parts[0]: parts[2] for parts in map(str.split, text.decode("utf-8").splitlines()) if len(parts) >= 3}
    singles: dict[str, tuple[int | None, str]] = {}
    groups: dict[str, dict[str, tuple[dict[str, int], dict[str, str]]]] = {}
    for word, count in freq.items():
        tagged = tags[word] if count >= MIN_WORD_FREQ and word in tags else ""  # rarer words: no tag (see :func:`tag`)
        if len(word) == 1:
            singles[word] = (count, tagged)
            continue
        group = groups.setdefault(word[0], {}).setdefault(word[:2], ({}, {}))
        group[0][word] = count
        if tagged:
            group[1][word] = tagged
    # the groups of words first, then each character's entry with where its groups are (offsets in the blob)
    parts: list[bytes] = []
    offset = 0
    entries: list[tuple[str, tuple[int | None, str, str, bytes]]] = []
    for ch in sorted(singles.keys() | groups.keys()):
        by_second = ((start[1], words) for start, words in groups.get(ch, {}).items())
        seconds, where, offset = mapped.pack(by_second, parts, offset)
        entries.append((ch, (*singles.get(ch, (None, "")), seconds, where)))
    chars, starts, _ = mapped.pack(entries, parts, offset)
    return total, (chars, starts), b"".join(parts)


@functools.cache
def dictionary() -> Dictionary:
    """jieba's dictionary with the tags, from its cache file (written on first use, in the first folder that
    takes it); only the file's index is decoded here."""
    source = _source()
    paths = _cache_paths(source)
    found = mapped.load(paths, CACHE_FORMAT)  # mapped, not read: a page decodes a small part of it
    if found:
        (total, index), blob = found
    else:
        total, index, blob = _build(source)
        mapped.save(paths, (CACHE_FORMAT, total, index), blob)
    return Dictionary(total, index, blob)


class Tokenizer:
    """jieba over :func:`dictionary` with people's ``names`` as words (at ``max(NAME_FREQ, its frequency)``,
    tagged nr): the same names give the same cuts. Its own jieba tokenizer, whose word table is filled from
    the shards for each text's characters before it is cut (jieba looks up only pieces of that text)."""

    def __init__(self, names: Iterable[str] = ()):
        self.names = frozenset(n for n in names if n)
        self._words = dictionary()
        self._jieba = _jieba().Tokenizer()
        self._jieba.FREQ = {}
        self._jieba.total = self._words.total
        self._jieba.initialized = True
        self._loaded: set[str] = set()
        # a name's first characters first: its own frequency and prefixes go on top of the dictionary's words
        self._load({start for name in self.names for start in (name[0], name[:2])})
        for name in sorted(self.names):
            self._jieba.add_word(name, freq=max(NAME_FREQ, self._words.freq(name) or 0), tag="nr")

    def _load(self, starts: Iterable[str]) -> None:
        """Add the dictionary's entries for ``starts`` to this tokenizer's table: for one character, its own;
        for two, the words beginning with them."""
        table = self._jieba.FREQ
        for start in set(starts) - self._loaded:
            if len(start) == 1:
                count = self._words.shard(start)[0]
                if count is not None:
                    table[start] = count
            else:
                table.update(self._words.words(start)[0])
            self._loaded.add(start)

    def _load_text(self, text: str) -> None:
        """What jieba may look up in ``text``: its characters and the words beginning at each of them."""
        self._load({*text, *(text[i : i + 2] for i in range(len(text) - 1))})

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` by the dictionary alone (no HMM guesses): fast and deterministic."""
        self._load_text(text)
        return list(self._jieba.cut(text, HMM=False))

    def cut_for_search(self, text: str) -> list[str]:
        """The words of ``text`` in jieba's search mode: each word, then the dictionary words inside the longer
        ones (红军 in 张红军); runs of unknown characters joined by jieba's HMM."""
        self._load_text(text)
        return list(self._jieba.cut_for_search(text))


@functools.lru_cache(maxsize=4)
def tokenizer_for(names: frozenset[str]) -> Tokenizer:
    """The tokenizer of ``names``, built once for the last few sets (an import and the search share one)."""
    return Tokenizer(names)


def frequency(word: str) -> int:
    """jieba's own dictionary frequency of ``word``, 0 when absent or below MIN_WORD_FREQ: the boost of a known
    name is not counted, so a known name that is also a common word (高峰) is still known to be one."""
    found = dictionary().freq(word) or 0
    return found if found >= MIN_WORD_FREQ else 0


def tag(word: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ('' when absent or below MIN_WORD_FREQ)."""
    return dictionary().tag(word)
