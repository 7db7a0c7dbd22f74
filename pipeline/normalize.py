"""normalize: source text → NFC text with conversion damage repaired, offsets kept.

Order: NFC by grapheme cluster, one-character map, lost-glyph restoration, old-style
tone placement, then the regex repairs of ``rules/normalize.yaml``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Sequence

import regex

from .mtext import OFFSET_TYPECODE, MText
from .rules import FLAGS, RuleSet, trie_pattern

VOWELS = set("aeiouyăâêôơư" "AEIOUYĂÂÊÔƠƯ")


def _has_vowel(s: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] in VOWELS for c in s)


_MARKS = regex.compile(r"\p{M}+", FLAGS)  # found by a scan for the set: most text has none


def nfc(text: str, composed: str | None = None) -> MText:
    """NFC, each composed character mapped onto its whole source cluster (a base
    character and the run of combining marks after it); text already in NFC costs one
    check. ``composed``: unicodedata's NFC of the whole text, if the caller has it."""
    mt = MText.identity(text)
    composed = unicodedata.normalize("NFC", text) if composed is None else composed
    if composed == text:
        return mt
    mt = mt.replace_spans((m.start() - 1, m.end(), unicodedata.normalize("NFC", text[m.start() - 1:m.end()]))
                          for m in _MARKS.finditer(text) if m.start() > 0)
    # what is left (a mark with no base, compositions across clusters) in one pass
    return mt if mt.text == composed else _nfc_by_char(mt)


def _nfc_by_char(mt: MText) -> MText:
    """The slow, always-right way: NFC per base character and its marks."""
    text = mt.text
    out: list[str] = []
    starts, ends = array(OFFSET_TYPECODE), array(OFFSET_TYPECODE)
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        starts.extend([mt.starts[i]] * len(composed))
        ends.extend([max(mt.ends[i:j])] * len(composed))
        i = j
    return MText("".join(out), starts, ends)


@functools.cache
def _compiled(rules: RuleSet) -> tuple:
    norm = rules.normalize
    # the standard library's engine turns an alternation of single characters into one
    # set: a third of the time of ``regex`` on every character of every document
    char_rx = re.compile("|".join(re.escape(k) for k in sorted(norm.char_map, key=len, reverse=True)))
    end_rx = regex.compile(r"(?<![qQ])" + trie_pattern(norm.syllable_end_map) + r"(?!\p{L})", FLAGS)
    return char_rx, end_rx, _lost_glyph_table(norm.lost_glyphs, norm.lost_glyph_syllables)


def _lost_glyph_table(glyphs: str, syllables: list[str]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Broken form → syllable, for broken forms that only one syllable can produce."""
    candidates: dict[str, set[str]] = {}
    for syl in syllables:
        for variant in (syl, syl[:1].upper() + syl[1:]):
            for k, ch in enumerate(variant):
                if ch.lower() not in glyphs.lower():
                    continue
                left, right = variant[:k], variant[k + 1:]
                if not left or (_has_vowel(left) and _has_vowel(right)):
                    continue
                candidates.setdefault(left + " " + right, set()).add(variant)
    table = {broken: next(iter(s)) for broken, s in candidates.items() if len(s) == 1}
    if not table:
        return None, {}
    # The gap may be followed by the word's own space (an empty right side: "h  sơ"), so
    # the trie matches after every word ending in "h": the letter checks around it are
    # tried tens of thousands of times a document. The standard library's engine does
    # that in half the time of ``regex``; its ``[^\W\d_]`` is a letter (str.isalpha,
    # \p{L}) or a non-decimal number sign (², Ⅳ), which never borders a broken syllable.
    # The word-start check comes after each form's first letter (a lookbehind over that
    # letter and the one before): a pattern that opens with letters is tried only where
    # one of them stands, one that opens with a lookbehind at every position (−22%).
    by_first: dict[str, list[str]] = {}
    for broken in table:
        by_first.setdefault(broken[0], []).append(broken[1:])
    alternatives = [re.escape(first) + r"(?<![^\W\d_].)" + trie_pattern(rests) for first, rests in sorted(by_first.items())]
    rx = re.compile("(?:" + "|".join(alternatives) + r")(?![^\W\d_])")
    return rx, table


def normalize(text: str, rules: RuleSet, composed: str | None = None,
              ocr_spans: Sequence[tuple[int, int]] = ()) -> MText:
    """``composed``: unicodedata's NFC of the text, if the caller has it (see ``nfc``).
    ``ocr_spans``: the source spans of OCR'd pages, where ``ocr_repairs`` apply too."""
    char_rx, end_rx, (glyph_rx, glyph_table) = _compiled(rules)
    norm = rules.normalize
    mt = nfc(text, composed)
    mt = mt.sub(char_rx, lambda m: norm.char_map[m.group(0)])
    if glyph_rx is not None:
        mt = mt.sub(glyph_rx, lambda m: glyph_table[m.group(0)])
    mt = mt.sub(end_rx, lambda m: norm.syllable_end_map[m.group(0)])
    for rep in norm.repairs:
        mt = mt.sub(rules.rx(rep), rep.replace)
    for rep in norm.ocr_repairs if ocr_spans else ():
        mt = mt.sub(rules.rx(rep), functools.partial(_within, mt, ocr_spans, rep.replace))
    return mt


def _within(mt: MText, spans: Sequence[tuple[int, int]], template: str, m: regex.Match) -> str:
    """The repair inside the spans, the text as it is outside them."""
    at = mt.starts[m.start()]
    return m.expand(template) if any(a <= at < b for a, b in spans) else m.group(0)


def fold(s: str) -> str:
    """Lower case without diacritics (đ → d): for comparing names, never for output."""
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("đ", "d").replace("Đ", "D").lower()
