"""Tables found from pypdfium2's path objects, read by pdfplumber on those regions only,
checked against pdfplumber's own full-page search on the real PDFs."""
from __future__ import annotations

import pdfplumber
import pytest

from pipeline.ingest import read_source

from .conftest import RAW

REAL = ["p03_lamdong_bc_chiso_par_pci_2025.pdf", "p05_lamdong_ttxt_pci_ddci_nfd.pdf",
        "p10_binhthuan_hhdn_baocao_glyph.pdf", "gen_binhson_chinhquyenso_2022.pdf"]


def _shape(rows):
    return (len(rows), max(len(r) for r in rows))


@pytest.mark.parametrize("name", REAL)
def test_pdf_tables_match_pdfplumber(name):
    ours = [(t.page, _shape(t.rows)) for t in read_source(RAW / name).pdf_tables]
    with pdfplumber.open(RAW / name) as pdf:
        theirs = [(i + 1, _shape(t.extract())) for i, page in enumerate(pdf.pages) for t in page.find_tables()]
    multi_column = [t for t in theirs if t[1][1] >= 2 and t[1][0] >= 2]
    # every table of ours is one pdfplumber finds; we miss at most a one-row-of-boxes page
    assert set(ours) <= set(multi_column)
    assert len(ours) >= len(multi_column) - 1


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
