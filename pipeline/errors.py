"""Errors with stable codes: each becomes an ``errors`` row (README lists the codes)."""
from __future__ import annotations


class KehoachError(ValueError):
    code = "internal_error"
    stage = "run"

    def __init__(self, message: str, page: int | None = None):
        super().__init__(message)
        self.page = page


class RuleError(KehoachError):
    """A rule file is invalid: every problem with its file and key path."""

    code = "rule_invalid"
    stage = "rules"


class UnreadableFile(KehoachError):
    code = "unreadable_file"
    stage = "ingest"


class EmptyFile(KehoachError):
    code = "empty_file"
    stage = "ingest"


class UnknownEncoding(KehoachError):
    code = "unknown_encoding"
    stage = "ingest"


class UnsupportedFormat(KehoachError):
    code = "unsupported_format"
    stage = "ingest"


class BrokenPdf(KehoachError):
    code = "pdf_broken"
    stage = "ingest"


class EncryptedPdf(KehoachError):
    code = "pdf_encrypted"
    stage = "ingest"


class NoTextLayer(KehoachError):
    code = "pdf_no_text_layer"
    stage = "ingest"


class OcrUnavailable(KehoachError):
    code = "ocr_unavailable"
    stage = "ingest"


class SymlinkLoop(KehoachError):
    code = "symlink_loop"
    stage = "discover"


class BrokenDocument(KehoachError):
    code = "document_broken"
    stage = "ingest"


class ConverterUnavailable(KehoachError):
    code = "converter_unavailable"
    stage = "ingest"


class NoText(KehoachError):
    code = "no_text"
    stage = "ingest"


class FileTooLarge(KehoachError):
    code = "file_too_large"
    stage = "ingest"


# Per-page problems inside a readable PDF (the document goes on).
PAGE_NO_TEXT = "page_no_text_layer"
PAGE_MOJIBAKE = "page_legacy_font_mojibake"
PAGE_OCR_UNAVAILABLE = "ocr_unavailable"
PAGE_OCR_FAILED = "page_ocr_failed"
PAGE_LOW_CONFIDENCE = "page_low_confidence"
EXTRACTOR_FAILED = "extractor_failed"
TABLES_FAILED = "pdf_tables_failed"
