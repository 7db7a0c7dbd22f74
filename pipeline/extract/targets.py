"""Targets: quantified objectives the plan sets — its target percentages and counts in
other units (``ít nhất 01 cán bộ``, ``trên 45 Mb``) — with comparator, subject,
scope and deadline year read from the words around the value (rules/targets.yaml).

The words that belong to a value are its *clause*: from the previous value (or the
clause start) to the next value (or the clause end). In an appendix table whose unit
column says ``%`` (``% 90``), the indicator is the cell text above the value.
"""
from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterator

import regex

from ..model import Target
from ..numbers import parse_number, words_to_number
from ..rules import FLAGS, RuleSet
from ..segment import Block, Segmented
from .percentages import Mention, claimed_cells, mention_kind, mentions, section_kind

_TRAILING_GLUE = regex.compile(r"(?:,?\s*(?:phấn đấu|và|,))+\s*$")
_WORD = regex.compile(r"\p{L}+")

_HEADING_WORDS = 12  # what of a heading block is its heading (a run-on paragraph may follow)

NAME = "targets"
ORDER = 30

# Where the words of one value end: commas stay (cán bộ, công chức, viên chức).
_CLAUSE_END = regex.compile(r";|\.\s|\.$|:|\s-\s|\s(?:để|nhằm|trong đó|theo quy định|đảm bảo|bảo đảm)\s", FLAGS)
_CLAUSE_START = regex.compile(r";|\.\s|:|^[-+•]\s*", FLAGS)
_VERB_BEFORE = regex.compile(
    r"^(?P<subject>.{3,}?)\s+(?:đạt|là|ở mức|bằng|chiếm)\s+(?:tỷ lệ\s+)?(?:\S+\s+){0,3}$", FLAGS)
_MARKER = regex.compile(r"^(?:[-+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s*", FLAGS)
_PAREN_TAIL = regex.compile(r"\s*\((?:trừ|không kể|ngoại trừ)[^)]*\)?\s*$", FLAGS)
_ROW_INDEX = regex.compile(r"^(?:\d{1,2}|[IVX]{1,4})$")
_INLINE_VALUE = regex.compile(r"^(?P<pre>.*?)(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s?%\s*(?P<rest>.*)$", FLAGS)


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
    """district or commune when the words name one level only; None for both or neither."""
    found = {r.value for r in rules.targets.scopes if rules.rx(r).search(text)}
    return found.pop() if len(found) == 1 else None


def deadline_of(sentence: str, start: int, end: int, values: list[tuple[int, int]], block: Block,
                rules: RuleSet) -> int | None:
    """The year by which the value must be met: a deadline phrase before it in its
    sentence, or after it with no other value after the phrase; else the sentence that
    introduces its list ("Đến hết năm 2030, phấn đấu đạt được những mục tiêu sau:"), else
    its section headings, innermost first."""
    for r in rules.targets.deadlines:
        for m in rules.rx(r).finditer(sentence):
            if m.start() < start or not any(a >= m.end() for a, _ in values):
                return int(m.group("year"))
    for introduces in ([block.intro] if block.intro else []) + list(reversed(block.section)):
        for r in rules.targets.deadlines:
            m = rules.rx(r).search(introduces.text.text)
            if m:
                return int(m.group("year"))
    return None


def _trim(s: str, rules: RuleSet) -> str:
    s = _MARKER.sub("", s.strip())
    for r in rules.targets.subject_trim:
        s = rules.rx(r).sub("", s)
    for r in rules.targets.deadlines:
        s = rules.rx(r).sub("", s)
    s = _PAREN_TAIL.sub("", s)
    s = _TRAILING_GLUE.sub("", s.strip())
    return " ".join(s.strip(" ,;:.-").split()[:32])


def _is_empty(s: str) -> bool:
    return len(_WORD.findall(s)) < 2


def subject_of(before: str, after: str, rules: RuleSet, unit: str) -> str | None:
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    head = before[clause_start:]
    m = _VERB_BEFORE.match(head)
    if m and not _is_empty(_trim(m.group("subject"), rules)):
        return _trim(m.group("subject"), rules)
    tail_end = _CLAUSE_END.search(after)
    tail = _trim(after[: tail_end.start()] if tail_end else after, rules)
    if _is_empty(tail):
        head = _trim(head, rules)
        return None if _is_empty(head) else head
    if unit == "%":
        return tail if tail.lower().startswith("tỷ lệ") else "Tỷ lệ " + tail
    return (unit[:1].upper() + unit[1:] + " " + tail).strip()


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Target]:
    ms = [m for m in mentions(seg, rules) if m.kind == "target"]
    # per sentence and per line, looked up by each mention: a whole-document scan per
    # mention made a 50 MB text quadratic
    values: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for x in ms:
        values[id(x.sentence)].append((x.start, x.end))
    cells = sorted((seg.doc.line_of(m.sentence.span(m.start, m.end)[0]), m.value) for m in ms if m.rule == "unit_cell")
    cell_lines = [cl for cl, _v in cells]
    previous: Target | None = None
    for m in ms:
        if m.bound == "hi":
            continue
        line = seg.doc.line_of(m.sentence.span(m.start, m.end)[0])
        below = cells[bisect.bisect_right(cell_lines, line):bisect.bisect_right(cell_lines, line + 8)]
        if m.rule != "unit_cell" and any(v == m.value for _cl, v in below):
            continue  # an indicator's name that quotes the value its unit cell gives
        if m.rule == "unit_cell":
            target = _cell_target(seg, m, rules)
        else:
            target = _target(seg, m, values[id(m.sentence)], rules, previous)
        previous = target
        yield target
    cells = claimed_cells(seg, rules)
    yield from (t for t in _quantities(seg, rules) if not cells.overlaps(t.char_start, t.char_end))


def _target(seg: Segmented, m: Mention, values: list[tuple[int, int]], rules: RuleSet,
            previous: Target | None) -> Target:
    """``values``: the spans of every target mention in m's sentence."""
    s = m.sentence.text
    lo = max((b for a, b in values if b <= m.start), default=0)
    hi = min((a for a, b in values if a >= m.end), default=len(s))
    before, after = s[lo:m.start], s[m.end:hi]
    cmp = ">=" if m.bound == "lo" else comparator(s[:m.start], s[m.end:], rules, m.sign)
    before_clause = before[max((x.end() for x in _CLAUSE_START.finditer(before)), default=0):]
    end = _CLAUSE_END.search(after)
    after_clause = after[: end.start()] if end else after
    scope = scope_of(after_clause, rules) or scope_of(before_clause, rules)
    subject = subject_of(before, after, rules, "%")
    if subject is None and previous is not None and previous.doc_id == seg.doc.doc_id and lo > 0:
        subject = previous.subject  # "..., phấn đấu đến năm 2025 là 100%": the same indicator
    start, stop = m.sentence.span(m.start, m.end)
    return Target(seg.doc.doc_id, start, stop, m.value, "%", cmp, subject, scope,
                  deadline_of(s, m.start, m.end, values, m.block, rules))


def _cell_target(seg: Segmented, m: Mention, rules: RuleSet) -> Target:
    """A table row: indicator cell | % | value. The indicator is the lines above the value
    up to the row number."""
    start, stop = m.sentence.span(m.start, m.end)
    k = bisect.bisect_right(seg.line_starts(), start) - 1
    cell: list[str] = []
    for ln in reversed(seg.lines[max(0, k - 8):k]):
        t = ln.text.text.strip()
        if _ROW_INDEX.match(t) or t.startswith("%"):
            break
        cell.append(t)
    indicator = " ".join(reversed(cell))
    cmp_text = indicator
    inline = _INLINE_VALUE.match(indicator)
    if inline:  # "Tối thiểu 90% người dân ...": the comparator and the indicator around the quoted value
        cmp_text = inline.group("pre")
        indicator = (inline.group("pre") + " " + inline.group("rest")).strip()
    subject = _trim(indicator, rules)  # drops a leading "Tối thiểu" too (subject_trim)
    subject = subject if subject.lower().startswith("tỷ lệ") else "Tỷ lệ " + subject
    cmp = comparator(cmp_text + " ", "", rules, m.sign)
    return Target(seg.doc.doc_id, start, stop, m.value, "%", cmp, subject, scope_of(indicator, rules),
                  deadline_of(indicator, 0, 0, [], m.block, rules))


def _quantities(seg: Segmented, rules: RuleSet) -> Iterator[Target]:
    for block in seg.blocks:
        if section_kind(block, rules) == "result":
            continue  # what was done (a result section's quantities), not a target
        # a quantity in a sentence is one in its block (no sentence cut falls inside one):
        # the rules that find none in the block are not tried on its sentences
        found = [(r.value, rx) for r in rules.targets.quantity if (rx := rules.rx(r)).search(block.text.text)]
        if not found:
            continue
        if not under_objectives(block, rules):  # a bare count is a target under objectives only
            found = [(kind, rx) for kind, rx in found if kind != "bare"]
        for sent in block.sentences():
            matches = sorted(((q, kind) for kind, rx in found for q in rx.finditer(sent.text)),
                             key=lambda t: t[0].start())
            taken: list[tuple[int, int]] = []
            whole = None  # the last count of this sentence that is no part of a breakdown
            for q, kind in matches:
                if any(a < q.end() and q.start() < b for a, b in taken):
                    continue  # a count another rule read already
                target, is_part = _quantity(seg, block, sent, q, kind, rules, whole)
                if target is not None:
                    taken.append(q.span())
                    whole = whole if is_part else target
                    yield target


def _quantity(seg: Segmented, block: Block, sent, q: regex.Match, kind: str, rules: RuleSet,
              whole: Target | None) -> tuple[Target | None, bool]:
    """The target a count gives (None if it is none), and whether it is a part of ``whole``."""
    s = sent.text
    if mention_kind(block, s, rules, "target") != "target":
        return None, False
    value = parse_number(q.group("num")) if q.group("num")[0].isdigit() else words_to_number(q.group("num"))
    if value is None:
        return None, False
    unit = rules.targets.rank_unit if kind == "rank" else q.group("unit")
    cmp = comparator(s[:q.start("num")], s[q.end("unit"):], rules)
    after = s[q.end("unit"):]
    start, end = sent.span(q.start("num"), q.end("num") if kind == "rank" else q.end("unit"))
    labelled, is_part = _labelled_subject(s[:q.start("cmp")], whole, rules)
    subject = labelled or subject_of(s[:q.start("cmp")], after, rules, unit)
    return Target(seg.doc.doc_id, start, end, value, unit, cmp, subject,
                  scope_of(after[:80], rules), deadline_of(s, q.start(), q.end(), [], block, rules)), is_part


def _labelled_subject(before: str, whole: Target | None, rules: RuleSet) -> tuple[str | None, bool]:
    """The label of a "Label: value" line, and whether it names a part of ``whole`` (a
    breakdown after "Trong đó:"), whose subject it then takes."""
    found = {r.value: m for r in rules.targets.subject_labels if (m := rules.rx(r).search(before))}
    if "label" not in found:
        return None, False
    label = _trim(found["label"].group("label"), rules)
    if "breakdown" in found and whole is not None and whole.subject:
        part = _trim(label.rsplit(",", 1)[-1], rules)  # "VNPT: 15 trạm, Viettel:": the part after the last value
        return rules.targets.breakdown_subject.format(whole=whole.subject, part=part), True
    return label or None, False


def under_objectives(block: Block, rules: RuleSet) -> bool:
    """Whether a heading above the block (or the block itself) sets objectives, a period
    or a deadline: learnt once per heading."""
    for heading in (*block.section, *([block] if block.is_heading else [])):
        if "objectives" not in heading.memo:
            first_words = " ".join(heading.text.text.split()[:_HEADING_WORDS])
            heading.memo["objectives"] = any(
                rules.rx(r).search(first_words) for r in rules.targets.objective_sections)
        if heading.memo["objectives"]:
            return True
    return False
