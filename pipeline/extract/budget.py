"""Budget tables and paragraphs: rows with amounts in integer đồng after the stated
scale, their kind (item, subtotal, total, header_total), funding source, and the
total written in words (rules/budget.yaml)."""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import regex

from ..model import BudgetTable, Record
from ..numbers import words_to_vnd
from ..rules import FLAGS, RuleSet
from ..segment import Line, Segmented
from ..text_tables import roman_value, text_tables
from . import budget_grid, budget_paragraphs, budget_pdf
from .budget_outline import BULLET_DEPTH, Amount, TableRow, budget_items, depth
from .budget_pdf import ReadTable

NAME = "budget"
ORDER = 60

_ROW_INDEX = regex.compile(
    r"^(?P<idx>[IVX]{1,4}|[A-ZĐ]|[a-zđ]|\d{1,2}(?:\.\d{1,2}){0,2}|[-+])(?=\s+\S|$)(?!\s*[.)/,])", FLAGS)
_BULLET = regex.compile(r"^[-+]$")
_NUMBERING = regex.compile(r"^0\d+$")  # "Đề án 06": a number with a leading zero names, it does not count
_FIGURES_TO_END = regex.compile(r"^(?:\d[\d.,]*\s*)+$")
_ROMAN = regex.compile(r"^[IVX]+$")
_HEADING = regex.compile(r"^(?:[IVX]{1,4}|\d{1,2})\.\s+\p{Lu}|^(?:Phần|PHẦN)\s", FLAGS)
_YEAR = regex.compile(r"^(?:19|20)\d{2}$")
_HEADER_CUE = regex.compile(r"^(?:S?TT|Stt|Số\s*TT|Số)\b", FLAGS)
_LOWER = regex.compile(r"\p{Ll}", FLAGS)
_UPPER = regex.compile(r"\p{Lu}", FLAGS)
_CURRENCY_ALONE = regex.compile(r"^đ(?:ồng)?\s*$", FLAGS)
_SEPARATOR = regex.compile(r"[.,]")
_NUMBER = regex.compile(r"(?<![\p{L}\d])\d[\d.,]*(?![\p{L}\d])", FLAGS)
_ROMAN_START = regex.compile(r"[IVX]")


@dataclass
class Row:
    index: str | None
    lines: list[Line] = field(default_factory=list)
    is_total: bool = False


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
        if any(t.search(text) for t in rx["titles"]) or _scale_in(text, rx):
            records, end = _table(seg, rules, i, rx, f"{seg.doc.doc_id}-t{n_tables + 1}", spans)
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
        before = seg.doc.text[max(0, start - 400):start]
        scale = next((sc for k in cols.amounts if (sc := _scale_in(names[k], rx))), None) or _scale_in(before, rx)
        if scale is None and not budget_grid.names_money(names, cols, rules):
            continue
        rows = budget_grid.table_rows(names, body, cols, rx)
        if not any(r.amounts for r in rows):
            continue
        table_id = f"{seg.doc.doc_id}-t{n + len(out) + 1}"
        title = budget_pdf.title_before(seg.doc.text, start, rx)
        out.append(ReadTable(BudgetTable(seg.doc.doc_id, start, max(start + 1, min(end, start + 200)), table_id,
                                         title, scale or "đồng", None), rows, start, end))
    return out


def _with_words(seg: Segmented, rules: RuleSet, tables: list[ReadTable], rx) -> Iterator[Record]:
    """A table read from cells has its amount in words and a total paragraph in the text
    after it."""
    for r in tables:
        after = bisect.bisect_left(seg.line_starts(), r.end)
        words = _words(seg, after, after + 6, rx)
        yield replace(r.table, words_vnd=words[0], words_start=words[1], words_end=words[2])
        yield from budget_items(seg.doc.doc_id, r.table.table_id, r.rows + _trailing(seg, after, rx),
                                r.table.unit_scale, rules)


def _scale_in(text: str, rx: dict) -> str | None:
    for value, r in rx["scales"]:
        if r.search(text):
            return value
    return None


def _amount_tokens(line: Line, rx: dict, row_index: str | None, first: bool,
                   next_text: str = "") -> list[regex.Match[str]]:
    s = line.text.text
    # the cell's text goes on below (but "đ" alone is the currency of the amount above)
    wraps = bool(_LOWER.match(next_text)) and not _CURRENCY_ALONE.match(next_text)
    out = []
    for m in rx["cell"].finditer(s):
        tok = m.group("num")
        if _YEAR.match(tok) or (first and row_index and m.start() == 0) or _NUMBERING.match(tok):
            continue
        before, after = s[:m.start()].rstrip(), s[m.end():].lstrip()
        # "1 Chi đầu tư 300 350 400": the figures that end a line are its amount cells
        followed_by_amount = bool(rx["cell"].match(after)) and (
            not before or _SEPARATOR.search(tok) or _FIGURES_TO_END.match(after))
        then_source = any(r.match(after) for r in rx["sources"])  # "200,5 Ngân sách huyện": the source column
        alone_or_end = ((not after and not (wraps and before)) or after[:1] in ("đ", ";") or followed_by_amount
                        or then_source)
        at_start_then_name = not before and (not after or _UPPER.match(after))
        if first and row_index and before == row_index:
            at_start_then_name = not after or _UPPER.match(after)
        if alone_or_end or at_start_then_name:
            if after and _LOWER.match(after[:1]) and not after.startswith("đ"):
                continue
            out.append(m)
    return out


def _table(seg: Segmented, rules: RuleSet, start: int, rx: dict, table_id: str,
           covered: list[tuple[int, int]] = ()) -> tuple[list[Record], int]:
    lines = seg.lines
    scale = None
    for ln in lines[max(0, start - 3):start + 25]:
        scale = scale or _scale_in(ln.text.text, rx)
    money_title = "kinh phí" in lines[start].text.text.lower()
    if scale is None and not money_title:
        return [], start + 1
    title_lines = [lines[start].text.text]
    rows: list[Row] = []
    header = Row(None)
    end = start + 1
    window = range(start + 1, min(len(lines), start + 600))
    cue = next((k for k in window[:40] if _HEADER_CUE.match(lines[k].text.text)
                or _scale_in(lines[k].text.text, rx)), None)
    of_which_run = False  # after a "Trong đó" row, bullet rows are its parts
    repeated_header = False  # a header printed again on the next page
    for k in window:
        text = lines[k].text.text
        if _HEADING.match(text) or (not rows and k > start + 60):
            break
        if rows and rows[-1].is_total and any(r.index for r in rows) and rx["cell"].sub("", text).strip():
            break  # the table ends after its total row; words and a total paragraph are read after it
        end = k + 1
        m = _ROW_INDEX.match(text)
        if m and not (_next_index(m.group("idx"), rows) or (of_which_run and _BULLET.match(m.group("idx")))):
            m = None
        bare_marker = bool(rows) and rows[-1].lines[-1].text.text.strip() == rows[-1].index  # "A" alone: its label follows
        if bare_marker:
            rows[-1].lines.append(lines[k])
        elif rx["total"].match(text):
            rows.append(Row(None, [lines[k]], is_total=True))
        elif rows and rx["of_which"].match(text):
            rows.append(Row(None, [lines[k]]))
            of_which_run, repeated_header = True, False
        elif m and (cue is None or k > cue) and text != m.group("idx") + " " and not _HEADER_CUE.match(text):
            rows.append(Row(m.group("idx"), [lines[k]]))
            of_which_run = of_which_run and bool(_BULLET.match(m.group("idx")))
            repeated_header = False
        elif rows and _HEADER_CUE.match(text):
            repeated_header = True
        elif rows and not repeated_header:
            rows[-1].lines.append(lines[k])
        elif not rows:
            header.lines.append(lines[k])
            if len(title_lines) < 4 and not _amount_tokens(lines[k], rx, None, False) and text.isupper():
                title_lines.append(text)
    if not any(r.index for r in rows):
        return [], start + 1
    if any(a <= r.lines[0].text.starts[0] < b for r in rows[:1] for a, b in covered):
        return [], start + 1  # its rows are a ruled table already read from the PDF's cells
    scale = scale or "đồng"  # a table of "1.545.000.000đ" amounts states no scale
    header_lines = [ln for ln in header.lines if cue is None or ln.index > lines[cue].index]
    table_rows = [r for r in [_header_total(Row(None, header_lines), rx)] if r is not None]
    table_rows += [r for r in (_table_row(row, rx) for row in rows) if r is not None]
    table_rows += _trailing(seg, end, rx)
    records: list[Record] = list(budget_items(seg.doc.doc_id, table_id, table_rows, scale, rules))
    words = _words(seg, start, end + 6, rx)
    title = " ".join(" ".join(title_lines).split())
    t0 = lines[start].text.span()
    records.insert(0, BudgetTable(seg.doc.doc_id, t0[0], t0[1], table_id, title, scale, *words))
    return records, end


def _next_index(idx: str, rows: list[Row]) -> bool:
    """Row markers run in sequence within their parent (1, 2, 3 under I; a, b under 1.1;
    B after A): a count in a cell ("10 Ngân sách huyện") is not the start of a row."""
    last_letter = next((r.index for r in reversed(rows) if r.index and depth(r.index) == 0), None)
    d = depth(idx, last_letter)
    if d is None or d == BULLET_DEPTH:
        return False
    for r in reversed(rows):
        rd = depth(r.index, last_letter) if r.index else None
        if rd is None or rd > d:
            continue
        if rd < d:
            break  # the parent: idx opens its first child
        return _succeeds(r.index, idx)
    return _first(idx)


def _first(idx: str) -> bool:
    """The first marker of a level ("2" too: a skipped number is a typo, not a cell)."""
    last = idx.rsplit(".", 1)[-1]
    return last in ("1", "2", "a", "A", "I")


def _succeeds(previous: str, idx: str) -> bool:
    if previous.replace(".", "").isdigit() and idx.replace(".", "").isdigit():
        *p_head, p_last = previous.split(".")
        *head, last = idx.split(".")
        return head == p_head and 1 <= int(last) - int(p_last) <= 2
    if _ROMAN.match(previous) and _ROMAN.match(idx):
        return roman_value(idx) == roman_value(previous) + 1
    if len(previous) == 1 and len(idx) == 1:
        return ord(idx) == ord(previous) + 1 or (previous, idx) in (("d", "đ"), ("đ", "e"), ("D", "Đ"), ("Đ", "E"))
    return False


def _label(row: Row, skip: str | None, source: str | None = None) -> str:
    parts = []
    for ln in row.lines:
        t = ln.text.text
        if _year_only(t):
            continue
        parts.append(t)
    s = " ".join(parts)
    if skip and s.startswith(skip):
        s = s[len(skip):]
    if source:
        s = s.replace(source, " ")
    s = _NUMBER.sub(" ", s)
    return " ".join(s.split()[:16]).strip(" :;,")


def _year_only(t: str) -> bool:
    return bool(_YEAR.match(t.strip()))


def _table_row(row: Row, rx) -> TableRow | None:
    found = None
    for k, ln in enumerate(row.lines):
        nxt = row.lines[k + 1].text.text if k + 1 < len(row.lines) else ""
        toks = _amount_tokens(ln, rx, row.index, k == 0, nxt)
        if row.is_total and not toks:
            toks = [m for m in rx["cell"].finditer(ln.text.text) if not _YEAR.match(m.group("num"))]
        if toks:
            found = (ln, toks)
            break
    joined = " ".join(x.text.text for x in row.lines)
    source = next((" ".join(m.group(0).split()) for r in rx["sources"] for m in [r.search(joined)] if m), None)
    label = _label(row, row.index, source)
    is_total = row.is_total or bool(rx["total"].match(label))  # "A | TỔNG CHI …": a marked total
    if found is None:
        a, b = row.lines[0].text.span()
        if rx["of_which"].match(label):
            return TableRow(None, label, a, b)  # "Trong đó:" alone: its parts follow
        if is_total or not row.index or _ROMAN_START.match(row.index):
            return None  # a total or a group without its figure: nothing to add or check
        return TableRow(row.index, label, a, b, (), source)
    ln, toks = found
    amounts = tuple(Amount(_ordinal_column(k, len(toks)), m.group("num"), *ln.text.span(m.start("num"), m.end("num")))
                    for k, m in enumerate(toks))
    return TableRow(row.index, label, amounts[0].start, amounts[0].end, amounts, source, is_total)


def _ordinal_column(k: int, n: int) -> str | None:
    """Every figure of a row is an amount cell (GUIDELINES §6). Without cell separators
    the figures cannot be matched to the header's words, so the columns are named by
    their order, as budget forms number them: "(1)", "(2)"."""
    return f"({k + 1})" if n > 1 else None


def _header_total(header: Row, rx) -> TableRow | None:
    """A total printed at the end of a header line, above the rows."""
    prev = None
    for ln in header.lines:
        toks = [m for m in _amount_tokens(ln, rx, None, False) if m.end() == len(ln.text.text.rstrip())
                and not _ROW_INDEX.match(ln.text.text)]
        if toks:
            m = toks[0]
            a, b = ln.text.span(m.start("num"), m.end("num"))
            return TableRow(None, prev or ln.text.text, a, b, (Amount(None, m.group("num"), a, b),), None, True)
        prev = ln.text.text
    return None


def _trailing(seg, end: int, rx) -> list[TableRow]:
    """A total stated in the paragraph right after the table ("Tổng kinh phí ... là ...")."""
    for ln in seg.lines[end:end + 3]:
        s = ln.text.text
        pm = rx["total_par"].search(s)
        if not pm:
            continue
        am = rx["with_scale"].search(s, pm.end() - 1)
        if not am:
            return []
        para = " ".join(x.text.text for x in seg.lines[end:end + 5])
        src = next((" ".join(m.group(0).split()) for r in rx["sources"] for m in [r.search(para)] if m), None)
        a, b = ln.text.span(am.start("num"), am.end("num"))
        amount = Amount(None, am.group("num"), a, b, budget_paragraphs.scale_word(am.group("scale")))
        return [TableRow(None, s[:pm.end()].strip(" :"), a, b, (amount,), src, True)]
    return []


def _words(seg, start: int, stop: int, rx) -> tuple[int | None, int | None, int | None]:
    text_lines = seg.lines[start:stop]
    for k, ln in enumerate(text_lines):
        joined = " ".join(x.text.text for x in text_lines[k:k + 3])
        for w in rx["words"]:
            m = w.search(joined)
            if m and m.start() < len(ln.text.text):
                value = words_to_vnd(m.group("words"))
                if value:
                    a, b = ln.text.span(min(m.start("words"), len(ln.text.text) - 1))
                    return value, a, b
    return None, None, None
