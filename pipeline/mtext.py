"""Text that remembers where every character came from.

``MText`` pairs a string with, per character, the half-open source span it stands
for. Normalization rewrites text through ``sub``; segmentation slices and joins;
extractors ask ``span(i, j)`` for source offsets. So no stage ever loses provenance.
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable

import numpy as np
import regex

# Offsets are 32-bit: 8 bytes a character for the two of them (a start and an end), half
# of what 64-bit offsets cost; a text is at most --max-bytes (200 MiB), far below 2**31.
OFFSET_TYPECODE = "i"
_OFFSET_NP = np.int32
assert array(OFFSET_TYPECODE).itemsize == np.dtype(_OFFSET_NP).itemsize == 4


def _arr(values: Iterable[int] = ()) -> array:
    return array(OFFSET_TYPECODE, values)


def _counting(start: int, stop: int) -> array:
    """start, start+1, ..., stop-1: built by numpy (a tenth of the time of array(range))."""
    out = _arr()
    out.frombytes(np.arange(start, stop, dtype=_OFFSET_NP).tobytes())
    return out


def _view(value: memoryview | array | Iterable[int]) -> memoryview:
    return value if isinstance(value, memoryview) else memoryview(value if isinstance(value, array) else _arr(value))


class MText:
    """Offsets are views into arrays: slicing a block, a line or a sentence out of a
    document copies none of them. (A plain class with slots: tens of thousands are made
    per document, and a dataclass's checks were a measurable part of segmenting.)"""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: memoryview | array | Iterable[int],
                 ends: memoryview | array | Iterable[int]):
        self.text, self.starts, self.ends = text, _view(starts), _view(ends)

    @classmethod
    def from_views(cls, text: str, starts: memoryview, ends: memoryview) -> MText:
        """An MText over offset views already cut to the text's length (no checks)."""
        mt = object.__new__(cls)
        mt.text, mt.starts, mt.ends = text, starts, ends
        return mt

    def __repr__(self) -> str:
        return f"MText({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MText) and (self.text, self.starts, self.ends) == (other.text, other.starts, other.ends)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def identity(cls, text: str, offset: int = 0) -> MText:
        n = len(text)
        return cls(text, _counting(offset, offset + n), _counting(offset + 1, offset + n + 1))

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __getitem__(self, key: slice) -> MText:
        return MText.from_views(self.text[key], self.starts[key], self.ends[key])

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source (start, end) of characters i..j of this text."""
        j = len(self.text) if j is None else j
        if not self.text:
            raise ValueError("span of empty text")
        i = max(0, min(i, len(self.text) - 1))
        j = max(i + 1, min(j, len(self.text)))
        return self.starts[i], max(self.ends[i:j])

    def strip(self) -> MText:
        s = self.text
        a = len(s) - len(s.lstrip())
        b = len(s.rstrip())
        return self[a:b] if b > a else self[0:0]

    def sub(self, pattern: regex.Pattern[str] | re.Pattern[str], repl: Callable[[regex.Match[str]], str] | str) -> MText:
        """Replace matches; replacement characters map onto the matched source span."""
        return self.replace_spans((m.start(), m.end(), repl(m) if callable(repl) else m.expand(repl))
                                  for m in pattern.finditer(self.text))

    def replace_spans(self, spans: Iterable[tuple[int, int, str]]) -> MText:
        """Replace text[a:b] by each (a, b, new), the spans in order and apart; the new
        characters map onto the replaced source span (an insertion onto its neighbour)."""
        out: list[str] = []
        starts: list = []
        ends: list = []
        pos, replaced = 0, False
        for a, b, new in spans:
            replaced = True
            out.append(self.text[pos:a])
            starts.append(self.starts[pos:a])
            ends.append(self.ends[pos:a])
            if new:
                if a < b:
                    s0, e0 = self.starts[a], max(self.ends[a:b])
                else:  # an insertion: anchor on the neighbour
                    s0 = e0 = self.starts[a] if a < len(self.text) else (self.ends[-1] if self.ends else 0)
                out.append(new)
                starts.append(_arr((s0,)) * len(new))
                ends.append(_arr((e0,)) * len(new))
            pos = b
        if not replaced:
            return self
        out.append(self.text[pos:])
        starts.append(self.starts[pos:])
        ends.append(self.ends[pos:])
        return MText("".join(out), _joined(starts), _joined(ends))

    @staticmethod
    def join(sep: str, parts: Iterable[MText]) -> MText:
        """Join parts; separator characters map to the end of the part before them."""
        parts = list(parts)
        return MText.concat((p, sep if k < len(parts) - 1 else "") for k, p in enumerate(parts))

    @staticmethod
    def concat(parts: Iterable[tuple[MText, str]]) -> MText:
        """Join parts, each followed by its own separator string (its characters map to
        the end of the text before them). The offsets are gathered as buffers and copied
        once (a block of wrapped lines is joined for every block of every document)."""
        text: list[str] = []
        starts: list = []
        ends: list = []
        last_end = 0
        for p, sep in parts:
            text.append(p.text)
            starts.append(p.starts)
            ends.append(p.ends)
            if len(p.ends):
                last_end = p.ends[-1]
            if sep:
                anchor = _arr((last_end,)) * len(sep)
                text.append(sep)
                starts.append(anchor)
                ends.append(anchor)
        return MText("".join(text), _joined(starts), _joined(ends))


def _joined(buffers: list) -> array:
    """Offset buffers (views and arrays) copied into one array at once."""
    out = _arr()
    out.frombytes(b"".join(buffers))
    return out
