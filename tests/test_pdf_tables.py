"""Tables read from pypdfium2's page objects, checked cell by cell against pdfplumber's
own full-page table finder on the real PDFs and the generated fixtures."""
from __future__ import annotations

import random
import unicodedata

import pdfplumber
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import pdf_tables
from pipeline.ingest import read_source

from .conftest import RAW, ROOT

PDFS = [RAW / "p03_lamdong_bc_chiso_par_pci_2025.pdf", RAW / "p05_lamdong_ttxt_pci_ddci_nfd.pdf",
        RAW / "p10_binhthuan_hhdn_baocao_glyph.pdf", RAW / "gen_binhson_chinhquyenso_2022.pdf",
        *sorted((ROOT / "tests" / "fixtures" / "budget").glob("*.pdf"))]


def _cells(rows):
    """Cell texts with spacing removed (the readers break lines differently); None for
    the cells a merged cell covers."""
    return [[None if c is None else "".join(unicodedata.normalize("NFC", c).split()) for c in row] for row in rows]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdf_tables_match_pdfplumber(path):
    ours = [(t.page, _cells([[c and c.text for c in row] for row in t.rows])) for t in read_source(path).pdf_tables]
    with pdfplumber.open(path) as pdf:
        theirs = [(i + 1, _cells(t.extract())) for i, page in enumerate(pdf.pages) for t in page.find_tables()]
    assert ours, "no table found"
    assert ours == [t for t in theirs if len(t[1]) >= 2 and max(map(len, t[1])) >= 2]


def test_pdf_table_cells_point_into_the_text():
    doc = read_source(RAW / "p05_lamdong_ttxt_pci_ddci_nfd.pdf")  # partly NFD text
    import unicodedata

    for table in doc.pdf_tables:
        for row in table.rows:
            for cell in row:
                if cell is None or cell.char_start < 0 or not cell.text:
                    continue
                printed = unicodedata.normalize("NFC", doc.text[cell.char_start:cell.char_end])
                assert "".join(printed.split()) == "".join(cell.text.split())



needs_c = pytest.mark.skipif(pdf_tables._pdfpage is None, reason="the C module (pipeline/_pdfpage.c) is not built")


def _pages(path):
    """(page number, page, text page, top) of each page, pdfium's raw handles as the
    pipeline holds them."""
    data = path.read_bytes()
    pdf = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    try:
        for i in range(pdfium_c.FPDF_GetPageCount(pdf)):
            page = pdfium_c.FPDF_LoadPage(pdf, i)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            try:
                yield i + 1, page, textpage, pdf_tables.page_top(page)
            finally:
                pdfium_c.FPDFText_ClosePage(textpage)
                pdfium_c.FPDF_ClosePage(page)
    finally:
        pdfium_c.FPDF_CloseDocument(pdf)


@needs_c
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdf_tables_c_walk_finds_the_edges_the_python_walk_finds(path, monkeypatch):
    for number, page, _textpage, top in _pages(path):
        in_c = pdf_tables.page_edges(page, top)
        with monkeypatch.context() as m:
            m.setattr(pdf_tables, "_pdfpage", None)
            assert in_c == pdf_tables.page_edges(page, top), f"page {number}"


@needs_c
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdf_tables_c_box_text_is_pdfiums_bounded_text(path, monkeypatch):
    """Every cell box, and boxes of every size strewn over each page (cutting through
    words and lines), read the same by the C module as by FPDFText_GetBoundedText."""
    rng = random.Random(path.name)
    for number, page, textpage, top in _pages(path):
        width = pdfium_c.FPDF_GetPageWidthF(page)
        boxes = [box for group in pdf_tables.find_cell_groups(pdf_tables.page_edges(page, top)) for box in group]
        for _ in range(100):
            x0, y0 = rng.uniform(-10, width), rng.uniform(-10, top)
            boxes.append((x0, y0, x0 + rng.choice([5, 30, 100, 300, 900]), y0 + rng.choice([3, 12, 40, 200, 900])))
        in_c = pdf_tables.BoxText(textpage, top)
        with monkeypatch.context() as m:
            m.setattr(pdf_tables, "_pdfpage", None)
            by_pdfium = pdf_tables.BoxText(textpage, top)
        expected = [by_pdfium.text(box) for box in boxes]
        assert [in_c.text(box) for box in boxes] == expected, f"page {number}"
        assert any(expected), f"page {number}: no box holds text"

@needs_c
def test_pdf_tables_c_module_refuses_null_handles():
    c = pdf_tables._pdfpage
    with pytest.raises(ValueError, match="NULL"):
        c.paths(0, pdf_tables._WALK_API, pdf_tables._PATH, pdf_tables._FORM, 3)
    with pytest.raises(ValueError, match="NULL"):
        c.page_chars(0, pdf_tables._CHARS_API)
    with pytest.raises(ValueError, match="address is 0"):
        c.paths(1, (0,) * 7, pdf_tables._PATH, pdf_tables._FORM, 3)
    assert c.box_text(b"", 0.0, 10.0, 10.0, 0.0) == ""

@st.composite
def _grids(draw):
    """Ruled grids with gaps: some lines cut short, some missing (merged cells)."""
    xs = sorted(draw(st.sets(st.integers(0, 40).map(lambda v: v * 10.0), min_size=2, max_size=7)))
    ys = sorted(draw(st.sets(st.integers(0, 60).map(lambda v: v * 10.0), min_size=2, max_size=9)))
    edges = []
    for x in xs:
        a, b = sorted(draw(st.lists(st.sampled_from(ys), min_size=2, max_size=2, unique=True)))
        edges.append({"x0": x, "x1": x, "top": a, "bottom": b, "width": 0.0, "height": b - a, "orientation": "v"})
    for y in ys:
        a, b = sorted(draw(st.lists(st.sampled_from(xs), min_size=2, max_size=2, unique=True)))
        edges.append({"x0": a, "x1": b, "top": y, "bottom": y, "width": b - a, "height": 0.0, "orientation": "h"})
    return edges


@st.composite
def _loose_edges(draw):
    """Edges near one another (within and beyond the snap tolerance), some repeated, as
    a table drawn one rectangle per cell gives them."""
    coord = st.integers(0, 300).map(lambda v: v * 0.3)  # 0.3: sums depend on their order, as in a PDF
    edges = []
    for _ in range(draw(st.integers(0, 40))):
        a, b = sorted(draw(st.lists(coord, min_size=2, max_size=2, unique=True)))
        at = draw(coord)
        if draw(st.booleans()):
            edges.append({"x0": at, "x1": at, "top": a, "bottom": b, "width": 0.0, "height": b - a,
                          "orientation": "v"})
        else:
            edges.append({"x0": a, "x1": b, "top": at, "bottom": at, "width": b - a, "height": 0.0,
                          "orientation": "h"})
    return edges + draw(st.lists(st.sampled_from(edges), max_size=10)) if edges else edges


def _ours(edges: list[dict]):
    """pdfplumber's edge records as our two lists of edges, each in its order."""
    from pipeline.pdf_tables import Edges

    def kind(o):
        return [[e["x0"], e["x1"], e["top"], e["bottom"], e["width"], e["height"]] for e in edges if e["orientation"] == o]
    return Edges(kind("h"), kind("v"))


def _pdfplumber_tables(edges: list[dict]):
    """pdfplumber's lattice steps at our tolerances: merge, the length filter,
    intersections, cells, tables."""
    from pdfplumber import table as lattice

    from pipeline.pdf_tables import MIN_EDGE_LENGTH, TOLERANCE

    merged = lattice.merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    merged = [e for e in merged if e["width" if e["orientation"] == "h" else "height"] >= MIN_EDGE_LENGTH]
    points = lattice.edges_to_intersections(merged, TOLERANCE, TOLERANCE)
    return merged, points, lattice.cells_to_tables(lattice.intersections_to_cells(points))


@given(st.one_of(_grids(), _loose_edges()))
@settings(max_examples=200, deadline=None)
def test_pdf_tables_edges_merge_as_pdfplumber_merges_them(edges):
    from pdfplumber import table as lattice

    from pipeline.pdf_tables import TOLERANCE, merge_edges

    assert merge_edges(_ours(edges)) == _ours(lattice.merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE))


@given(st.one_of(_grids(), _loose_edges()))
@settings(max_examples=200, deadline=None)
def test_pdf_tables_points_cells_and_tables_as_pdfplumber_finds_them(edges):
    from pdfplumber import table as lattice
    from pdfplumber.utils import obj_to_bbox

    from pipeline.pdf_tables import (
        cells_to_tables,
        edges_to_intersections,
        find_cell_groups,
        intersections_to_cells,
        table_rows,
    )

    merged, their_points, their_tables = _pdfplumber_tables(edges)
    points = edges_to_intersections(_ours(merged))
    assert sorted(points) == sorted(their_points)
    for p, (v, h) in points.items():  # the same edges through each point (pdfplumber
        # lists an edge once per crossing edge; its cells compare them as sets of boxes)
        assert len(v) == len({obj_to_bbox(e) for e in their_points[p]["v"]})
        assert len(h) == len({obj_to_bbox(e) for e in their_points[p]["h"]})
    cells = intersections_to_cells(points)
    assert cells == lattice.intersections_to_cells(their_points)
    # the same tables in the same order; within a table, cells sorted as rows read them
    assert cells_to_tables(cells) == [sorted(t, key=lambda c: (c[1], c[0])) for t in their_tables]
    assert find_cell_groups(_ours(edges)) == cells_to_tables(cells)
    for table in cells_to_tables(cells):
        assert table_rows(table) == [row.cells for row in lattice.Table(None, table).rows]
