"""Budget tables from ruled PDF tables (pdfplumber cells located in the PDF text).

A table continued on the next page (same columns; its header repeated or not) is
stitched into one; its header rows name the columns (budget_grid), and the rows are
read like any other budget table's (budget_outline).
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from ..model import PdfCell, PdfTable
from ..rules import FLAGS, RuleSet
from ..segment import Segmented
from . import budget_grid

_NUMERIC = regex.compile(r"^\s*[\d.,]+\s*(?:đ|đồng)?\s*$", FLAGS)
_COLUMN_NUMBERS = regex.compile(r"^\(?\d{1,2}\)?$")


def stitch(tables: list[PdfTable]) -> list[list[tuple[PdfCell | None, ...]]]:
    """Tables continued across a page break become one list of rows."""
    groups: list[list[tuple[PdfCell | None, ...]]] = []
    last: PdfTable | None = None
    for t in tables:
        width = max(len(r) for r in t.rows)
        if last is not None and t.page == last.page + 1 and width == max(len(r) for r in last.rows) and groups:
            rows = list(t.rows)
            head = [_texts(r) for r in groups[-1][:3]]
            while rows and _texts(rows[0]) in head:
                rows.pop(0)  # the header printed again on the new page
            groups[-1].extend(rows)
        else:
            groups.append(list(t.rows))
        last = t
    return groups


def _texts(row) -> tuple[str, ...]:
    return tuple((c.text if c else "") for c in row)


def _header_rows(rows) -> int:
    n = 0
    for row in rows:
        texts = [t for t in _texts(row) if t]
        if any(_NUMERIC.match(t) for t in texts) and not all(_COLUMN_NUMBERS.match(t) for t in texts):
            break
        n += 1
    return n


def extract(seg: Segmented, rules: RuleSet, rx: dict, first_table: int) -> Iterator[budget_grid.ReadTable]:
    """The document's ruled tables that hold amounts."""
    n = first_table
    for rows in stitch(seg.doc.pdf_tables):
        n_header = _header_rows(rows)
        if n_header == 0 or n_header == len(rows):
            continue
        width = max(len(r) for r in rows)
        names = budget_grid.header_names([list(r) for r in rows[:n_header]], width)
        body = [list(r) for r in rows[n_header:]]
        cols = budget_grid.columns(names, body, rules)
        if cols is None or not budget_grid.names_money(names, cols, rules):
            continue
        cells = [c for r in rows for c in r if c is not None and c.char_start >= 0]
        if not cells:
            continue
        start, end = min(c.char_start for c in cells), max(c.char_end for c in cells)
        scale = budget_grid.stated_scale(names, cols, seg.doc.text[max(0, start - 400):start], rx) or "đồng"
        table_rows = budget_grid.table_rows(names, body, cols, rx)
        if not any(r.amounts for r in table_rows):
            continue
        n += 1
        yield budget_grid.read_table(seg, f"{seg.doc.doc_id}-t{n}", table_rows, start, end, scale, rx)
