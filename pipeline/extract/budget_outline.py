"""A budget table's rows, in whatever layout they were read, become budget items: the
outline their markers give (A > I > 1 > 1.1 > 1.1.1 > a > "-"), their kinds, the column
of every amount cell, and the row each adds into (GUIDELINES §6).

- A row with rows under it is the ``subtotal`` of those rows; a total row ("Tổng cộng",
  "TỔNG", or a marked row whose label is a total) is the ``total``. A total printed above
  the items as well as below is a ``header_total`` at the top; a lone total printed above
  its items is the plain total. A "Cộng" row under a group's items, with more rows or the
  table's total after it, is that group's sum printed below it (a ``subtotal``).
- After a "Trong đó" row, rows without an outline marker of their own (none, or a bullet)
  are ``of_which`` parts of the row before: never added, never audited. Rows with a
  marker of their own end the run.
- State budget forms number their sections irregularly: the marked total "A TỔNG CHI"
  also sums the sections that follow it at its level ("B CHI TỪ NGUỒN BỔ SUNG …"), except
  memo rows ("C BỘI CHI", "D CHI CHUYỂN NGUỒN", rules/budget.yaml ``rows``), which add
  into nothing.
- Figures are read by the table's own separator convention (numbers.read_table_amounts).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..model import BudgetItem
from ..numbers import read_table_amounts
from ..rules import FLAGS, RuleSet

TOTAL_PATH = "Σ"
BULLET_DEPTH = 7
_HEADER_TOTAL_PATH = "Σ^"
_BULLET = regex.compile(r"^[-+*•–]$")
_UPPER_LETTER = regex.compile(r"^[A-ZĐ]$", FLAGS)
_ROMAN = regex.compile(r"^[IVX]{1,5}$")
_ARABIC = regex.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}$")
_LOWER_LETTER = regex.compile(r"^[a-zđ]$", FLAGS)


@dataclass(frozen=True)
class Amount:
    column: str | None  # the column's header; None in a one-amount table
    printed: str
    start: int
    end: int
    scale: str | None = None  # where the figure states its own ("… là 1,5 tỷ đồng" after a table)


@dataclass(frozen=True)
class TableRow:
    """One row of a budget table, as any layout reads it."""
    marker: str | None  # the outline marker as printed, without its dot ("A", "II", "1.2", "a", "-")
    label: str
    start: int  # the row's span where it has no amount
    end: int
    amounts: tuple[Amount, ...] = ()
    source: str | None = None
    is_total: bool = False  # printed as a total ("Tổng cộng", "TỔNG …")


@functools.cache
def _row_rules(rules: RuleSet) -> dict[str, regex.Pattern]:
    return {r.value: rules.rx(r) for r in rules.budget.rows}


def depth(marker: str | None, previous_letter: str | None = None) -> int | None:
    """How deep a marker sits: A 0, I 1, 1 2, 1.1 3, 1.1.1 4, a 6, a bullet 7. "I", "V"
    and "X" are letters right after "H", "U" and "W"."""
    if not marker:
        return None
    m = marker.rstrip(".)")
    if _ROMAN.match(m) and not (len(m) == 1 and previous_letter and ord(m) == ord(previous_letter) + 1):
        return 1
    if _UPPER_LETTER.match(m):
        return 0
    if _ARABIC.match(m):
        return 2 + m.count(".")
    if _LOWER_LETTER.match(m):
        return 6
    if _BULLET.match(m):
        return BULLET_DEPTH
    return None


@dataclass
class _Node:
    row: TableRow
    path: str
    parent: str | None
    depth: int | None
    of_which: bool = False
    memo: bool = False
    group_sum: bool = False  # a "Cộng" row: the sum of the group it closes


def budget_items(doc_id: str, table_id: str, rows: list[TableRow], scale: str, rules: RuleSet) -> list[BudgetItem]:
    nodes = _outline(rows, _row_rules(rules))
    parents = {n.parent for n in nodes if not n.of_which}
    labels = {n.path: n.row.label for n in nodes}
    in_table = iter(read_table_amounts([a.printed for n in nodes for a in n.row.amounts if not a.scale], scale))
    items = []
    for n in nodes:
        kind = _kind(n, parents)
        common = dict(doc_id=doc_id, table_id=table_id, label=n.row.label or None, kind=kind, source=n.row.source,
                      group=labels.get(n.parent), row_path=n.path, parent_path=n.parent)
        if not n.row.amounts:
            items.append(BudgetItem(char_start=n.row.start, char_end=n.row.end, amount_vnd=None, **common))
        for a in n.row.amounts:
            r = read_table_amounts([a.printed], a.scale)[0] if a.scale else next(in_table)
            items.append(BudgetItem(char_start=a.start, char_end=a.end, amount_vnd=r.value, precision_vnd=r.precision,
                                    column=a.column, amount_alt_vnd=r.alt, **common))
    return items


def _kind(n: _Node, parents: set[str | None]) -> str:
    if n.of_which:
        return "of_which"
    if n.path == _HEADER_TOTAL_PATH:
        return "header_total"
    if n.group_sum:
        return "subtotal"
    if n.row.is_total:
        return "total"
    return "subtotal" if n.path in parents else "item"


def _outline(rows: list[TableRow], rx: dict[str, regex.Pattern]) -> list[_Node]:
    nodes: list[_Node] = []
    stack: list[_Node] = []  # the open rows, outermost first
    of_which_of: str | None = None  # the row whose parts follow a "Trong đó"
    last_letter = None
    # the last row that is not a group's own sum: a marked row, or the table's total
    last_row = max((k for k, r in enumerate(rows) if r.marker or r.is_total), default=-1)
    for k, row in enumerate(rows):
        d = depth(row.marker, last_letter)
        if d == 0:
            last_letter = row.marker.rstrip(".)")
        if row.is_total and d is None and len(stack) >= 2 and k < last_row:
            # "Cộng" under a group's items (a group row open above them), more rows or the
            # total after it: the group's sum printed below it, checked against the group's
            # rows and added into nothing
            nodes.append(_Node(row, stack[0].path, None, None, group_sum=True))
            continue
        above_items = not stack and d is None and row.amounts and not nodes  # "HUYỆN BÌNH SƠN | 12.779,0" on top
        if (row.is_total or above_items) and d is None:
            nodes.append(_Node(row, TOTAL_PATH, None, None))
            continue
        opens = rx.get("of_which")
        if opens is not None and opens.match(row.label) and d in (None, BULLET_DEPTH):
            if stack:
                of_which_of = stack[-1].path
                rest = opens.sub("", row.label, count=1).strip(" :")
                if row.amounts and rest:  # "Trong đó: chi giáo dục | 120": the part on the same row
                    nodes.append(_Node(row, f"{of_which_of}/~{k}", of_which_of, None, of_which=True))
            continue
        if of_which_of is not None and d in (None, BULLET_DEPTH):
            nodes.append(_Node(row, f"{of_which_of}/~{k}", of_which_of, None, of_which=True))
            continue
        of_which_of = None
        if d is None:  # a row without a marker stands beside the row before it
            d = stack[-1].depth if stack else 99
        while stack and stack[-1].depth is not None and stack[-1].depth >= d:
            stack.pop()
        parent = stack[-1].path if stack else None
        node = _Node(row, f"{parent}/{row.marker or '#' + str(k)}" if parent else (row.marker or f"#{k}"),
                     parent, d, memo=bool(rx.get("memo") and rx["memo"].match(row.label)))
        nodes.append(node)
        stack.append(node)
    _join_totals(nodes)
    return nodes


def _join_totals(nodes: list[_Node]) -> None:
    """Top-level rows add into the table's total: an unmarked total row, or a marked one
    whose label is a total (and then also the sections after it at its level, memo rows
    and other totals apart)."""
    unmarked = [n for n in nodes if n.path == TOTAL_PATH and not n.group_sum]
    first_marked = next((k for k, n in enumerate(nodes) if n.depth is not None), len(nodes))
    if len(unmarked) >= 2 and nodes.index(unmarked[0]) < first_marked:
        unmarked[0].path = _HEADER_TOTAL_PATH  # printed above the items and again below
    top = [n for n in nodes if n.parent is None and n.depth is not None and not n.group_sum]
    if unmarked:
        for n in top:
            if not n.memo:
                n.parent = TOTAL_PATH
        return
    marked_total = next((n for n in top if n.row.is_total), None)
    if marked_total is None:
        return
    for n in top[top.index(marked_total) + 1:]:
        if n.row.is_total:
            break
        if not n.memo:
            n.parent = marked_total.path
