"""Typed records passed between stages.

Every extracted record carries provenance: ``doc_id`` and ``char_start``/``char_end``,
offsets into the document's *source* text (CONTRACT.md); ``page`` is filled by the
runner from the document's page starts (None for text files).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class PageError:
    page: int  # 1-based
    code: str
    message: str
    severity: str = "error"  # error: the page gave no rows; warning: rows, with a caveat


@dataclass
class SourceDoc:
    """A document as read: its source text and, for PDFs, where each page begins."""

    doc_id: str
    source_name: str
    source_path: str
    source_sha256: str
    kind: str  # "text" | "pdf" | "docx" | "html" (for all but text, offsets point into `text` as made here)
    text: str
    page_starts: list[int] | None = None
    page_errors: list[PageError] = field(default_factory=list)
    pdf_tables: list[PdfTable] = field(default_factory=list)
    # per PDF page (None for other kinds): whether OCR read it, and the mean confidence of
    # the words it read (0–100; None for a page read from its own text layer)
    page_ocr: list[bool] | None = None
    page_confidence: list[float | None] | None = None
    encoding: str | None = None  # a pre-Unicode text file's encoding (tcvn3, vni, cp1258): `text` is converted
    _newlines: list[int] | None = field(default=None, repr=False, compare=False)
    _nfc: str | None = field(default=None, repr=False, compare=False)

    def ocr_spans(self) -> list[tuple[int, int]]:
        """The spans of the text read by OCR, a page each."""
        if not self.page_ocr:
            return []
        ends = [*(s - 1 for s in self.page_starts[1:]), len(self.text)]
        return [(a, b) for a, b, read in zip(self.page_starts, ends, self.page_ocr, strict=True) if read]

    def page_of(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def nfc_text(self) -> str:
        """The text in NFC, composed once: normalize and the metadata reader both need it
        (composing text that is not NFC already costs about 1 ms per 20,000 characters)."""
        if self._nfc is None:
            self._nfc = unicodedata.normalize("NFC", self.text)
        return self._nfc

    def line_of(self, offset: int) -> int:
        """1-based source line of an offset (newline positions found once, then bisected)."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        return bisect.bisect_left(self._newlines, offset) + 1


@dataclass(frozen=True)
class PdfCell:
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class PdfTable:
    """A ruled table found on a PDF page; cells point into the extracted text."""

    page: int
    rows: tuple[tuple[PdfCell | None, ...], ...]


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Record:
    doc_id: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class LegalRef(Record):
    ref_type: str | None
    code: str | None
    name: str | None
    ref_date: dt.date | None
    issuer: str | None
    issuer_resolved: str | None = None  # the issuer with its place: "UBND huyện" → "UBND huyện Ninh Sơn"


@dataclass(frozen=True)
class Percentage(Record):
    value: float
    kind: str  # target | result | other


@dataclass(frozen=True)
class Target(Record):
    value: float
    unit: str
    comparator: str
    subject: str | None
    scope: str | None
    deadline_year: int | None


@dataclass(frozen=True)
class Responsibility(Record):
    unit: str
    role: str
    task: str | None
    unit_as_written: str | None = None
    unit_2025: tuple[str, ...] | None = None  # its successors after the 2025 reorganisation; None: abolished


@dataclass(frozen=True)
class BudgetItem(Record):
    table_id: str
    label: str | None
    amount_vnd: int | None
    kind: str  # item | subtotal | total | header_total | of_which
    source: str | None
    group: str | None = None  # label of the row this one adds into
    precision_vnd: int | None = None  # what one unit of the last printed digit is worth, in đồng
    column: str | None = None  # the amount column's header, levels joined by " / "; None: one amount column
    amount_alt_vnd: int | None = None  # the other reading of a figure the table's convention leaves ambiguous
    row_path: str | None = None  # the row's place in the table's outline ("A/I/1/1.2")
    parent_path: str | None = None  # the row it adds into (None: added into nothing)


@dataclass(frozen=True)
class BudgetTable(Record):
    table_id: str
    title: str | None
    unit_scale: str | None
    words_vnd: int | None
    words_start: int | None = None
    words_end: int | None = None


@dataclass(frozen=True)
class AuditFinding(Record):
    table_id: str
    check: str
    stated_vnd: int
    computed_vnd: int
    column: str | None = None
    note: str | None = None  # why a reading is uncertain


@dataclass(frozen=True)
class DocMeta(Record):
    title: str | None = None
    plan_kind: str | None = None
    district: str | None = None
    province: str | None = None
    plan_year: int | None = None
    doc_number: str | None = None
    issue_date: dt.date | None = None
    signer: str | None = None
    signer_title: str | None = None
    province_inferred: str | None = None
    province_2025: str | None = None
