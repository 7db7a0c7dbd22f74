"""Indicator tables: "TT | Chỉ tiêu | Đơn vị tính | Kết quả 2025 | Mục tiêu 2026 | Thời hạn".

Each row names an indicator, its unit, and values in columns whose header says what they
are (rules/targets.yaml ``indicator_columns``): a target column gives a target (and, in
a % row, a percentage of kind target), a result column a percentage of kind result.
The tables come from ``pipeline/text_tables.py`` in any of its layouts; a row is read by
what its cells are (the unit cell, then the values), since a layout without separators
keeps neither empty cells nor the cell boundaries of wrapped text.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..model import PdfCell, Percentage, Record, Target
from ..numbers import parse_number
from ..rules import FLAGS, RuleSet
from ..segment import Block, Segmented
from ..text_tables import ROW_INDEX, TextTable, line_table, text_tables
from .targets import comparator, deadline_of, scope_of

NAME = "indicator_tables"
ORDER = 25

_HEADER_CELL = 40  # a header cell of a one-cell-per-line table is a short line
_RUNNING_TEXT = 120  # a longer line is running text: the table has ended
_YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class IndicatorValue:
    """One value cell of an indicator row, and the records it gives."""

    cell: PdfCell
    records: tuple[Record, ...]


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Record]:
    for value in indicator_values(seg, rules):
        yield from value.records


def indicator_values(seg: Segmented, rules: RuleSet) -> list[IndicatorValue]:
    """Every value of the document's indicator tables (read once: the targets extractor
    asks which cells they hold, to leave them to this one)."""
    if "indicator_values" not in seg.context:
        tables = [*text_tables(seg), *_line_tables(seg, rules)]
        block_of = _blocks_by_line(seg) if tables else {}
        seg.context["indicator_values"] = [v for t in tables for v in _values(seg, t, block_of, rules)]
    return seg.context["indicator_values"]


@functools.cache
def _rules(rules: RuleSet):
    columns = [(r.value, rules.rx(r)) for r in rules.targets.indicator_columns]
    value = {r.value or r.id: rules.rx(r) for r in rules.targets.indicator_value}
    units = regex.compile(r"^(?P<unit>%(?:/(?:năm|tháng|quý))?|(?:" + rules.fragment("targets", "count_unit").pattern
                          + r")(?:/(?:năm|tháng|quý|tuần))?)(?:\s+(?P<qualifier>\S.*))?$", FLAGS)
    return columns, value, units


def _column_kind(text: str, rules: RuleSet) -> str | None:
    columns, _value, _units = _rules(rules)
    return next((kind for kind, rx in columns if rx.search(text)), None)


def _values(seg: Segmented, table: TextTable, block_of: dict[int, Block], rules: RuleSet) -> Iterator[IndicatorValue]:
    kinds = [_column_kind(c.text, rules) for c in table.header]
    if "unit" not in kinds:
        return
    value_columns = [(kind, cell) for kind, cell in zip(kinds[kinds.index("unit") + 1:],
                                                         table.header[kinds.index("unit") + 1:], strict=True)]
    for row in table.rows:
        yield from _row_values(seg, row.cells, value_columns, block_of.get(row.line), rules)


def _row_values(seg: Segmented, cells, value_columns, block: Block | None, rules: RuleSet) -> Iterator[IndicatorValue]:
    _columns, value_rx, units = _rules(rules)
    cells = [c for c in cells[1:] if c.text]  # the row index first
    unit_at = next((k for k, c in enumerate(cells) if k > 0 and units.match(c.text)), None)
    if unit_at is None:
        return
    m = units.match(cells[unit_at].text)
    unit, qualifier = m.group("unit"), m.group("qualifier")
    indicator = " ".join(c.text for c in cells[:unit_at])
    subject = f"{indicator} {qualifier}" if qualifier else indicator
    values = cells[unit_at + 1:]
    years = [c for c in values if value_rx["year"].match(c.text)]
    numbers = [c for c in values if c not in years and value_rx["value_cell"].match(c.text)]
    columns = [(kind, head) for kind, head in value_columns if kind in ("target", "result")]
    deadline = int(value_rx["year"].match(years[0].text).group("year")) if years else None
    for cell, (kind, head) in zip(numbers, columns, strict=False):
        v = value_rx["value_cell"].match(cell.text)
        value = parse_number(v.group("num"))
        if value is None:
            continue
        records: list[Record] = []
        if unit.startswith("%") and not v.group("pct"):
            records.append(Percentage(seg.doc.doc_id, cell.char_start, cell.char_end, value, kind))
        if kind == "target":
            year = deadline or _year_of(head.text) or (
                deadline_of(indicator, 0, 0, [], block, rules) if block is not None else None)
            cmp = comparator((v.group("cmp") or "") + " ", cell.text[v.end("num"):], rules)
            records.append(Target(seg.doc.doc_id, cell.char_start, cell.char_end, value,
                                  "%" if unit.startswith("%") else unit, cmp, subject, scope_of(indicator, rules), year))
        yield IndicatorValue(cell, tuple(records))


def _year_of(header: str) -> int | None:
    m = _YEAR.search(header)
    return int(m.group("year")) if m else None


def _blocks_by_line(seg: Segmented) -> dict[int, Block]:
    return {ln.index: b for b in seg.blocks for ln in b.lines}


def _line_tables(seg: Segmented, rules: RuleSet) -> Iterator[TextTable]:
    """One-cell-per-line tables: a run of short header lines that names a unit column,
    then rows, to the first line of running text."""
    lines = seg.lines
    k = 0
    while k < len(lines):
        start = k
        while k < len(lines) and len(lines[k].text.text) <= _HEADER_CELL and "|" not in lines[k].text.text \
                and not ROW_INDEX.match(lines[k].text.text):
            k += 1
        if k - start >= 3 and any(_column_kind(ln.text.text, rules) == "unit" for ln in lines[start:k]):
            end = k
            while end < len(lines) and len(lines[end].text.text) <= _RUNNING_TEXT and "|" not in lines[end].text.text:
                end += 1
            table = line_table(lines, start, end)
            if table is not None:
                yield table
            k = end
        k = max(k, start + 1)
