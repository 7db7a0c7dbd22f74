"""Ruled tables in PDFs, read from pypdfium2's own page objects.

A ruled table is drawn with path objects: single lines, thin filled rectangles, or one
rectangle per cell. Their edges (top-left coordinates, as pdfplumber's edge records)
go through pdfplumber's lattice geometry — snap and join edges, intersections, cells,
tables, rows — redone here on plain lists with sorted lookups (pdfplumber's steps build
a dict per edge per step and compare every pair) and property-tested equal to
pdfplumber's, step by step; pdfplumber never parses the page.
Each cell's text is the text pdfium puts inside the cell's box, then located in the
page text pypdfium2 extracted, so cells carry offsets into ``document_text``.

The two loops that only call pdfium, the walk over a page's objects and the cell texts,
run in C (``_pdfpage.c``) where it was built, and through pypdfium2's raw functions
otherwise. The page text itself (``page_text``) is read here too, into the buffer the
cell texts use without the C module.
"""
from __future__ import annotations

import bisect
import ctypes
import itertools
import re
import unicodedata
from collections import defaultdict
from operator import itemgetter
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

from .model import PdfCell, PdfTable
from .normalize import nfc

# the runs ``str.split`` cuts (the standard library's \s is str.isspace, as split's)
_NON_SPACE_RUN = re.compile(r"\S+")
MIN_EDGES = 6          # edges on a page before it may hold a ruled table
THIN = 2.0             # a path this thin (pt) is a ruling line, not a box
MIN_EDGE_LENGTH = 3.0  # pdfplumber's edge_min_length
TOLERANCE = 3.0        # pdfplumber's snap, join and intersection tolerances
MAX_FORM_DEPTH = 3
MAX_BOX_SEGMENTS = 5   # a rectangle's move + 3 lines + close; more is a drawn grid
CELL_INSET = 0.5       # pdfium takes chars that touch the box; keep the neighbours' out


def _direct(function, restype, *argtypes):
    """A pdfium function called with plain addresses (ints), holding the GIL. pypdfium2's
    bindings build a typed pointer for every result and hand the GIL over at every
    call; the page-object walk (hundreds of text objects a page for each path) and the
    cell texts call pdfium thousands of times a page (the walk: 17% faster). For short
    calls only: nothing else runs while one does."""
    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int

try:  # the page walk and the cell texts in C (pipeline/_pdfpage.c), built where a compiler is
    from . import _pdfpage
except ImportError:
    _pdfpage = None
# what the C module calls, by address: the functions of the pdfium pypdfium2 has loaded
_WALK_API = tuple(ctypes.cast(f, ctypes.c_void_p).value for f in (
    pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFFormObj_CountObjects,
    pdfium_c.FPDFFormObj_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPath_CountSegments,
    pdfium_c.FPDFPageObj_GetBounds))
_CHARS_API = tuple(ctypes.cast(f, ctypes.c_void_p).value for f in (
    pdfium_c.FPDFText_CountChars, pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharBox,
    pdfium_c.FPDFText_GetCharOrigin))


def pdfium_text(raw: str) -> str:
    """pypdfium2's text as plain text: it ends lines with \\r\\n and prints U+FFFE for
    the hyphen of a word broken at a line end."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")


def page_tables(page, textpage, page_no: int, page_text: str, offset: int) -> list[PdfTable]:
    """The ruled tables of one page (pdfium's raw handles of the page and its text page),
    rows of cells located in ``page_text``, which starts at ``offset`` in the document text."""
    top = page_top(page)
    edges = page_edges(page, top)
    if len(edges.horizontal) + len(edges.vertical) < MIN_EDGES:
        return []
    tables = []
    locator = reader = None  # built for the first table only: most pages with rulings have none
    for cells in find_cell_groups(edges):
        locator = locator or TextLocator(page_text, offset)
        reader = reader or BoxText(textpage, top)
        rows = tuple(tuple(locator.cell(None if box is None else reader.text(box)) for box in row)
                     for row in table_rows(cells))
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(PdfTable(page_no, rows))
    return tables


def page_top(page) -> float:
    """The top of the page's box (media box cut by the crop box), in PDF units: the
    origin of the top-left coordinates that pdfplumber's geometry uses."""
    box = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, box):
        raise ValueError("pdfium gives no page bounding box")
    return box.top


# ------------------------------------------------------------------ lattice
#
# pdfplumber's lattice steps (snap and join edges, intersections, cells, tables, rows)
# with the same results, on lists instead of a dict per edge per step, and with each
# step's search narrowed by sorting: a table drawn one rectangle per cell has hundreds of
# edges, and pdfplumber's intersections and cells compare every pair.

X0, X1, TOP, BOTTOM, WIDTH, HEIGHT = range(6)
Edge = list[float]  # [x0, x1, top, bottom, width, height], pdfplumber's edge record in this order
Cell = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]


class Edges(NamedTuple):
    horizontal: list[Edge]
    vertical: list[Edge]


def find_cell_groups(edges: Edges) -> list[list[Cell]]:
    """Tables as lists of cell boxes, each sorted top to bottom, left to right."""
    merged = merge_edges(edges)
    horizontal = [e for e in merged.horizontal if e[WIDTH] >= MIN_EDGE_LENGTH]
    vertical = [e for e in merged.vertical if e[HEIGHT] >= MIN_EDGE_LENGTH]
    return cells_to_tables(intersections_to_cells(edges_to_intersections(Edges(horizontal, vertical))))


def merge_edges(edges: Edges) -> Edges:
    """pdfplumber's ``merge_edges`` at our tolerances: each edge snapped to the mean
    position of its cluster, then collinear edges that touch joined (same values, same
    order: horizontal edges by their top, vertical by their x0, each stably)."""
    horizontal = _joined(sorted(_snapped(edges.horizontal, TOP, BOTTOM), key=itemgetter(TOP)), TOP, X0, X1, WIDTH)
    vertical = _joined(sorted(_snapped(edges.vertical, X0, X1), key=itemgetter(X0)), X0, TOP, BOTTOM, HEIGHT)
    return Edges(horizontal, vertical)


def _snapped(rows: list[Edge], at: int, also: int) -> list[Edge]:
    """pdfplumber's ``snap_objects``: positions within TOLERANCE of the next one form a
    cluster (sorted, chained); each edge moves by its cluster's mean minus its own
    position; the clusters come in order, each with its edges in their own order."""
    cluster_of, k, last = {}, -1, None
    for x in sorted({r[at] for r in rows}):
        if last is None or not x <= last + TOLERANCE:
            k += 1
        cluster_of[x], last = k, x
    clusters: list[list[Edge]] = [[] for _ in range(k + 1)]
    for r in rows:
        clusters[cluster_of[r[at]]].append(r)
    out = []
    for members in clusters:
        mean = sum(r[at] for r in members) / len(members)
        for r in members:
            shift = mean - r[at]
            moved = r.copy()
            moved[at], moved[also] = r[at] + shift, r[also] + shift
            out.append(moved)
    return out


def _joined(rows: list[Edge], at: int, low: int, high: int, length: int) -> list[Edge]:
    """pdfplumber's ``join_edge_group`` over each line (edges at one position): sorted
    by their start, an edge that starts within TOLERANCE of the last one's end extends
    it (``resize_object``: the length follows)."""
    out = []
    for _pos, group in itertools.groupby(rows, key=itemgetter(at)):
        joined: list[Edge] = []
        for r in sorted(group, key=itemgetter(low)):
            if joined and r[low] <= joined[-1][high] + TOLERANCE:
                last = joined[-1]
                if r[high] > last[high]:
                    extended = last.copy()
                    extended[high] = r[high]
                    # as pdfplumber computes them: a width from x0, a height by the difference
                    extended[length] = r[high] - last[low] if length == WIDTH else last[length] + (r[high] - last[high])
                    joined[-1] = extended
            else:
                joined.append(r)
        out.extend(joined)
    return out


def edges_to_intersections(edges: Edges) -> dict[Point, tuple[set[int], set[int]]]:
    """pdfplumber's ``edges_to_intersections``: each point (x0 of a vertical edge, top of
    a horizontal one) where the two meet within TOLERANCE, with the vertical and the
    horizontal edges through it (by index). Only horizontal edges near a vertical one's
    span are tested, then with pdfplumber's own comparisons."""
    points: dict[Point, tuple[set[int], set[int]]] = {}
    by_top = sorted(range(len(edges.horizontal)), key=lambda k: edges.horizontal[k][TOP])
    tops = [edges.horizontal[k][TOP] for k in by_top]
    for j, v in enumerate(edges.vertical):
        x, v_top, v_bottom = v[X0], v[TOP], v[BOTTOM]
        # a margin beyond the tolerance: the exact test below decides, in pdfplumber's arithmetic
        near = by_top[bisect.bisect_left(tops, v_top - 2 * TOLERANCE):bisect.bisect_right(tops, v_bottom + 2 * TOLERANCE)]
        for k in near:
            h = edges.horizontal[k]
            if (v_top <= h[TOP] + TOLERANCE and v_bottom >= h[TOP] - TOLERANCE
                    and x >= h[X0] - TOLERANCE and x <= h[X1] + TOLERANCE):
                v_set, h_set = points.setdefault((x, h[TOP]), (set(), set()))
                v_set.add(j)
                h_set.add(k)
    return points


def intersections_to_cells(points: dict[Point, tuple[set[int], set[int]]]) -> list[Cell]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order: from
    each point, the nearest point below on a shared vertical edge and the nearest to the
    right on a shared horizontal edge whose corner closes the box. The points below and
    right are looked up by column and row, not by rescanning all later points."""
    ordered = sorted(points)
    column: dict[float, list[Point]] = defaultdict(list)
    row: dict[float, list[Point]] = defaultdict(list)
    place = {}  # a point's index in its column and in its row: those after it are below / right
    for p in ordered:
        place[p] = (len(column[p[0]]), len(row[p[1]]))
        column[p[0]].append(p)
        row[p[1]].append(p)
    cells = []
    for pt in ordered[:-1]:
        in_column, in_row = place[pt]
        cell = _cell_from(pt, column[pt[0]][in_column + 1:], row[pt[1]][in_row + 1:], points)
        if cell is not None:
            cells.append(cell)
    return cells


def _cell_from(pt: Point, below: list[Point], right: list[Point], points: dict) -> Cell | None:
    down, across = points[pt]
    for b in below:
        if down.isdisjoint(points[b][0]):
            continue
        for r in right:
            if across.isdisjoint(points[r][1]):
                continue
            corner = points.get((r[0], b[1]))
            if corner is not None and not corner[0].isdisjoint(points[r][0]) and not corner[1].isdisjoint(points[b][1]):
                return pt[0], pt[1], r[0], b[1]
    return None


def cells_to_tables(cells: list[Cell]) -> list[list[Cell]]:
    """pdfplumber's ``cells_to_tables``: cells that share a corner, directly or through
    others, form a table; tables of one cell are dropped; tables in order of their first
    cell (top, then left). A graph search over corners, not pdfplumber's passes."""
    by_corner: dict[Point, list[int]] = defaultdict(list)
    for k, cell in enumerate(cells):
        for corner in _corners(cell):
            by_corner[corner].append(k)
    seen = [False] * len(cells)
    tables = []
    for first in range(len(cells)):
        if seen[first]:
            continue
        seen[first], stack, table = True, [first], []
        while stack:
            k = stack.pop()
            table.append(cells[k])
            for corner in _corners(cells[k]):
                for j in by_corner[corner]:
                    if not seen[j]:
                        seen[j] = True
                        stack.append(j)
        if len(table) > 1:
            tables.append(sorted(table, key=lambda c: (c[1], c[0])))
    return sorted(tables, key=lambda t: (t[0][1], t[0][0]))


def _corners(cell: Cell) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = cell
    return (x0, top), (x0, bottom), (x1, top), (x1, bottom)


def table_rows(cells: list[Cell]) -> list[list[Cell | None]]:
    """pdfplumber's ``Table.rows`` of cells sorted by top, then x0: a row per top, a
    column per x0, None where a merged cell covers the place."""
    xs = sorted({c[0] for c in cells})
    return [[at.get(x) for x in xs] for at in ({c[0]: c for c in group}
                                               for _top, group in itertools.groupby(cells, key=lambda c: c[1]))]


_DOUBLE = ctypes.c_double
_bounded_text = _direct(pdfium_c.FPDFText_GetBoundedText, _INT, _ADDRESS, _DOUBLE, _DOUBLE, _DOUBLE, _DOUBLE, _ADDRESS, _INT)
_get_text = _direct(pdfium_c.FPDFText_GetText, _INT, _ADDRESS, _INT, _INT, _ADDRESS)


class Utf16Buffer:
    """Room for ``chars`` UTF-16 code units that pdfium writes into, passed by address.
    A bytearray, not a ctypes array: ctypes makes a new array type for every length
    (12 µs each, and pages differ in length)."""

    __slots__ = ("data", "address", "chars")

    def __init__(self, chars: int):
        self.chars = chars
        self.data = bytearray(2 * chars)
        self.address = ctypes.addressof(ctypes.c_char.from_buffer(self.data))

    def text(self, written: int) -> str:
        """The first ``written`` code units as text, a terminating NUL among them left out."""
        if written > 0 and self.data[2 * written - 2:2 * written] == b"\0\0":
            written -= 1
        return self.data[:2 * max(0, written)].decode("utf-16-le", errors="ignore")


def page_text(textpage) -> str:
    """pypdfium2's ``get_text_range()`` of a whole text page on the raw handle: the
    text from the first to the last character pdfium puts in its text (a page may open
    or end with characters it leaves out)."""
    first, last = 0, pdfium_c.FPDFText_CountChars(textpage) - 1
    while first <= last and (t_first := pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)) == -1:
        first += 1
    while first <= last and (t_last := pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)) == -1:
        last -= 1
    if first > last:
        return ""
    buffer = Utf16Buffer(t_last + 2 - t_first)
    written = _get_text(ctypes.cast(textpage, ctypes.c_void_p).value, first, last + 1 - first, buffer.address)
    return buffer.text(written)


class BoxText:
    """The text pdfium finds inside a cell's box. pdfium's ``FPDFText_GetBoundedText``
    walks every character of the page for each cell; the C module reads the page's
    characters once and runs the same test per cell (a test checks both give the same
    text on every cell of the sample PDFs). Without it: one pdfium call per cell into a
    buffer made once per page (pypdfium2's ``get_text_bounded`` asks pdfium twice, for
    the size and then the text)."""

    def __init__(self, textpage, top: float):
        self.textpage, self.top = ctypes.cast(textpage, ctypes.c_void_p).value, top
        self.chars = self.buffer = None
        if _pdfpage is not None:
            self.chars = _pdfpage.page_chars(self.textpage, _CHARS_API)
        else:
            # the most a box can hold: every character of the page, each with a line break
            self.buffer = Utf16Buffer(2 * max(0, pdfium_c.FPDFText_CountChars(textpage)) + 64)

    def text(self, box: tuple) -> str:
        x0, y0, x1, y1 = box
        top = self.top
        # pdfium's (left, top, right, bottom), a little inside the cell's rulings
        rect = x0 + CELL_INSET, top - y0 - CELL_INSET, x1 - CELL_INSET, top - y1 + CELL_INSET
        if self.chars is not None:
            return _pdfpage.box_text(self.chars, *rect)
        return self.buffer.text(_bounded_text(self.textpage, *rect, self.buffer.address, self.buffer.chars))


# ------------------------------------------------------------------ edges

# the objects of a page and of a form object: their count, and each by index
_PAGE_OBJECTS = (_direct(pdfium_c.FPDFPage_CountObjects, _INT, _ADDRESS),
                 _direct(pdfium_c.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT))
_FORM_OBJECTS = (_direct(pdfium_c.FPDFFormObj_CountObjects, _INT, _ADDRESS),
                 _direct(pdfium_c.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, ctypes.c_ulong))
_object_type = _direct(pdfium_c.FPDFPageObj_GetType, _INT, _ADDRESS)
_count_segments = _direct(pdfium_c.FPDFPath_CountSegments, _INT, _ADDRESS)
# the four out-parameters passed by address too
_get_bounds = _direct(pdfium_c.FPDFPageObj_GetBounds, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)
_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_WALKED = frozenset((_PATH, _FORM))


class _Bounds:
    """Reused out-parameters: one allocation per page, not per object."""

    def __init__(self):
        self.l, self.b, self.r, self.t = (ctypes.c_float() for _ in range(4))
        self.addresses = tuple(ctypes.addressof(v) for v in (self.l, self.b, self.r, self.t))

    def of(self, obj: int) -> tuple[float, float, float, float] | None:
        if not _get_bounds(obj, *self.addresses):
            return None
        return self.l.value, self.b.value, self.r.value, self.t.value


def page_edges(page, top: float) -> Edges:
    """Horizontal and vertical edges of the page's path objects, Form XObjects included."""
    edges = Edges([], [])
    bounds = _Bounds()
    for obj, segments, box in page_paths(ctypes.cast(page, ctypes.c_void_p).value, bounds):
        if segments > MAX_BOX_SEGMENTS:
            _segment_edges(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT), top, bounds, edges)
        elif box is not None:
            _path_edges(box, top, edges)
    return edges


def page_paths(page: int, bounds: _Bounds) -> list[tuple[int, int, tuple | None]]:
    """(address, segment count, bounds or None) of each path object under the page (the
    address of a pdfium page), in content order: by the C walk when it was built."""
    if _pdfpage is not None:
        return _pdfpage.paths(page, _WALK_API, _PATH, _FORM, MAX_FORM_DEPTH)
    out: list = []
    _collect(page, _PAGE_OBJECTS, bounds, out, 0)
    return out


def _collect(parent: int, objects: tuple, bounds: _Bounds, out: list, depth: int) -> None:
    """The walk in Python, for a machine without the C one: the paths under ``parent``
    (the address of a page or of a form object)."""
    count, get = objects
    # a page holds thousands of text objects and few paths: each object's type asked in
    # one pass of map() (no Python frame per object), only paths and forms looked at
    found = list(map(get, itertools.repeat(parent), range(count(parent))))
    kinds = list(map(_object_type, found))
    walked = list(map(_WALKED.__contains__, kinds))
    for obj, kind in zip(itertools.compress(found, walked), itertools.compress(kinds, walked), strict=True):
        if kind == _PATH:
            out.append((obj, _count_segments(obj), bounds.of(obj)))
        elif kind == _FORM and depth < MAX_FORM_DEPTH:
            _collect(obj, _FORM_OBJECTS, bounds, out, depth + 1)


def _path_edges(box: tuple[float, float, float, float], top: float, edges: Edges) -> None:
    """A thin path is one ruling line; any other path counts as a box of four edges, as
    pdfplumber counts a rectangle (cell borders drawn per cell; fills share them)."""
    left, bottom, right, upper = box
    y0, y1 = top - upper, top - bottom
    width, height = right - left, upper - bottom
    if height <= THIN and width > THIN:
        edges.horizontal.append(_edge_h(left, right, (y0 + y1) / 2))
    elif width <= THIN and height > THIN:
        edges.vertical.append(_edge_v((left + right) / 2, y0, y1))
    elif width > THIN:
        edges.horizontal.extend((_edge_h(left, right, y0), _edge_h(left, right, y1)))
        edges.vertical.extend((_edge_v(left, y0, y1), _edge_v(right, y0, y1)))


def _segment_edges(obj, top: float, bounds: _Bounds, edges: Edges) -> None:
    """A path of many segments (a whole grid in one path): its straight axis-parallel
    segments, in page space through the object's matrix."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return
    x, y = bounds.l, bounds.b  # reused c_float out-parameters
    start, last = None, None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (m.a * x.value + m.c * y.value + m.e, top - (m.b * x.value + m.d * y.value + m.f))
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            _straight(last, point, edges)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _straight(point, start, edges)
        last = point


def _straight(a: Point, b: Point, edges: Edges) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= THIN / 2 and abs(ax - bx) > THIN:
        edges.horizontal.append(_edge_h(min(ax, bx), max(ax, bx), (ay + by) / 2))
    elif abs(ax - bx) <= THIN / 2 and abs(ay - by) > THIN:
        edges.vertical.append(_edge_v((ax + bx) / 2, min(ay, by), max(ay, by)))


def _edge_h(x0: float, x1: float, y: float) -> Edge:
    return [x0, x1, y, y, x1 - x0, 0.0]


def _edge_v(x: float, y0: float, y1: float) -> Edge:
    return [x, x, y0, y1, 0.0, y1 - y0]


# ------------------------------------------------------------------ offsets

class TextLocator:
    """Finds cell texts in a page's (or a cell's) text, in reading order, with spacing ignored (the
    cell and the page text break lines differently): a plain substring search in the
    page text with its whitespace squeezed out, mapped back to page offsets."""

    def __init__(self, page_text: str, offset: int):
        # most pages are NFC already: then offsets are the page's own, no map is built
        composed = unicodedata.normalize("NFC", page_text)
        self.mt = None if composed == page_text else nfc(page_text, composed)
        text = page_text if self.mt is None else self.mt.text
        self.runs = [m.span() for m in _NON_SPACE_RUN.finditer(text)]
        words = text.split()  # the same runs, cut by one call
        self.squeezed = "".join(words)
        self.run_starts = list(itertools.accumulate(map(len, words), initial=0))[:-1]
        self.offset = offset
        self.cursor = 0

    def _run_of(self, k: int) -> int:
        return bisect.bisect_right(self.run_starts, k) - 1

    def _page_offset(self, k: int) -> int:
        j = self._run_of(k)
        return self.runs[j][0] + k - self.run_starts[j]

    def _find(self, key: str, words: list[str], start: int) -> int:
        """The first place from ``start`` where the words follow one another, each inside
        one run of the page text (spacing may differ between words, not within one)."""
        i = self.squeezed.find(key, start)
        while i >= 0 and not self._words_fit(i, words):
            i = self.squeezed.find(key, i + 1)
        return i

    def _words_fit(self, i: int, words: list[str]) -> bool:
        for w in words:
            j = self._run_of(i)
            a, b = self.runs[j]
            if i + len(w) > self.run_starts[j] + (b - a):
                return False
            i += len(w)
        return True

    def cell(self, value: str | None) -> PdfCell | None:
        if value is None:
            return None
        words = unicodedata.normalize("NFC", pdfium_text(value)).split()  # the text only: no offsets
        if not words:
            return PdfCell("", -1, -1)
        key = "".join(words)
        i = self._find(key, words, self.cursor)
        if i < 0:
            i = self._find(key, words, 0)
        if i < 0:
            return PdfCell(" ".join(words), -1, -1)
        self.cursor = i + len(key)
        a, b = self._page_offset(i), self._page_offset(i + len(key) - 1) + 1
        if self.mt is not None:
            a, b = self.mt.span(a, b)
        return PdfCell(" ".join(words), a + self.offset, b + self.offset)
