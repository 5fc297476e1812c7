"""Progress bars (tqdm) on a management command's stderr."""

from __future__ import annotations


class BarStream:
    """A command's stderr (Django's OutputWrapper) as tqdm writes to it: the bar is redrawn with \\r, so no line
    ending is added to what it writes."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()
