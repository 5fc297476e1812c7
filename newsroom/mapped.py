"""Cache files mapped, not read: a header (marshal) then a blob that callers decode a little at a time. Written
atomically in the first folder that takes it. The jieba dictionary (articles.search.tokenizer) and pinyin
(newsroom.pinyin) keep theirs this way. Pure Python, no Django."""

from __future__ import annotations

import array
import marshal
import mmap
import os
import tempfile


def load(paths, version) -> tuple[tuple, memoryview] | None:
    """(the header's fields after its version, the blob) from the first of ``paths`` written at ``version``."""
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            head = int.from_bytes(data[:8], "little")
            fields = marshal.loads(memoryview(data)[8 : 8 + head])
            if fields[0] == version:
                return fields[1:], memoryview(data)[8 + head :]
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass
    return None


def save(paths, header: tuple, blob: bytes) -> None:
    """Write ``header`` (its version first) and ``blob`` to the first of ``paths`` whose folder takes it; none: the
    next process builds it again."""
    encoded = marshal.dumps(header)
    for path in paths:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(len(encoded).to_bytes(8, "little") + encoded + blob)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            return
        except OSError:
            continue


def pack(items, parts: list, offset: int) -> tuple[str, bytes, int]:
    """Marshal each (character, value) of ``items`` onto ``parts``, the first at ``offset``: the characters as one
    string, where each value starts and where the last ends (unsigned ints), and the offset after them."""
    chars, starts = "", array.array("I")
    for ch, value in items:
        data = marshal.dumps(value)
        chars += ch
        starts.append(offset)
        parts.append(data)
        offset += len(data)
    starts.append(offset)
    return chars, starts.tobytes(), offset
