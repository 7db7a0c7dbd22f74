"""Pre-Unicode Vietnamese text: TCVN3 (ABC), VNI and Windows-1258, to Unicode.

The mapping tables are data (rules/encodings.yaml, with their sources). A legacy byte
reaches us as the Latin-1 character of its code: in a text file's bytes, in a PDF text
layer set in a .VnTime or VNI-Times font, in a file someone saved as UTF-8 after
reading it as Latin-1. Which encoding a text is in is read from the PDF font's name
where there is one, else from the text: the reading in which most of the common words of
Vietnamese administrative writing appear.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import regex

from .rules import FLAGS, RuleSet, default_rules, trie_pattern

ENCODINGS = ("tcvn3", "vni", "cp1258")
_WORD = regex.compile(r"\p{L}+", FLAGS)
_SUBSET_PREFIX = regex.compile(r"^[A-Z]{6}\+")  # "ABCDEF+.VnTime": a subset of the font
_MIN_WORDS = 3  # fewer common words than this and no reading is trusted


@dataclass(frozen=True)
class _Tables:
    tcvn3: dict[str, str]
    vni: regex.Pattern[str]
    vni_map: dict[str, str]
    fonts: list[tuple[regex.Pattern[str], str, bool]]
    common: frozenset[str]


@functools.cache
def _tables(rules: RuleSet) -> _Tables:
    enc = rules.encodings
    tcvn3 = {a: b for legacy, uni in enc.tcvn3.rows for a, b in zip(legacy, uni, strict=True)}
    vni_map = dict(enc.vni.sequences)
    fonts = [(regex.compile(f.pattern, FLAGS), f.encoding, f.capitals) for f in enc.fonts]
    return _Tables(tcvn3, regex.compile(trie_pattern(vni_map), FLAGS), vni_map, fonts,
                   frozenset(unicodedata.normalize("NFC", w) for w in enc.common_words))


def to_unicode(text: str, encoding: str, capitals: bool = False, rules: RuleSet | None = None) -> str:
    """``text`` (legacy codes as Latin-1 characters) in Unicode, NFC. ``capitals``: set in
    a capitals font (.VnTimeH), whose lower-case codes print capitals."""
    t = _tables(rules or default_rules())
    if encoding == "tcvn3":
        out = "".join(t.tcvn3.get(ch, ch) for ch in text)
    elif encoding == "vni":
        out = t.vni.sub(lambda m: t.vni_map[m.group(0)], text)
    elif encoding == "cp1258":
        out = _as_bytes(text).decode("cp1258", errors="replace")
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    out = unicodedata.normalize("NFC", out)
    return out.upper() if capitals else out


def font_encoding(font_name: str, rules: RuleSet | None = None) -> tuple[str, bool] | None:
    """(encoding, capitals) a PDF font's name says its text is in, or None."""
    name = _SUBSET_PREFIX.sub("", font_name)
    for rx, encoding, capitals in _tables(rules or default_rules()).fonts:
        if rx.search(name):
            return encoding, capitals
    return None


def common_words(text: str, rules: RuleSet | None = None) -> int:
    common = _tables(rules or default_rules()).common
    return sum(w.lower() in common for w in _WORD.findall(text))


def guess(text: str, rules: RuleSet | None = None) -> tuple[str, str] | None:
    """(encoding, Unicode text) of the reading with the most common Vietnamese words, or
    None when no reading has enough of them."""
    best = None
    for encoding in ENCODINGS:
        converted = to_unicode(text, encoding, rules=rules)
        score = common_words(converted, rules)
        if score >= _MIN_WORDS and (best is None or score > best[0]):
            best = (score, encoding, converted)
    return (best[1], best[2]) if best else None


def decode_bytes(data: bytes, rules: RuleSet | None = None) -> tuple[str, str] | None:
    """A text file in a legacy encoding: (encoding, Unicode text), or None. The bytes
    0x80–0x9F are Windows punctuation (… “ ” –) in all three."""
    return guess(data.decode("latin-1").translate(_WINDOWS_PUNCTUATION), rules)


def _as_bytes(text: str) -> bytes:
    """Legacy characters back to their bytes (Latin-1, or Windows-1252 for punctuation)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("latin-1")
        except UnicodeEncodeError:
            out += ch.encode("cp1252", errors="replace")
    return bytes(out)


def _windows_punctuation() -> dict[int, str]:
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # a byte Windows-1252 leaves undefined stays its Latin-1 self
    return table


_WINDOWS_PUNCTUATION = _windows_punctuation()
