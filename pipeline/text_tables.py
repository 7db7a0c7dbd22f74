"""Tables that reached us as text, read back into rows of cells.

Three layouts are common, and all lose a table's columns in their own way:

- **markdown rows** (converters such as pandoc, Docling, Marker): ``| 1 | Tỷ lệ … | % | 80 |``,
  one row a line, a ``|---|`` rule under the header;
- **pipe lines** (pages copied from legal-document websites): every cell on lines of its
  own, a line holding only ``|`` between cells, so ``|`` on two lines in a row closes one
  row and opens the next (or stands for an empty cell);
- **one cell per line** (text extracted from a PDF): no separator at all.

A row opens at a row-index cell ("1", "2.1", "II", "a") and runs to the next one, so
empty cells and cells wrapped over lines do not shift the rows. The header is the run
of cells before the first row. Cells keep their source offsets, so every value read
from them has its provenance. Which tables matter, and what their columns mean, is
the business of the extractors that read them (``rules/targets.yaml`` ``indicator_tables``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from .model import PdfCell
from .mtext import MText
from .rules import FLAGS
from .segment import Line, Segmented

_PIPE_LINE = regex.compile(r"^\|$")
_MARKDOWN_ROW = regex.compile(r"^\|.*\|$")
_MARKDOWN_RULE = regex.compile(r"^\|[\s:|-]*-[\s:|-]*\|$")
_INNER_PIPE = regex.compile(r"(?<!\\)\|")
# a row index: 1, 01, 2.1, 1.2.3, I, IV, a, b (with a dot or a parenthesis)
ROW_INDEX = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2}){0,2}|[IVXLC]{1,6}|[a-zđ]|[A-ZĐ])[.)]?$", FLAGS)
_MAX_HEADER_CELLS = 24
_MAX_CELL_CHARS = 400  # a longer "cell" is running text: the table has ended
_HEADER_CELL_CHARS = 60  # a header cell names a column in a few words


@dataclass(frozen=True)
class TextRow:
    cells: tuple[PdfCell, ...]
    line: int  # index in ``Segmented.lines`` of the row's first line


@dataclass(frozen=True)
class TextTable:
    layout: str  # markdown | pipes | lines
    header: tuple[PdfCell, ...]
    rows: tuple[TextRow, ...]
    end_line: int  # index in ``Segmented.lines`` after the table's last line

    @property
    def body_lines(self) -> range:
        """The indices of the lines the rows stand on."""
        return range(self.rows[0].line, self.end_line) if self.rows else range(0)


def text_tables(seg: Segmented) -> list[TextTable]:
    """Every markdown or pipe-line table of the document (read once, shared by the
    extractors that ask)."""
    if "text_tables" not in seg.context:
        seg.context["text_tables"] = [*_markdown_tables(seg.lines), *_pipe_tables(seg.lines)]
    return seg.context["text_tables"]


def line_table(lines: list[Line], start: int, end: int) -> TextTable | None:
    """The one-cell-per-line table on lines[start:end], its header first: every line is a
    cell (a cell wrapped over lines gives several). With no separators, a row opens only
    at an index that follows the one before ("2" after "1", "2.1" after "2", "II" after
    a row of "I"): a value cell "5" is no row."""
    cells = [(k, _cell(ln.text)) for k, ln in enumerate(lines[start:end], start)]
    opens, last = [], None
    for i, (_k, c) in enumerate(cells):
        named = i + 1 < len(cells) and any(ch.isalpha() for ch in cells[i + 1][1].text)  # "1" then its indicator
        if ROW_INDEX.match(c.text) and named and (last is None or follows(last, c.text)):
            opens.append(i)
            last = c.text
    return _table("lines", cells, opens, end)


# ------------------------------------------------------------------ layouts

def _markdown_tables(lines: list[Line]) -> list[TextTable]:
    tables, run = [], []
    for k, ln in enumerate([*lines, None]):
        if ln is not None and _MARKDOWN_ROW.match(ln.text.text):
            run.append((k, ln))
            continue
        if len(run) >= 2:
            tables.append(_markdown_table(run))
        run = []
    return tables


def _markdown_table(run: list[tuple[int, Line]]) -> TextTable:
    header: list[PdfCell] = []
    rows: list[TextRow] = []
    for k, ln in run:
        if _MARKDOWN_RULE.match(ln.text.text):
            continue
        cells = tuple(_split_row(ln.text))
        if not rows and not header and not (cells and ROW_INDEX.match(cells[0].text)):
            header = list(cells)
        elif header and not rows and not any(ROW_INDEX.match(c.text) for c in cells[:1]) and _is_header_like(cells):
            header = [_merge_header(a, b) for a, b in zip(header, cells, strict=False)] + header[len(cells):]
        else:
            rows.append(TextRow(cells, k))
    return TextTable("markdown", tuple(header), tuple(rows), run[-1][0] + 1)


def _split_row(text: MText):
    s = text.text
    bars = [m.start() for m in _INNER_PIPE.finditer(s)]
    for a, b in zip(bars, bars[1:], strict=False):
        yield _cell(text[a + 1:b])


def _is_header_like(cells) -> bool:
    return not any(c.text and c.text[0].isdigit() for c in cells)


def _merge_header(a: PdfCell, b: PdfCell) -> PdfCell:
    """Two header levels of one column: "Năm 2025" over "Kế hoạch" → "Năm 2025 / Kế hoạch"."""
    if not b.text or b.text == a.text:  # a cell merged down the header rows names one level
        return a
    if not a.text:
        return b
    return PdfCell(f"{a.text} / {b.text}", a.char_start, b.char_end)


def _pipe_tables(lines: list[Line]) -> list[TextTable]:
    """Runs of cells between "|" lines. A run ends at a line of running text after its
    last separator."""
    tables = []
    k = 0
    while k < len(lines):
        if not _PIPE_LINE.match(lines[k].text.text):
            k += 1
            continue
        cells, k = _pipe_cells(lines, k)
        table = _pipe_table(cells, k)
        if table is not None:
            tables.append(table)
    return tables


def _pipe_cells(lines: list[Line], k: int) -> tuple[list[tuple[int, int, PdfCell]], int]:
    """The cells from the "|" line at k: the lines between two separators are one cell.
    Each comes with the index of its first line and how many separators stand before it
    (two or more: a row may close there, or a cell be empty). Also where the run ended."""
    cells: list[tuple[int, int, PdfCell]] = []
    parts: list[Line] = []
    first, separators = k, 0
    while k < len(lines):
        text = lines[k].text.text
        if _PIPE_LINE.match(text):
            if parts:
                cells.append((first, separators, _cell(MText.join(" ", [p.text for p in parts]))))
                parts, separators = [], 0
            separators += 1
            first = k + 1
        else:
            parts.append(lines[k])
            if sum(len(p.text.text) for p in parts) > _MAX_CELL_CHARS:
                break  # running text after the table
        k += 1
    if k == len(lines) and len(parts) == 1 and len(parts[0].text.text) <= _HEADER_CELL_CHARS:
        cells.append((first, separators, _cell(parts[0].text)))  # the text ends with the last cell
        parts = []
    return cells, (k - len(parts) + 1 if parts else k)


_EMPTY = PdfCell("", -1, -1)
_SMALL_NUMBER = regex.compile(r"(?<![\d.,])0?([1-9])(?![\d.,])")
_FIGURE = regex.compile(r"^\d{1,3}(?:[.,]\d{3})+(?:,\d+)?$|^\d+,\d+$")
COLUMN_NUMBER = regex.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?$", FLAGS)

_Cells = list[tuple[int, int, PdfCell]]  # (first line, separators before, cell)


def _pipe_table(cells: _Cells, end_line: int) -> TextTable | None:
    """The rows start at the first row index followed by a named cell; the header is the
    short cells before it. How many cells a row has is read from the rows themselves (a
    header with merged cells has fewer), and it decides what each run of separators
    means: the end of a row, or empty cells."""
    start = next((i for i in range(1, len(cells) - 1) if cells[i][1] >= 2 and ROW_INDEX.match(cells[i][2].text)
                  and sum(ch.isalpha() for ch in cells[i + 1][2].text) >= 2), None)
    if start is None:
        return _pipe_table_by_header(cells, end_line)
    first = start
    while first > 0 and len(cells[first - 1][2].text) <= _HEADER_CELL_CHARS:
        first -= 1  # a caption, a signature block or a distribution list may stand before the header
    header_rows = _split_at_gaps(cells, first, start)
    while header_rows and any(_FIGURE.match(cells[i][2].text) for i in header_rows[-1]):
        start = header_rows.pop()[0]  # a total printed above the rows without an index of its own
    width = _row_width(cells[start:])
    header = _header_names([[cells[i][2] for i in r] for r in header_rows], width)
    rows = [r for r in _rows(cells[start:], width) if any(c.text for c in r.cells)]
    return TextTable("pipes", header, tuple(rows), end_line)


def _row_width(cells: _Cells) -> int:
    """The cell count of most rows: the slots from one row index to the next (a row's
    trailing empty cells stand in the separators before the next row, all but its end
    and start). A group row merged across the table is shorter; it does not count much."""
    opens = [i for i in range(len(cells)) if i == 0 or _opens_row(cells, i, None, any_index=True)]
    widths = Counter()
    for a, b in zip(opens, [*opens[1:], None], strict=True):
        inner = sum(gap for _k, gap, _c in cells[a + 1:b])  # g separators: g - 1 empty cells and the cell
        trailing = max(0, cells[b][1] - 2) if b is not None else 0
        widths[1 + inner + trailing] += 1
    return max(widths.items(), key=lambda wc: (wc[1], wc[0]))[0] if widths else 2


def _rows(cells: _Cells, width: int) -> list[TextRow]:
    """Rows of `width` cells. Within a row, g separators before a cell stand for g - 1
    empty cells; a run longer than the row has room for closes it (its last cell, the
    row's end and the next row's start each take one) and opens the next. A row index
    after two separators, naming a row ("2" then its label) and following the last row's
    index (any index, after a row that has none: an elision "….." of the copied page),
    opens a row too: a group row merged across the table ("| I | KIỆN TOÀN … |") has
    fewer cells than the width."""
    rows: list[TextRow] = []
    current: list[PdfCell] | None = None
    line = cells[0][0] if cells else 0
    last_index = None
    for i, (k, gap, cell) in enumerate(cells):
        if current is None:
            current = [_EMPTY] * max(0, gap - 2)  # the first row: the separators before it close the header
        elif gap <= width - len(current) and not _opens_row(
                cells, i, last_index, any_index=not ROW_INDEX.match(current[0].text if current else "")):
            current.extend([_EMPTY] * (gap - 1))
        else:
            rows.append(TextRow(tuple(current + [_EMPTY] * (width - len(current))), line))
            current, line = [_EMPTY] * max(0, gap - (width - len(current)) - 2), k
        if not current and ROW_INDEX.match(cell.text):
            last_index = cell.text
        current.append(cell)
    if current:
        rows.append(TextRow(tuple(current + [_EMPTY] * (width - len(current))), line))
    return rows


def _opens_row(cells: _Cells, i: int, last_index: str | None, any_index: bool = False) -> bool:
    """Whether cells[i] opens a row: a row index after two separators, with a named cell
    after it, following the last row's index (``any_index``: any index will do)."""
    _k, gap, cell = cells[i]
    if gap < 2 or not ROW_INDEX.match(cell.text):
        return False
    named = i + 1 < len(cells) and sum(ch.isalpha() for ch in cells[i + 1][2].text) >= 2
    return named and (any_index or (last_index is not None and follows(last_index, cell.text)))


def _split_at_gaps(cells: _Cells, start: int, end: int) -> list[list[int]]:
    """Header rows (as indices into cells): a header has no empty cells, so two
    separators end a row. A row of column numbers ("A | B | 1 | 2") is left out."""
    rows: list[list[int]] = []
    for i in range(start, end):
        if cells[i][1] >= 2 or not rows:
            rows.append([])
        rows[-1].append(i)
    return [r for r in rows if not all(COLUMN_NUMBER.match(cells[i][2].text) for i in r)]


def _header_names(rows: list[list[PdfCell]], width: int) -> tuple[PdfCell, ...]:
    """One cell per column. Under a first row with merged cells (fewer than the row
    width), the second row names the columns the first row's last cells span: the first
    cells span both rows. A parent spans the count it prints ("Dự kiến 03 năm …"), else an
    equal share; where that is undecidable the second row's names stand alone."""
    if not rows:
        return ()
    top = rows[0]
    if len(rows) == 1 or len(top) >= width:
        return tuple(top[:width])
    below = rows[1][:width]
    own = width - len(below)  # the first row's cells that span both rows
    parents = top[own:] if 0 <= own < len(top) else []
    spans = _spans([p.text for p in parents], len(below))
    if spans is None:
        return tuple(top[:max(own, 0)]) + tuple(below)
    children = iter(below)
    named = [_merge_header(p, next(children)) for p, n in zip(parents, spans, strict=True) for _ in range(n)]
    return tuple(top[:own]) + tuple(named)


def _spans(parents: list[str], children: int) -> list[int] | None:
    if not parents:
        return None
    stated = [int(m.group(1)) if (m := _SMALL_NUMBER.search(p)) else None for p in parents]
    rest = children - sum(n for n in stated if n)
    unstated = stated.count(None)
    if rest < 0 or (unstated == 0 and rest) or (unstated and rest % unstated):
        return None
    return [n if n else rest // unstated for n in stated]


def _pipe_table_by_header(cells: _Cells, end_line: int) -> TextTable | None:
    """A table whose rows have no index: the header row is the cells up to the first
    double separator; it says how many cells a row has."""
    end = next((i for i, (_k, gap, _c) in enumerate(cells) if i > 0 and gap >= 2), len(cells))
    start = end
    while start > 0 and len(cells[start - 1][2].text) <= _HEADER_CELL_CHARS:
        start -= 1
    n = end - start
    if n < 2 or end == len(cells) or n > _MAX_HEADER_CELLS:
        return None
    return TextTable("pipes", tuple(c for _k, _g, c in cells[start:end]), tuple(_rows(cells[end:], n)), end_line)


def follows(previous: str, index: str) -> bool:
    """Whether a row index may come after the one before: the next number, letter or
    roman numeral, a first child ("2.1" after "2"), the next sibling of a parent ("3"
    after "2.4"), or a new group ("II", "A") opening anywhere."""
    p, c = previous.rstrip(".)"), index.rstrip(".)")
    if _LETTER.match(p) and _LETTER.match(c) and not _ROMAN.match(p):
        return ord(c) == ord(p) + 1 or (p, c) in (("D", "Đ"), ("Đ", "E"))  # A, B, C: lettered parts
    if _ROMAN.match(c) and not _ROMAN.match(p):
        return True
    pn, cn = _numbers(p), _numbers(c)
    if pn and cn:
        if len(cn) == len(pn) + 1:
            return cn[:-1] == pn and cn[-1] == 1
        if len(cn) <= len(pn):
            return cn[:-1] == pn[:len(cn) - 1] and cn[-1] == pn[len(cn) - 1] + 1
        return False
    if len(p) == 1 and len(c) == 1 and p.isalpha() and c.isalpha() and p.islower() and c.islower():
        return ord(c) == ord(p) + 1 or (p == "d" and c == "đ") or (p == "đ" and c == "e")
    if _LETTER.match(c):
        return True  # a new lettered part opens anywhere
    if _ROMAN.match(p) and _ROMAN.match(c):
        return roman_value(c) == roman_value(p) + 1
    return bool(cn) and cn[-1] == 1 or (len(c) == 1 and c in "aA")


_ROMAN = regex.compile(r"^[IVXLC]+$")
_LETTER = regex.compile(r"^[A-ZĐ]$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _numbers(index: str) -> list[int]:
    parts = index.split(".")
    return [int(x) for x in parts] if all(x.isdigit() for x in parts) else []


def roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b and _ROMAN_VALUES[b] > v else v
    return total


def _table(layout: str, cells: list[tuple[int, PdfCell]], starts: list[int], end_line: int) -> TextTable | None:
    """Header cells up to the first row, then the rows (each from one start to the next)."""
    if not starts or starts[0] == 0 or starts[0] > _MAX_HEADER_CELLS:
        return None
    header = tuple(c for _k, c in cells[:starts[0]])
    rows = []
    for a, b in zip(starts, [*starts[1:], len(cells)], strict=True):
        rows.append(TextRow(tuple(c for _k, c in cells[a:b]), cells[a][0]))
    return TextTable(layout, header, tuple(rows), end_line)


def _cell(text: MText) -> PdfCell:
    stripped = text.strip()
    if not stripped.text:
        return PdfCell("", -1, -1)
    a, b = stripped.span()
    return PdfCell(" ".join(stripped.text.split()), a, b)
