"""Responsibilities: (unit, role, task) assignments — unit headings of the "Tổ chức thực
hiện" section and the verbs of their tasks (chủ trì, phối hợp, tham mưu, chỉ đạo),
"X chủ trì, phối hợp với Y" anywhere, and units that open a task line."""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..model import Responsibility
from ..mtext import MText
from ..rules import FLAGS, RuleSet
from ..segment import Block, Segmented
from ..units import UnitMention, find_units

NAME = "responsibilities"
VERSION = "1"
ORDER = 40

_WITH = regex.compile(r"(?:phối hợp|Phối hợp)\s*(?:chặt chẽ\s+)?(?:với\s+)?$", FLAGS)


@functools.cache
def _roles(rules: RuleSet):
    return [(r.value, rules.rx(r)) for r in rules.units.roles]


def _in_org_section(block: Block, rules: RuleSet) -> bool:
    secs = [*block.section, block] if block.is_heading else list(block.section)
    return any(rules.rx(r).search(h.title) for h in secs for r in rules.units.sections)


def _record(seg: Segmented, text: MText, u: UnitMention, role: str, task: str | None) -> Responsibility:
    start, end = text.span(u.start, u.end)
    return Responsibility(seg.doc.doc_id, start, end, u.canonical, role, (task or "")[:300] or None, u.text)


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Responsibility]:
    heading_units: dict[int, list[UnitMention]] = {}
    seen: set[tuple] = set()
    for block in seg.blocks:
        org = _in_org_section(block, rules)
        for rec in _block(seg, block, org, heading_units, rules):
            key = (rec.unit, rec.role, rec.char_start)
            if key not in seen:
                seen.add(key)
                yield rec


def _block(seg, block: Block, org: bool, heading_units, rules) -> Iterator[Responsibility]:
    text = block.text
    body_at = len(block.marker)
    s = text.text
    units = list(find_units(s, rules))
    if org and block.is_heading:
        title_end = body_at + len(block.title) + 1
        own = [u for u in units if u.start < title_end]
        if own and own[0].start <= body_at + 4:
            heading_units[block.index] = own
            for u in own:
                yield _record(seg, text, u, "implement", block.title)
    # the heading units this block's tasks belong to
    owners: list[tuple[Block, list[UnitMention]]] = []
    for h in (*block.section, block):
        if h.index in heading_units:
            owners = [(h, heading_units[h.index])]
    for sent_start, sent in _sentences(block):
        yield from _sentence(seg, block, sent, sent_start, units, owners, org, rules)


def _sentences(block: Block):
    for sent in block.sentences():
        yield sent.starts[0], sent


def _sentence(seg, block, sent: MText, _start, units_all, owners, org, rules) -> Iterator[Responsibility]:
    s = sent.text
    units = list(find_units(s, rules))
    roles = [(v, m) for v, rx in _roles(rules) for m in rx.finditer(s)]
    task = s[:300]
    for u in units:
        after = s[u.end:u.end + 25]
        before = s[max(0, u.start - 30):u.start]
        role = None
        for v, rx in _roles(rules):
            m = rx.search(after)
            if m and m.start() <= 3:
                role = v
                break
        if _WITH.search(before):
            role = "coordinate"
        if role is None and u.start <= 3 and (org or block.marker_kind in ("dash", "plus")):
            role = "implement"
        if role:
            yield _record(seg, sent, u, role, task)
    # verbs at the start of an owner's task line give the owner its role
    if owners and org:
        owner_block, owner_units = owners[0]
        head = s[len(block.marker):] if sent.starts[0] == block.text.starts[0] else s
        for v, m in roles:
            if m.start() - (len(s) - len(head)) <= 2 or (v == "coordinate" and m.start() < 40):
                for ou in owner_units:
                    yield _record(seg, owner_block.text, ou, v, task)
