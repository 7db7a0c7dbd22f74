"""Targets: quantified objectives the plan sets — its target percentages and counts in
other units (``ít nhất 01 cán bộ``, ``trên 45 Mb``) — with comparator, subject,
scope and deadline year read from the words around the value (rules/targets.yaml)."""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..model import Target
from ..mtext import MText
from ..numbers import parse_number
from ..rules import FLAGS, RuleSet
from ..segment import Block, Segmented
from .percentages import Mention, mention_kind, mentions

NAME = "targets"
VERSION = "1"
ORDER = 30

_CLAUSE_END = regex.compile(r"[,;:(]|\.\s|\.$|\s-\s|\s(?:và|để|nhằm|trong đó|theo)\s", FLAGS)
_VERB_BEFORE = regex.compile(r"^(?P<subject>.{3,}?)\s+(?:đạt|là|ở mức|bằng)\s+(?:tỷ lệ\s+)?(?:\S+\s+){0,3}$", FLAGS)
_MARKER = regex.compile(r"^(?:[-+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s*", FLAGS)


@functools.cache
def _cmp_rules(rules: RuleSet):
    before = [(r.value, rules.rx(r)) for r in rules.targets.comparators if r.pattern.endswith("$")]
    after = [(r.value, rules.rx(r)) for r in rules.targets.comparators if r.pattern.startswith("^")]
    return before, after


def comparator(before: str, after: str, rules: RuleSet, sign: str | None = None) -> str:
    if sign:
        return {"≥": ">=", "≤": "<="}.get(sign, sign)
    pre, post = _cmp_rules(rules)
    for value, rx in post:
        if rx.search(after):
            return value
    tail = before[-30:]
    for value, rx in pre:
        if rx.search(tail):
            return value
    return "="


def scope_of(text: str, rules: RuleSet) -> str | None:
    for r in rules.targets.scopes:
        if rules.rx(r).search(text):
            return r.value
    return None


def deadline_of(sentence: str, block: Block, rules: RuleSet) -> int | None:
    texts = [sentence] + [h.title for h in reversed(block.section)]
    for text in texts:
        for r in rules.targets.deadlines:
            m = rules.rx(r).search(text)
            if m:
                return int(m.group("year"))
    return None


def _trim_subject(s: str, rules: RuleSet) -> str:
    s = _MARKER.sub("", s.strip())
    for r in rules.targets.subject_trim:
        s = rules.rx(r).sub("", s)
    s = s.strip(" ,;:.-")
    words = s.split()
    return " ".join(words[:25])


def subject_of(before: str, after: str, rules: RuleSet, unit: str) -> str | None:
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    head = before[clause_start:]
    m = _VERB_BEFORE.match(head)
    if m and len(_trim_subject(m.group("subject"), rules)) > 3:
        return _trim_subject(m.group("subject"), rules)
    tail_end = _CLAUSE_END.search(after)
    tail = after[: tail_end.start()] if tail_end else after
    tail = _trim_subject(tail, rules)
    if not tail:
        return _trim_subject(head, rules) or None
    return ("Tỷ lệ " + tail) if unit == "%" else (unit[:1].upper() + unit[1:] + " " + tail).strip()


def _neighbour_values(ms: list[Mention], i: int) -> tuple[int, int]:
    """The part of the sentence that belongs to mention i: from the previous value to the next."""
    m = ms[i]
    lo = max((x.end for x in ms if x.sentence is m.sentence and x.end <= m.start), default=0)
    hi = min((x.start for x in ms if x.sentence is m.sentence and x.start >= m.end), default=len(m.sentence))
    return lo, hi


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Target]:
    ms = [m for m in mentions(seg, rules) if m.kind == "target"]
    cells = [(seg.doc.line_of(m.sentence.span(m.start, m.end)[0]), m.value) for m in ms if m.rule == "unit_cell"]
    for i, m in enumerate(ms):
        if m.bound == "hi":
            continue
        line = seg.doc.line_of(m.sentence.span(m.start, m.end)[0])
        if m.rule != "unit_cell" and any(line < cl <= line + 8 and v == m.value for cl, v in cells):
            continue  # an indicator's name that quotes the value its unit cell gives
        yield _target(seg, m, i, ms, rules)
    yield from _quantities(seg, rules)


def _target(seg: Segmented, m: Mention, i: int, ms: list[Mention], rules: RuleSet) -> Target:
    s = m.sentence.text
    lo, hi = _neighbour_values(ms, i)
    before, after = s[lo:m.start], s[m.end:hi]
    cmp = ">=" if m.bound == "lo" else comparator(s[:m.start], s[m.end:], rules, m.sign)
    scope = scope_of(after, rules) or scope_of(before[-60:], rules)
    start, end = m.sentence.span(m.start, m.end)
    return Target(seg.doc.doc_id, start, end, m.value, "%", cmp, subject_of(before, after, rules, "%"),
                  scope, deadline_of(s, m.block, rules))


def _quantities(seg: Segmented, rules: RuleSet) -> Iterator[Target]:
    for block in seg.blocks:
        for sent in block.sentences():
            for r in rules.targets.quantity:
                for q in rules.rx(r).finditer(sent.text):
                    if mention_kind(block, sent.text, rules, "target") != "target":
                        continue
                    value = parse_number(q.group("num"))
                    if value is None:
                        continue
                    s = sent.text
                    unit = q.group("unit")
                    cmp = comparator(s[:q.start("num")], s[q.end("unit"):], rules)
                    after = s[q.end("unit"):]
                    start, end = sent.span(q.start("num"), q.end("unit"))
                    yield Target(seg.doc.doc_id, start, end, value, unit, cmp,
                                 subject_of(s[:q.start("cmp")], after, rules, unit),
                                 scope_of(after[:80], rules), deadline_of(s, block, rules))


