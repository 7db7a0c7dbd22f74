"""Responsibilities from tables whose header names role columns ("Cơ quan chủ trì",
"Cơ quan phối hợp", "Đơn vị thực hiện"): every unit in such a column takes that
column's role, with the row's task as its task (rules/units.yaml ``role_columns``).

Ruled PDF tables give their cells. A table converted to text has lost its columns: each
cell is broken over short lines, row after row. There a row's units are the names that
open a line (the task text before them does not), and a name joined to the one before
by "," or "và" is in the same cell; the cells then take the header's role columns in
order, a collective group ("Các cơ quan, đơn vị", "UBND các xã") the implementing
column, where the row has fewer cells than the header has columns."""
from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ..model import PdfCell, Responsibility
from ..mtext import MText
from ..pdf_tables import TextLocator
from ..rules import FLAGS, RuleSet
from ..segment import Line, Segmented
from ..text_tables import text_tables
from ..units import UnitMention, find_units, level_of
from .budget_pdf import stitch

NAME = "unit_tables"
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
    if seg.doc.pdf_tables:
        yield from _cell_tables(seg, stitch(seg.doc.pdf_tables), rules)
    else:
        tables = text_tables(seg)  # markdown rows and "|" lines: cells kept
        yield from _cell_tables(seg, [[t.header, *(r.cells for r in t.rows)] for t in tables], rules)
        if not tables:  # a text with separators has no tables without them
            yield from _text_tables(seg, rules)


def _cell_tables(seg: Segmented, tables, rules: RuleSet) -> Iterator[Responsibility]:
    """Tables whose cells are known (ruled PDF tables, text tables with separators): the
    role columns of the header give every unit in them its role, the row's task cell its task."""
    district_plan = bool(seg.context.get("district"))
    for rows in tables:
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
    found = TextLocator(text[cell.char_start:cell.char_end], cell.char_start).cell(words)
    return (cell.char_start, cell.char_end) if found.char_start < 0 else (found.char_start, found.char_end)


# ------------------------------------------------------------------ tables as text

CELL_LINE = 40  # a header cell's line is short; running text is not
COLLECTIVE = {"group", "commune", "enterprise"}
_SAME_CELL = regex.compile(r"^[\s,]*(?:(?:và|,)[\s,]*)+$", FLAGS)
_ROW_INDEX = regex.compile(r"\s*(?:\d{1,3}(?:\.\d{1,2})?\.?|[IVX]{1,5}\.?)?\s*", FLAGS)
_LINE_REST = regex.compile(r"[^\S\n]*(?:,|và)?[^\S\n]*(?=\n|$)|[\s,]*(?:và\s+)?", FLAGS)


@functools.cache
def _text_rule(rules: RuleSet, value: str):
    return [rules.rx(r) for r in rules.units.text_tables if r.value == value]


def _text_tables(seg: Segmented, rules: RuleSet) -> Iterator[Responsibility]:
    lines = seg.lines
    i = 0
    while i < len(lines):
        header_end, columns = _header_at(lines, i, rules)
        if not columns:
            i = max(i + 1, header_end)  # no later line of the same run starts a header
            continue
        i = header_end
        for row in _rows(lines, header_end, rules):
            yield from _row_records(seg, row, columns, rules)
            i = max(i, row[-1].index + 1)


def _header_at(lines: list[Line], i: int, rules: RuleSet) -> tuple[int, list[str]]:
    """A header: a run of short lines from ``i`` that names the lead column (and maybe
    others). Returns the index after the run and the role columns in order (none when
    the run is no header)."""
    row_rx = _text_rule(rules, "row")
    j = i
    while j < len(lines) and len(lines[j].text.text) <= CELL_LINE and not any(r.match(lines[j].text.text) for r in row_rx):
        j += 1
    if j - i < 3:
        return j, []
    text = " ".join(ln.text.text for ln in lines[i:j])
    found = sorted((m.start(), value) for value, rx in _column_rules(rules) if value != "task"
                   for m in [rx.search(text)] if m)
    roles = [v for _, v in found]
    return j, (roles if "lead" in roles else [])


def _rows(lines: list[Line], start: int, rules: RuleSet) -> Iterator[list[Line]]:
    """The rows after a header: each opens at a row-index line and runs to the next."""
    row_rx, end_rx = _text_rule(rules, "row"), _text_rule(rules, "end")
    row: list[Line] = []
    for ln in lines[start:]:
        s = ln.text.text
        if any(r.match(s) for r in end_rx):
            break
        if any(r.match(s) for r in row_rx):
            if row:
                yield row
            row = [ln]
        elif row:
            row.append(ln)
    if row:
        yield row


def _row_records(seg: Segmented, row: list[Line], columns: list[str], rules: RuleSet) -> Iterator[Responsibility]:
    first = row[0].text
    first = first[_ROW_INDEX.match(first.text).end():]  # "3 Phát triển …": the task's first line
    parts = [ln.text for ln in row[1:]]
    if first.text.strip():
        parts.insert(0, first)
    text = MText.join("\n", parts)
    s = text.text
    cells: list[list[UnitMention]] = []
    last_end = None
    units = list(find_units(s, rules))
    starts = {u.start for u in units}
    for u in units:
        # a cell opens a line with a capital; "các cơ quan" in the task text goes on a sentence
        opens_line = (u.start == 0 or s[:u.start].rstrip(" ").endswith("\n")) and u.text[:1].isupper()
        joined = last_end is not None and _SAME_CELL.match(s[last_end:u.start])
        if not (opens_line or joined) or not _ends_cell_line(s, u.end, starts):
            continue  # a name inside the task text, not a cell of its own
        if joined and cells:
            cells[-1].append(u)
        else:
            cells.append([u])
        last_end = u.end
    if not cells:
        return
    task = " ".join(s[:cells[0][0].start].split())[:300] or None
    district_plan = bool(seg.context.get("district"))
    for cell, role in zip(cells, _cell_roles(cells, columns), strict=True):
        for u in cell:
            if role is None or (district_plan and level_of(u.canonical, rules)):
                continue
            a, b = text.span(u.start, u.end)
            yield Responsibility(seg.doc.doc_id, a, b, u.canonical, role, task, u.text)


def _ends_cell_line(s: str, end: int, starts: set[int]) -> bool:
    """Nothing but "," or "và" follows the name on its line, or another name does."""
    m = _LINE_REST.match(s, end)
    return m.end() == len(s) or s[m.end()] == "\n" or m.end() in starts


def _cell_roles(cells: list[list[UnitMention]], columns: list[str]) -> list[str | None]:
    """Each cell's column, in the header's order. A full row takes the columns one by one.
    In a shorter one a last cell that is a collective group ("Các cơ quan, đơn vị", "UBND
    các xã") is in the implementing column, the last one, and the other cells take the
    columns from the first."""
    if len(cells) >= len(columns):
        return [*columns, *[None] * (len(cells) - len(columns))]
    if columns[-1] == "implement" and all(u.family in COLLECTIVE for u in cells[-1]):
        return [*columns[:len(cells) - 1], "implement"]
    return columns[:len(cells)]
