"""audit: budget arithmetic (GUIDELINES §7). Items vs their subtotal; subtotals (or,
with no subtotals, items) vs the total; a header total vs the table total; the total
vs the amount in words. A stated figure rounded to its printed precision agrees with
a sum that rounds to it."""
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


def _finding(table_id: str, check: str, stated: BudgetItem, computed: int) -> AuditFinding:
    return AuditFinding(stated.doc_id, stated.char_start, stated.char_end, table_id, check,
                        stated.amount_vnd, computed)


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
    amounts = [r for r in rows if r.amount_vnd is not None]
    subtotals = [r for r in amounts if r.kind == "subtotal"]
    totals = [r for r in amounts if r.kind == "total"]
    header = next((r for r in amounts if r.kind == "header_total"), None)
    plain_items = [r for r in amounts if r.kind == "item"]
    for sub in subtotals:
        members = [r for r in plain_items if r.group == sub.label]
        if members:
            s = sum(r.amount_vnd for r in members)
            if not _agrees(sub, s, sub.precision_vnd or 1):
                yield _finding(table_id, "items_vs_subtotal", sub, s)
    total = totals[0] if totals else None
    if total is not None:
        parts, check = (subtotals, "subtotals_vs_total") if subtotals else (plain_items, "items_vs_total")
        if parts:
            s = sum(r.amount_vnd for r in parts)
            if not _agrees(total, s, total.precision_vnd or 1):
                yield _finding(table_id, check, total, s)
        if header is not None and header.amount_vnd != total.amount_vnd:
            yield _finding(table_id, "header_vs_total", header, total.amount_vnd)
        if table is not None and table.words_vnd is not None and table.words_vnd != total.amount_vnd:
            yield AuditFinding(total.doc_id, table.words_start or total.char_start,
                               table.words_end or total.char_end, table_id, "total_vs_words",
                               table.words_vnd, total.amount_vnd)
