"""Responsibilities from ruled PDF tables whose header names role columns ("Cơ quan chủ
trì", "Cơ quan phối hợp", "Đơn vị thực hiện"): every unit in such a column takes that
column's role, with the row's task cell as its task (rules/units.yaml ``role_columns``)."""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..model import PdfCell, Responsibility
from ..normalize import nfc
from ..rules import FLAGS, RuleSet
from ..segment import Segmented
from ..units import find_units, level_of
from .budget_pdf import stitch

NAME = "unit_tables"
VERSION = "1"
ORDER = 41


@functools.cache
def _column_rules(rules: RuleSet):
    return [(r.value, rules.rx(r)) for r in rules.units.role_columns]


def _roles_of_header(row, rules: RuleSet) -> dict[int, str]:
    roles = {}
    for k, cell in enumerate(row):
        for value, rx in _column_rules(rules):
            if cell is not None and cell.text and rx.search(cell.text):
                roles[k] = value
                break
    return roles


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Responsibility]:
    district_plan = bool(seg.context.get("district"))
    for rows in stitch(seg.doc.pdf_tables):
        header = next((i for i, row in enumerate(rows[:3])
                       if any(v != "task" for v in _roles_of_header(row, rules).values())), None)
        if header is None:
            continue
        roles = _roles_of_header(rows[header], rules)
        task_col = next((k for k, v in roles.items() if v == "task"), None)
        for row in rows[header + 1:]:
            task_cell = row[task_col] if task_col is not None and task_col < len(row) else None
            task = task_cell.text if task_cell is not None else None
            for k, role in roles.items():
                cell = row[k] if k < len(row) else None
                if role == "task" or cell is None or cell.char_start < 0:
                    continue
                for unit in find_units(cell.text, rules):
                    if district_plan and level_of(unit.canonical, rules):
                        continue
                    span = _locate(seg.doc.text, cell, unit.text)
                    yield Responsibility(seg.doc.doc_id, *span, unit.canonical, role, task, unit.text)


def _locate(text: str, cell: PdfCell, words: str) -> tuple[int, int]:
    """The unit's own span inside its cell's source span (lines and NFD may differ)."""
    mt = nfc(text[cell.char_start:cell.char_end])
    m = regex.search(r"\s*".join(regex.escape(w) for w in words.split()), mt.text, FLAGS)
    if m is None:
        return cell.char_start, cell.char_end
    a, b = mt.span(m.start(), m.end())
    return cell.char_start + a, cell.char_start + b
