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
ROW_INDEX = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2}){0,2}|[IVXLC]{1,6}|[a-zđ])[.)]?$", FLAGS)
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
    if not b.text:
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
    return cells, (k - len(parts) + 1 if parts else k)


_EMPTY = PdfCell("", -1, -1)


def _pipe_table(cells: list[tuple[int, int, PdfCell]], end_line: int) -> TextTable | None:
    """The header row is the cells up to the first double separator; it says how many
    cells a row has. After it, a double separator closes a row when the row is full or a
    row index follows; otherwise the separators stand for empty cells."""
    end = next((i for i, (_k, gap, _c) in enumerate(cells) if i > 0 and gap >= 2), len(cells))
    # the header row is the short cells just before that: a caption, a signature block or
    # a distribution list may stand in the same run of separators before it
    start = end
    while start > 0 and len(cells[start - 1][2].text) <= _HEADER_CELL_CHARS:
        start -= 1
    n = end - start
    if n < 2 or end == len(cells) or n > _MAX_HEADER_CELLS:
        return None
    rows: list[TextRow] = []
    current: list[PdfCell] = []
    first = 0
    for k, gap, cell in cells[end:]:
        if gap >= 2 and (not current or len(current) >= n or ROW_INDEX.match(cell.text)):
            if current:
                rows.append(TextRow(tuple(current), first))
            current, first = [_EMPTY] * (gap - 2), k
        else:
            current.extend([_EMPTY] * (gap - 1))
        current.append(cell)
    if current:
        rows.append(TextRow(tuple(current), first))
    return TextTable("pipes", tuple(c for _k, _g, c in cells[start:end]), tuple(rows), end_line)


def follows(previous: str, index: str) -> bool:
    """Whether a row index may come after the one before: the next number, letter or
    roman numeral, a first child ("2.1" after "2"), the next sibling of a parent ("3"
    after "2.4"), or a new group ("II", "A") opening anywhere."""
    p, c = previous.rstrip(".)"), index.rstrip(".)")
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
    if _ROMAN.match(p) and _ROMAN.match(c):
        return _roman(c) == _roman(p) + 1
    return bool(cn) and cn[-1] == 1 or (len(c) == 1 and c in "aA")


_ROMAN = regex.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _numbers(index: str) -> list[int]:
    parts = index.split(".")
    return [int(x) for x in parts] if all(x.isdigit() for x in parts) else []


def _roman(s: str) -> int:
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
