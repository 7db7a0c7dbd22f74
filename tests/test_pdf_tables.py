"""Tables read from pypdfium2's page objects, checked cell by cell against pdfplumber's
own full-page table finder on the real PDFs and the generated fixtures."""
from __future__ import annotations

import unicodedata

import pdfplumber
import pytest

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
