"""Tables read from pypdfium2's page objects, checked cell by cell against pdfplumber's
own full-page table finder on the real PDFs and the generated fixtures."""
from __future__ import annotations

import unicodedata

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@given(_grids())
@settings(max_examples=150, deadline=None)
def test_pdf_tables_cells_as_pdfplumber_finds_them(edges):
    from pdfplumber import table as lattice

    from pipeline.pdf_tables import intersections_to_cells

    points = lattice.edges_to_intersections(edges, 3, 3)
    assert intersections_to_cells(points) == lattice.intersections_to_cells(points)


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


@given(st.one_of(_grids(), _loose_edges()))
@settings(max_examples=200, deadline=None)
def test_pdf_tables_edges_merge_as_pdfplumber_merges_them(edges):
    from pdfplumber import table as lattice

    from pipeline.pdf_tables import TOLERANCE, merge_edges

    assert merge_edges(edges) == lattice.merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
