"""Budget tables whose cells are lines of text, with no separator between them: a
converter's layout (one cell per line, a blank line after each) and PDF text (a row's
marker alone on its line, its label wrapped, then its figures and source). A row opens
at an outline marker that follows the one before within its parent (A, I, 1, 1.1, a;
bullets after "Trong đó"), so a count in a cell ("10 Ngân sách huyện") opens none; the
figures that end a row's line are its amount cells. The rows are read like any other
table's (budget_outline).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import BudgetTable, Record
from ..rules import FLAGS, RuleSet
from ..segment import Line, Segmented
from ..text_tables import roman_value
from .budget_grid import scale_in
from .budget_outline import BULLET_DEPTH, Amount, TableRow, budget_items, depth
from .budget_paragraphs import trailing_total, words_in_lines

ROW_INDEX = regex.compile(
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


def read_table(seg: Segmented, rules: RuleSet, start: int, rx: dict, table_id: str,
           covered: list[tuple[int, int]] = ()) -> tuple[list[Record], int]:
    lines = seg.lines
    scale = None
    for ln in lines[max(0, start - 3):start + 25]:
        scale = scale or scale_in(ln.text.text, rx)
    money_title = "kinh phí" in lines[start].text.text.lower()
    if scale is None and not money_title:
        return [], start + 1
    title_lines = [lines[start].text.text]
    rows: list[Row] = []
    header = Row(None)
    end = start + 1
    window = range(start + 1, min(len(lines), start + 600))
    cue = next((k for k in window[:40] if _HEADER_CUE.match(lines[k].text.text)
                or scale_in(lines[k].text.text, rx)), None)
    of_which_run = False  # after a "Trong đó" row, bullet rows are its parts
    repeated_header = False  # a header printed again on the next page
    for k in window:
        text = lines[k].text.text
        if _HEADING.match(text) or (not rows and k > start + 60):
            break
        if rows and rows[-1].is_total and any(r.index for r in rows) and rx["cell"].sub("", text).strip():
            break  # the table ends after its total row; words and a total paragraph are read after it
        end = k + 1
        m = ROW_INDEX.match(text)
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
    table_rows += trailing_total(seg, end, rx)
    records: list[Record] = list(budget_items(seg.doc.doc_id, table_id, table_rows, scale, rules))
    words = words_in_lines(seg, start, end + 6, rx)
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
                and not ROW_INDEX.match(ln.text.text)]
        if toks:
            m = toks[0]
            a, b = ln.text.span(m.start("num"), m.end("num"))
            return TableRow(None, prev or ln.text.text, a, b, (Amount(None, m.group("num"), a, b),), None, True)
        prev = ln.text.text
    return None
