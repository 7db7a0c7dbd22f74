"""Ruled tables in PDFs: found from pypdfium2's own page objects, read by pdfplumber.

pypdfium2 lists a page's path objects (ruling lines and cell borders) at native speed;
only pages with a ruled region go to pdfplumber, cropped to that region, whose table
finder returns rows of cells (merged cells as None). Every cell is then located in the
page text pypdfium2 extracted, so cells carry offsets into ``document_text``.
"""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .model import PdfCell, PdfTable
from .normalize import nfc

MIN_RULES = 6  # path objects on a page before it may hold a ruled table
MARGIN = 4.0


def ruled_regions(pdf: pdfium.PdfDocument) -> dict[int, tuple[float, float, float, float]]:
    """0-based page index → the bounding box (pdfplumber coordinates: x0, top, x1,
    bottom) of the page's ruling paths, for pages with enough of them."""
    regions = {}
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            _w, h = page.get_size()
            boxes = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3)]
        finally:
            page.close()
        if len(boxes) < MIN_RULES:
            continue
        x0 = min(b[0] for b in boxes) - MARGIN
        x1 = max(b[2] for b in boxes) + MARGIN
        top = h - max(b[3] for b in boxes) - MARGIN
        bottom = h - min(b[1] for b in boxes) + MARGIN
        regions[i] = (max(0.0, x0), max(0.0, top), x1, min(h, bottom))
    return regions


def extract_tables(data: bytes, regions: dict[int, tuple[float, float, float, float]], text: str,
                   page_starts: list[int]) -> list[PdfTable]:
    if not regions:
        return []
    import pdfplumber

    tables: list[PdfTable] = []
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for i, bbox in sorted(regions.items()):
            page = doc.pages[i]
            x0, top, x1, bottom = bbox
            bbox = (max(0, x0), max(0, top), min(float(page.width), x1), min(float(page.height), bottom))
            start = page_starts[i]
            end = page_starts[i + 1] - 1 if i + 1 < len(page_starts) else len(text)
            locator = _Locator(text[start:end], start)
            for found in page.crop(bbox).find_tables():
                rows = tuple(tuple(locator.cell(c) for c in row) for row in found.extract())
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    tables.append(PdfTable(i + 1, rows))
            page.close()
    return tables


class _Locator:
    """Finds cell texts in a page's text, in reading order."""

    def __init__(self, page_text: str, offset: int):
        self.mt = nfc(page_text)
        self.offset = offset
        self.cursor = 0

    def cell(self, value: str | None) -> PdfCell | None:
        if value is None:
            return None
        words = nfc(value).text.split()
        if not words:
            return PdfCell("", -1, -1)
        rx = regex.compile(r"\s*".join(regex.escape(w) for w in words))
        m = rx.search(self.mt.text, self.cursor) or rx.search(self.mt.text)
        if m is None:
            return PdfCell(" ".join(words), -1, -1)
        self.cursor = m.end()
        a, b = self.mt.span(m.start(), m.end())
        return PdfCell(" ".join(words), a + self.offset, b + self.offset)
