"""The one jieba tokenizer of the project: the search's words and the page importer's segmentation.

Pure Python, no Django: the OCR pipeline (``articles.ocr.lexicon``) and the search (``articles.search.words``)
build the same :class:`Tokenizer`, each feeding it the people's names it knows (the confirmed ones, for both).
A tokenizer never changes after it is built: when the names change, its user builds another.

State this module keeps, per process: the dictionary (:func:`dictionary`, loaded once, never changed) and the
last few tokenizers built (:func:`tokenizer_for`), so the importer and the search share one when their names
are the same.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import marshal
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

#: Words rarer than this in jieba's corpus (frequency 3-4, 60% of its dictionary) cut text like any other,
#: but :func:`frequency` and :func:`tag` call them unknown: the importer asks whether a word is a real one.
MIN_WORD_FREQ = 5
#: The frequency a person's name is given (or its dictionary frequency, if higher): above any word it could be
#: cut with, so 李华为表示 gives 李华 + 为 once 李华 is a known name.
NAME_FREQ = 50_000


@dataclass(frozen=True)
class Dictionary:
    """jieba's dictionary as loaded: word -> frequency (prefixes at 0, as jieba keeps them), their total, and
    word -> part-of-speech tag. Shared by every tokenizer: never written to."""

    freq: dict[str, int]
    total: int
    tags: dict[str, str]


def _cache_path(source: str) -> str:
    """Where the loaded dictionary is kept: keyed by jieba's version and its dictionary file."""
    stat = os.stat(source)
    key = f"{jieba.__version__}:all:{source}:{stat.st_size}:{stat.st_mtime_ns}"
    folder = os.environ.get("NEWSROOM_CACHE_DIR") or tempfile.gettempdir()
    return os.path.join(folder, f"newsroom-lexicon-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal")


@functools.cache
def dictionary() -> Dictionary:
    """jieba's dictionary with the tags, loaded once per process from one cache file.

    jieba's own load (its prefix dictionary, then jieba.posseg parsing dict.txt again for the tags) reads the
    dictionary twice; here both go into one marshal file, read at once. Written on first use, atomically;
    rebuilt when jieba or its dictionary changes.
    """
    jieba.setLogLevel(logging.WARNING)
    source = os.path.abspath(jieba.get_dict_file().name)
    path = _cache_path(source)
    try:
        with open(path, "rb") as f:
            # loads(read()), not load(f): marshal.load reads a file object in small pieces, much slower.
            freq, total, tags = marshal.loads(f.read())
        return Dictionary(freq, total, tags)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    with open(source, "rb") as f:
        text = f.read()
    freq, total = jieba.Tokenizer().gen_pfdict(io.BytesIO(text))
    tags = {parts[0]: parts[2] for parts in map(str.split, text.decode("utf-8").splitlines()) if len(parts) >= 3}
    try:
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            marshal.dump((freq, total, tags), f)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only temp folder only costs speed
    return Dictionary(freq, total, tags)


class Tokenizer:
    """jieba over :func:`dictionary` with people's ``names`` as words: each name is added by the one rule,
    at ``max(NAME_FREQ, its dictionary frequency)``, tagged nr. The same names give the same cuts, whatever
    was cut or known before. Its own jieba tokenizer, never jieba's global one."""

    def __init__(self, names: Iterable[str] = ()):
        self.names = frozenset(n for n in names if n)
        words = dictionary()
        self._jieba = jieba.Tokenizer()
        # No names: the shared dictionary as it is (jieba only reads it); names: a copy they are added to.
        self._jieba.FREQ = dict(words.freq) if self.names else words.freq
        self._jieba.total = words.total
        self._jieba.initialized = True
        for name in sorted(self.names):
            self._jieba.add_word(name, freq=max(NAME_FREQ, words.freq.get(name) or 0), tag="nr")

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` by the dictionary alone (no HMM guesses): fast and deterministic."""
        return list(self._jieba.cut(text, HMM=False))

    def cut_for_search(self, text: str) -> list[str]:
        """The words of ``text`` in jieba's search mode: each word, then the dictionary words inside the longer
        ones (红军 in 张红军); runs of unknown characters joined by jieba's HMM."""
        return list(self._jieba.cut_for_search(text))


@functools.lru_cache(maxsize=4)
def tokenizer_for(names: frozenset[str]) -> Tokenizer:
    """The tokenizer of ``names``, built once for the last few sets asked for: an import run and the search
    of the same process, with the same confirmed names, share one."""
    return Tokenizer(names)


def frequency(word: str) -> int:
    """jieba's own dictionary frequency of ``word``, 0 when absent or below MIN_WORD_FREQ: the boost of a known
    name is not counted, so a known name that is also a common word (高峰) is still known to be one."""
    found = dictionary().freq.get(word) or 0
    return found if found >= MIN_WORD_FREQ else 0


def tag(word: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ('' when absent or below MIN_WORD_FREQ)."""
    return dictionary().tags.get(word, "") if frequency(word) else ""
