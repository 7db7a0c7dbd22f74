"""Budget rows from a table whose cells are known: a ruled PDF table (pdfplumber) or a
table that reached us as text (text_tables: "|" lines, markdown rows, Word and HTML).

The header says what each column holds (rules/budget.yaml ``columns``): the row marker,
the label, the funding source; every other column whose cells are figures is an amount
column, unless its header says it holds no money (a quantity, a unit, a rate, a year).
A table with several amount columns gives one row per amount cell, with the column's
header (levels joined by " / ") in ``column``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..model import BudgetTable, PdfCell
from ..numbers import parse_decimal
from ..rules import FLAGS, RuleSet
from ..segment import Segmented
from ..text_tables import COLUMN_NUMBER
from .budget_outline import Amount, TableRow, depth

_FIGURE = regex.compile(r"^\d[\d.,]*$")
_YEAR = regex.compile(r"^(?:19|20)\d{2}$")
_CURRENCY = regex.compile(r"\s*(?:đồng|đ)\s*$", FLAGS)
_MARKER_AT_START = regex.compile(r"^(?P<marker>[IVX]{1,5}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3}){0,3}|[a-zđ]|[-+*•–])[.)]?\s+", FLAGS)


@dataclass(frozen=True)
class ReadTable:
    """A budget table read from cells, with the span of text it covers."""
    table: BudgetTable
    rows: list[TableRow]
    start: int
    end: int


@dataclass(frozen=True)
class Columns:
    index: int | None
    label: int | None
    source: int | None
    amounts: tuple[int, ...]


@functools.cache
def _column_rules(rules: RuleSet) -> list[tuple[str, regex.Pattern]]:
    return [(r.value, rules.rx(r)) for r in rules.budget.columns]


def scale_in(text: str, rx: dict) -> str | None:
    """The scale a text states ("Đơn vị tính: triệu đồng", "(nghìn đồng)"), or None."""
    for value, r in rx["scales"]:
        if r.search(text):
            return value
    return None


def stated_scale(names: list[str], cols: Columns, text_before: str, rx: dict) -> str | None:
    """The scale an amount column's header states, else the text above the table."""
    return next((sc for k in cols.amounts if (sc := scale_in(names[k], rx))), None) or scale_in(text_before, rx)


def read_table(seg: Segmented, table_id: str, rows: list[TableRow], start: int, end: int, scale: str,
               rx: dict) -> ReadTable:
    """The table record (titled by the capitals above it) with its rows and span."""
    title = _title_before(seg.doc.text, start, rx)
    table = BudgetTable(seg.doc.doc_id, start, max(start + 1, min(end, start + 200)), table_id, title, scale, None)
    return ReadTable(table, rows, start, end)


def _title_before(text: str, start: int, rx: dict) -> str | None:
    lines = [ln.strip() for ln in text[max(0, start - 400):start].splitlines()
             if ln.strip() and not scale_in(ln, rx)]
    caps = [ln for ln in lines if ln.isupper() and len(ln) > 10]
    return " ".join(caps[-2:]) if caps else (lines[-1] if lines else None)


def figure(text: str) -> str | None:
    """The figure a cell prints ("1.250.000", "601,586", "95.000.000đ"), or None."""
    t = _CURRENCY.sub("", text.strip())
    return t if _FIGURE.match(t) and parse_decimal(t) is not None else None


def columns(names: list[str], body: list[list[PdfCell | None]], rules: RuleSet) -> Columns | None:
    """Which column is which: roles by the header, amounts by the header and the cells."""
    roles: dict[str, int] = {}
    not_amount: set[int] = set()
    for k, name in enumerate(names):
        for role, rx in _column_rules(rules):
            if rx.search(name):
                if role == "not_amount":
                    not_amount.add(k)
                elif role not in roles and role != "amount":
                    roles[role] = k
                break
    taken = set(roles.values()) | not_amount
    amounts = tuple(k for k in range(len(names)) if k not in taken and _holds_figures(body, k))
    if not amounts:
        return None
    return Columns(roles.get("index"), roles.get("label"), roles.get("source"), amounts)


def names_money(names: list[str], cols: Columns, rules: RuleSet) -> bool:
    """Whether the header says the figures are money ("Kinh phí", "Dự toán", "(triệu đồng)")."""
    money = next(rx for role, rx in _column_rules(rules) if role == "amount")
    return any(money.search(n) for k in cols.amounts for n in names[k].split(" / "))


def _holds_figures(body: list[list[PdfCell | None]], k: int) -> bool:
    texts = [c.text for row in body for c in [row[k] if k < len(row) else None] if c is not None and c.text]
    figures = [t for t in texts if figure(t)]
    return bool(figures) and 2 * len(figures) >= len(texts) and not all(_YEAR.match(t) for t in figures)


def table_rows(names: list[str], body: list[list[PdfCell | None]], cols: Columns, rx: dict) -> list[TableRow]:
    """The body's rows, each with its marker, label, amounts and source."""
    several = len(cols.amounts) > 1
    out = []
    for row in body:
        cell = functools.partial(_cell, row)
        if _column_numbers(row):
            continue  # "A | B | 1 | 2 | 3": the columns' numbers under the header
        marker = cell(cols.index).text.rstrip(".)") if cell(cols.index) and cell(cols.index).text else None
        label_cell = cell(cols.label) or next((c for c in row if c and c.text and not figure(c.text)
                                               and c is not cell(cols.index)), None)
        label = label_cell.text if label_cell else ""
        if marker is None and (m := _MARKER_AT_START.match(label)) and depth(m.group("marker")) is not None:
            marker, label = m.group("marker"), label[m.end():]  # "1. Mua sắm …" in a table without a number column
        amounts = tuple(Amount(names[k] if several else None, f, c.char_start, c.char_end)
                        for k in cols.amounts for c in [cell(k)] if c and c.text and (f := figure(c.text)))
        if not (marker or label or amounts):
            continue
        source = cell(cols.source).text if cell(cols.source) and cell(cols.source).text else _source_in(label, rx)
        where = label_cell or next((c for c in row if c and c.text), None)
        if where is None or where.char_start < 0:
            continue
        is_total = bool(rx["total"].match(label) or (marker and rx["total"].match(marker)))
        out.append(TableRow(marker, " ".join(label.split()), where.char_start, where.char_end, amounts,
                            source, is_total))
    return out


def _cell(row, k: int | None) -> PdfCell | None:
    return row[k] if k is not None and k < len(row) and row[k] is not None else None


def _column_numbers(row) -> bool:
    texts = [c.text for c in row if c is not None and c.text]
    return len(texts) >= 3 and all(COLUMN_NUMBER.match(t) for t in texts)


def _source_in(label: str, rx: dict) -> str | None:
    return next((" ".join(m.group(0).split()) for r in rx["sources"] for m in [r.search(label)] if m), None)


def header_names(rows: list[list[PdfCell | None]], width: int) -> list[str]:
    """One name per column from the header rows: a merged cell (None) spans the column
    to its left in its row; the levels of a column are joined by " / "."""
    levels: list[list[str]] = [[] for _ in range(width)]
    for row in rows:
        if _column_numbers(row):
            continue
        for k in range(width):
            cell = row[k] if k < len(row) else None
            if cell is not None and cell.text:
                text = cell.text
            elif cell is None and k > 0 and levels[k - 1] and not (levels[k] and levels[k][-1]):
                text = levels[k - 1][-1]  # merged across: the cell to the left spans this column
            else:
                continue
            if not levels[k] or levels[k][-1] != text:
                levels[k].append(text)
    return [" / ".join(" ".join(t.split()) for t in lv) for lv in levels]
