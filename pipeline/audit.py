"""audit: budget arithmetic (GUIDELINES §6–7), within each amount column.

The extractor says how a table nests: every row names the row it adds into
(``parent_path``); ``of_which`` parts and memo rows add into nothing. Each row with
rows under it is checked against their sum: a subtotal against its items
(items_vs_subtotal), the total against its parts (subtotals_vs_total when a part is a
subtotal, else items_vs_total). A header total is checked against the table total, and
the total of the first amount column against the amount in words. A stated figure
rounded to its printed precision agrees with a sum that rounds to it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from .model import AuditFinding, BudgetItem, BudgetTable, Record


def _agrees(stated: BudgetItem | int, computed: int, precision: int = 1) -> bool:
    value = stated.amount_vnd if isinstance(stated, BudgetItem) else stated
    if value == computed:
        return True
    p = max(1, precision)
    return (computed + p // 2) // p * p == value


def _note(rows: list[BudgetItem]) -> str | None:
    """Which figures of a check the table's number convention leaves open."""
    open_rows = [r for r in rows if r.amount_alt_vnd is not None]
    if not open_rows:
        return None
    return "; ".join(f"{r.label or r.row_path}: read {r.amount_vnd}, also readable as {r.amount_alt_vnd}"
                     for r in open_rows)


def _finding(table_id: str, check: str, stated: BudgetItem, computed: int,
             parts: list[BudgetItem] = ()) -> AuditFinding:
    return AuditFinding(stated.doc_id, stated.char_start, stated.char_end, table_id, check,
                        stated.amount_vnd, computed, stated.column, _note([stated, *parts]))


def audit(records: Iterable[Record]) -> Iterator[AuditFinding]:
    items: dict[str, list[BudgetItem]] = defaultdict(list)
    tables: dict[str, BudgetTable] = {}
    for r in records:
        if isinstance(r, BudgetItem):
            items[r.table_id].append(r)
        elif isinstance(r, BudgetTable):
            tables[r.table_id] = r
    for table_id, rows in items.items():
        yield from audit_table(table_id, rows, tables.get(table_id))


def audit_table(table_id: str, rows: list[BudgetItem], table: BudgetTable | None) -> Iterator[AuditFinding]:
    columns = list(dict.fromkeys(r.column for r in rows if r.amount_vnd is not None))
    for column in columns:
        in_column = [r for r in rows if r.column == column and r.amount_vnd is not None]
        yield from _sums(table_id, in_column)
        total = next((r for r in in_column if r.kind == "total"), None)
        header = next((r for r in in_column if r.kind == "header_total"), None)
        if total is not None and header is not None and header.amount_vnd != total.amount_vnd:
            yield _finding(table_id, "header_vs_total", header, total.amount_vnd, [total])
        words = table.words_vnd if table is not None and column == columns[0] else None
        if total is not None and words is not None and words != total.amount_vnd:
            yield AuditFinding(total.doc_id, table.words_start or total.char_start,
                               table.words_end or total.char_end, table_id, "total_vs_words",
                               words, total.amount_vnd, column, _note([total]))


def _sums(table_id: str, rows: list[BudgetItem]) -> Iterator[AuditFinding]:
    """Every subtotal and total against the rows directly under it."""
    children: dict[str, list[BudgetItem]] = defaultdict(list)
    for r in rows:
        if r.parent_path is not None and r.kind != "of_which":
            children[r.parent_path].append(r)
    for r in rows:
        parts = children.get(r.row_path) if r.row_path is not None else None
        if not parts or r.kind not in ("subtotal", "total"):
            continue
        s = sum(p.amount_vnd for p in parts)
        if _agrees(r, s, r.precision_vnd or 1):
            continue
        if r.kind == "subtotal":
            check = "items_vs_subtotal"
        else:
            check = "subtotals_vs_total" if any(p.kind == "subtotal" for p in parts) else "items_vs_total"
        yield _finding(table_id, check, r, s, parts)
