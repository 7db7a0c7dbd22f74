"""Budget tables and paragraphs, in every layout: ruled PDF tables (budget_pdf), tables
that reached us as text with their cells ("|" lines, markdown rows, Word and HTML:
text_tables + budget_grid), text without cell separators (budget_lines), and sums stated
in running text (budget_paragraphs). All their rows are read one way (budget_outline):
amounts in integer đồng after the stated scale, kinds, the column of each amount cell,
the row each adds into; the amount in words (rules/budget.yaml)."""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import replace

from ..model import BudgetTable, Record
from ..rules import RuleSet
from ..segment import Segmented
from ..text_tables import text_tables
from . import budget_grid, budget_lines, budget_paragraphs, budget_pdf
from .budget_grid import ReadTable, scale_in
from .budget_outline import budget_items
from .budget_paragraphs import trailing_total, words_in_lines

NAME = "budget"
ORDER = 60

@functools.cache
def _rx(rules: RuleSet) -> dict:
    b = rules.budget
    return {
        "scales": [(r.value, rules.rx(r)) for r in b.scales],
        "with_scale": rules.rx(next(r for r in b.amounts if r.id == "with_scale")),
        "cell": rules.rx(next(r for r in b.amounts if r.id == "cell")),
        "total": rules.rx(next(r for r in b.totals if r.id == "total")),
        "total_par": rules.rx(next(r for r in b.totals if r.id == "total_paragraph")),
        "paragraph_openers": [rules.rx(r) for r in b.totals if r.id != "total"],
        "product": rules.rx(next(r for r in b.amounts if r.id == "product")),
        "of_which_inline": rules.rx(next(r for r in b.rows if r.id == "of_which_inline")),
        "words": [rules.rx(r) for r in b.words],
        "titles": [rules.rx(r) for r in b.table_titles],
        "sources": [rules.rx(r) for r in b.sources],
        "of_which": rules.rx(next(r for r in b.rows if r.id == "of_which")),
    }


def extract(seg: Segmented, rules: RuleSet) -> Iterator[Record]:
    rx = _rx(rules)
    read = list(budget_pdf.extract(seg, rules, rx, 0))
    read += _text_tables(seg, rules, rx, len(read), [(r.start, r.end) for r in read])
    yield from _with_words(seg, rules, sorted(read, key=lambda r: r.start), rx)
    # a table's span runs on over the lines after it, where its words and total paragraph stand
    spans = [(r.start, _lines_after(seg, r.end, _TRAILING_LINES)) for r in read]
    n_tables = len(read)
    for records, start, end in _line_tables(seg, rules, rx, spans, n_tables):
        n_tables += 1
        spans.append((seg.lines[start].text.starts[0], _lines_after(seg, seg.lines[end - 1].text.starts[0],
                                                                    _TRAILING_LINES)))
        yield from records
    for p in budget_paragraphs.paragraphs(seg, rx, lambda pos: any(a <= pos < b for a, b in spans)):
        n_tables += 1
        table_id = f"{seg.doc.doc_id}-t{n_tables}"
        yield BudgetTable(seg.doc.doc_id, p.start, p.end, table_id, p.title, p.scale, *p.words)
        yield from budget_items(seg.doc.doc_id, table_id, p.rows, p.scale, rules)


_TRAILING_LINES = 3


def _lines_after(seg: Segmented, pos: int, n: int) -> int:
    """The offset where the n-th line after the one holding pos ends."""
    k = min(len(seg.lines) - 1, bisect.bisect_right(seg.line_starts(), pos) - 1 + n)
    return seg.lines[k].text.span()[1] if k >= 0 else pos


def _line_tables(seg: Segmented, rules: RuleSet, rx: dict, spans: list[tuple[int, int]],
                 n_tables: int) -> Iterator[tuple[list[Record], int, int]]:
    """Tables whose cells are lines of text (a converter's layout, PDF text): each with
    the lines it took."""
    lines = seg.lines
    openers = [*rules.budget.table_titles, *rules.budget.scales]
    may_open = rules.candidate_lines(openers, [ln.text.text for ln in lines])
    i = 0
    while i < len(lines):
        if i not in may_open or any(a <= lines[i].text.starts[0] < b for a, b in spans):
            i += 1  # nothing can open a table here, or inside a table already read from its cells
            continue
        text = lines[i].text.text
        if any(t.search(text) for t in rx["titles"]) or scale_in(text, rx):
            records, end = budget_lines.read_table(seg, rules, i, rx, f"{seg.doc.doc_id}-t{n_tables + 1}", spans)
            if records:
                n_tables += 1
                yield records, i, end
                i = end
                continue
        i += 1


def _text_tables(seg: Segmented, rules: RuleSet, rx: dict, n: int,
                 covered: list[tuple[int, int]]) -> list[ReadTable]:
    """Budget tables among the tables that reached us as text ("|" lines, markdown rows,
    Word and HTML tables): a header or a scale line says the figures are money."""
    out = []
    for t in text_tables(seg):
        cells = [c for r in t.rows for c in r.cells if c.char_start >= 0]
        if not cells or any(a <= cells[0].char_start < b for a, b in covered):
            continue
        width = max(len(r.cells) for r in t.rows)
        names = [c.text for c in t.header][:width] + [""] * (width - len(t.header))
        body = [list(r.cells) for r in t.rows]
        cols = budget_grid.columns(names, body, rules)
        if cols is None:
            continue
        start = min([c.char_start for c in t.header if c.char_start >= 0] + [cells[0].char_start])
        end = max(c.char_end for c in cells)
        scale = budget_grid.stated_scale(names, cols, seg.doc.text[max(0, start - 400):start], rx)
        if scale is None and not budget_grid.names_money(names, cols, rules):
            continue
        rows = budget_grid.table_rows(names, body, cols, rx)
        if not any(r.amounts for r in rows):
            continue
        out.append(budget_grid.read_table(seg, f"{seg.doc.doc_id}-t{n + len(out) + 1}", rows, start, end,
                                          scale or "đồng", rx))
    return out


def _with_words(seg: Segmented, rules: RuleSet, tables: list[ReadTable], rx) -> Iterator[Record]:
    """A table read from cells has its amount in words and a total paragraph in the text
    after it."""
    for r in tables:
        after = bisect.bisect_left(seg.line_starts(), r.end)
        words = words_in_lines(seg, after, after + 6, rx)
        yield replace(r.table, words_vnd=words[0], words_start=words[1], words_end=words[2])
        yield from budget_items(seg.doc.doc_id, r.table.table_id, r.rows + trailing_total(seg, after, rx),
                                r.table.unit_scale, rules)
