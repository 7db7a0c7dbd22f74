"""Percentages: every ``N%`` (ranges give both ends; a ``% N`` table cell counts), with
its kind — target, result or other — from the section it stands in and the words
around it (rules/targets.yaml)."""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Percentage
from ..mtext import MText
from ..numbers import parse_number
from ..rules import RuleSet
from ..segment import Block, Segmented

NAME = "percentages"
ORDER = 20


@dataclass(frozen=True)
class Mention:
    """A percentage as found, with what targets need to read around it."""

    block: Block
    sentence: MText
    start: int  # of the number, in the sentence
    end: int  # after the % sign
    value: float
    rule: str  # range | plain | unit_cell
    bound: str | None  # "lo" / "hi" for a range
    sign: str | None  # a comparator sign printed in a unit cell ("% > 95")
    kind: str


def section_kind(block: Block, rules: RuleSet) -> str | None:
    """result / target from the innermost heading whose title says which."""
    innermost = block if block.is_heading else (block.section[-1] if block.section else None)
    return None if innermost is None else _chain_kind(innermost, rules)


def _chain_kind(heading: Block, rules: RuleSet) -> str | None:
    """The kind a heading and the headings above it give, learnt once per heading (every
    block under it asks)."""
    if "chain_kind" not in heading.memo:
        kind = _heading_kind(heading, rules)
        if kind is None and heading.section:
            kind = _chain_kind(heading.section[-1], rules)
        heading.memo["chain_kind"] = kind
    return heading.memo["chain_kind"]


def _heading_kind(heading: Block, rules: RuleSet) -> str | None:
    if "section_kind" not in heading.memo:
        t, title = rules.targets, heading.own_line
        heading.memo["section_kind"] = (
            "result" if any(rules.rx(r).search(title) for r in t.result_sections)
            else "target" if any(rules.rx(r).search(title) for r in t.target_sections) else None)
    return heading.memo["section_kind"]


def mention_kind(block: Block, sentence: str, rules: RuleSet, default: str) -> str:
    if block.memo.get("score_sheet"):
        return "other"
    for r in rules.targets.not_target_cues:
        if rules.rx(r).search(sentence):
            return "other"
    sec = section_kind(block, rules)
    if sec is not None:
        return sec
    for r in rules.targets.kind_cues:
        if rules.rx(r).search(sentence):
            return r.value or default
    return default


@functools.cache
def _percent_rules(rules: RuleSet):
    return [(r.value or r.id, rules.rx(r)) for r in rules.targets.percent]


def mark_score_sheets(seg: Segmented, rules: RuleSet) -> None:
    """Flag the blocks of score-sheet appendices (``block.memo["score_sheet"]``): from a
    title line such as "THANG ĐIỂM …" to the next appendix."""
    if "score_sheets" in seg.context:
        return
    seg.context["score_sheets"] = True
    opens = [rules.rx(r) for r in rules.targets.score_sheets if r.value != "end"]
    closes = [rules.rx(r) for r in rules.targets.score_sheets if r.value == "end"]
    inside = False
    for block in seg.blocks:
        # a title may be wrapped ("THANG" / "ĐIỂM THI ĐUA …"): each line, and the block's text
        texts = [block.text.text, *(line.text.text for line in block.lines[1:])]
        if inside and any(rx.match(t) for rx in closes for t in texts):
            inside = False
        if any(rx.match(t) for rx in opens for t in texts):
            inside = True
        if inside:
            block.memo["score_sheet"] = True


class Spans:
    """Disjoint source spans (table cells), asked whether a span overlaps one of them:
    only the last one that starts before the span ends can."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self._starts = [a for a, _b in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self.spans[k - 1][1] > start


def claimed_cells(seg: Segmented, rules: RuleSet) -> Spans:
    """The value cells of indicator tables: that extractor reads them with their column's
    meaning, so the sentence rules leave them alone."""
    from .indicator_tables import indicator_values  # it reads cells with the targets' words

    return Spans([(v.cell.char_start, v.cell.char_end) for v in indicator_values(seg, rules)])


def mentions(seg: Segmented, rules: RuleSet) -> Iterator[Mention]:
    mark_score_sheets(seg, rules)
    cells = claimed_cells(seg, rules)
    for block in seg.blocks:
        if "%" not in block.text.text:
            continue
        for sent in block.sentences():
            for m in _in_sentence(block, sent, rules):
                if not cells.overlaps(*sent.span(m.start, m.end)):
                    yield m


def _in_sentence(block: Block, sent: MText, rules: RuleSet) -> Iterator[Mention]:
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    kind = None
    for rule_id, rx in _percent_rules(rules):
        for m in rx.finditer(sent.text):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            kind = kind or mention_kind(block, sent.text, rules, "target")
            if rule_id == "range":
                for bound in ("lo", "hi"):
                    v = parse_number(m.group(bound))
                    if v is not None:
                        end = b if bound == "hi" else m.end(bound)
                        found.append(Mention(block, sent, m.start(bound), end, v, rule_id, bound, None, kind))
            else:
                v = parse_number(m.group("num"))
                if v is None or v > 1000:
                    continue
                sign = (m.groupdict().get("cmp") or "").strip() or None
                start = a if rule_id == "unit_cell" else m.start("num")
                found.append(Mention(block, sent, start, b, v, rule_id, None, sign, kind))
    yield from sorted(found, key=lambda x: x.start)


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Percentage]:
    for m in mentions(seg, rules):
        start, end = m.sentence.span(m.start, m.end)
        yield Percentage(seg.doc.doc_id, start, end, m.value, m.kind)
