"""Budget rows from ruled PDF tables (pdfplumber cells located in the PDF text).

The header says which column is which (rules/budget.yaml ``columns``): the amount,
the label, the row number, the funding source. A table continued on the next page
(same columns; its header repeated or not) is stitched into one. Merged cells
(None from pdfplumber) take the text of the cell above or to the left in the header.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, replace

import regex

from ..model import BudgetItem, BudgetTable, PdfCell, PdfTable, Record
from ..numbers import parse_amount
from ..rules import FLAGS, RuleSet
from ..segment import Segmented

_NUMERIC = regex.compile(r"^\s*[\d.,]+\s*(?:đ|đồng)?\s*$", FLAGS)
_ROMAN = regex.compile(r"^[IVX]{1,5}\.?$")
_ARABIC = regex.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
_COLUMN_NUMBERS = regex.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Columns:
    amount: int
    label: int | None
    index: int | None
    source: int | None
    scale: str | None


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


@functools.cache
def _column_rules(rules: RuleSet):
    return [(r.value, rules.rx(r)) for r in rules.budget.columns]


def _header_rows(rows) -> int:
    n = 0
    for row in rows:
        texts = [t for t in _texts(row) if t]
        if any(_NUMERIC.match(t) for t in texts) and not all(_COLUMN_NUMBERS.match(t) for t in texts):
            break
        n += 1
    return n


def columns(rows, n_header: int, scale_of, rules: RuleSet) -> Columns | None:
    width = max(len(r) for r in rows)
    names = [""] * width
    for row in rows[:n_header]:
        for k in range(width):
            cell = row[k] if k < len(row) else None
            if cell is not None and cell.text:
                names[k] = (names[k] + " " + cell.text).strip()
            elif cell is None and k > 0 and not names[k]:
                names[k] = names[k - 1]  # merged across: the header cell to the left spans it
    found: dict[str, int] = {}
    for k, name in enumerate(names):
        for role, rx in _column_rules(rules):
            if role not in found and rx.search(name):
                found[role] = k
                break
    if "amount" not in found:
        return None
    scale = scale_of(names[found["amount"]])
    return Columns(found["amount"], found.get("label"), found.get("index"), found.get("source"), scale)


def extract(seg: Segmented, rules: RuleSet, rx: dict, first_table: int) -> Iterator[tuple[Record, int, int]]:
    """Budget records of the document's ruled tables, with each table's (start, end) span."""
    n = first_table
    for rows in stitch(seg.doc.pdf_tables):
        n_header = _header_rows(rows)
        if n_header == 0 or n_header == len(rows):
            continue
        scale_of = functools.partial(_scale_in_text, rx=rx)
        cols = columns(rows, n_header, scale_of, rules)
        if cols is None:
            continue
        cells = [c for r in rows for c in r if c is not None and c.char_start >= 0]
        if not cells:
            continue
        start, end = min(c.char_start for c in cells), max(c.char_end for c in cells)
        scale = cols.scale or _scale_in_text(seg.doc.text[max(0, start - 400):start], rx) or "đồng"
        n += 1
        table_id = f"{seg.doc.doc_id}-t{n}"
        items = list(_rows(seg, rows[n_header:], cols, scale, table_id, rx))
        if not any(i.amount_vnd is not None for i in items):
            n -= 1
            continue
        title = _title_before(seg.doc.text, start, rx)
        table = BudgetTable(seg.doc.doc_id, start, max(start + 1, min(end, start + 200)), table_id, title, scale,
                            None)
        yield table, start, end
        for item in items:
            yield item, start, end


def _scale_in_text(text: str, rx: dict) -> str | None:
    for value, r in rx["scales"]:
        if r.search(text):
            return value
    return None


def _title_before(text: str, start: int, rx: dict) -> str | None:
    lines = [ln.strip() for ln in text[max(0, start - 400):start].splitlines()
             if ln.strip() and not _scale_in_text(ln, rx)]
    caps = [ln for ln in lines if ln.isupper() and len(ln) > 10]
    return " ".join(caps[-2:]) if caps else (lines[-1] if lines else None)


def _cell(row, k: int | None) -> PdfCell | None:
    return row[k] if k is not None and k < len(row) and row[k] is not None else None


def _rows(seg, rows, cols: Columns, scale: str, table_id: str, rx: dict) -> Iterator[BudgetItem]:
    from .budget import _precision, _repair_total  # one place for the shared number rules

    out: list[BudgetItem] = []
    group = None
    for row in rows:
        cell = functools.partial(_cell, row)

        idx = (cell(cols.index).text if cell(cols.index) else "").strip()
        label_cell = cell(cols.label) or next((c for c in row if c and c.text and not _NUMERIC.match(c.text)), None)
        label = label_cell.text if label_cell else ""
        amount_cell = cell(cols.amount)
        source = cell(cols.source).text if cell(cols.source) and cell(cols.source).text else None
        is_total = bool(rx["total"].match(label) or rx["total"].match(idx))
        if is_total:
            kind = "total"
        elif _ROMAN.match(idx):
            kind = "subtotal"
        elif _ARABIC.match(idx):
            kind = "item"
        elif amount_cell and amount_cell.text and not out:
            kind = "header_total"  # a total printed above the items
        else:
            continue
        amount = parse_amount(amount_cell.text.replace("đ", "").strip(), scale) if amount_cell and amount_cell.text else None
        if amount_cell is not None and amount is not None and amount_cell.char_start >= 0:
            a, b = amount_cell.char_start, amount_cell.char_end
        elif label_cell is not None and label_cell.char_start >= 0:
            a, b = label_cell.char_start, label_cell.char_end
        else:
            continue
        if kind == "subtotal":
            group = label
        item = BudgetItem(seg.doc.doc_id, a, b, table_id, " ".join(label.split()) or None, amount, kind, source,
                          group if kind == "item" else (label if kind == "subtotal" else None),
                          _precision(amount_cell.text, scale) if amount is not None else None)
        out.append(item)
    first_item = next((k for k, r in enumerate(out) if r.kind in ("item", "subtotal")), len(out))
    top = [k for k in range(first_item) if out[k].kind in ("total", "header_total")]
    has_bottom_total = any(r.kind == "total" for r in out[first_item:])
    for k in top:  # a total above the items is a header total when one is printed below too
        out[k] = replace(out[k], kind="header_total" if has_bottom_total else "total")
    yield from (_repair_total(r, out, scale) for r in out)
