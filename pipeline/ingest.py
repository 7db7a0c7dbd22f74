"""ingest: a file → ``SourceDoc`` (source text, and for PDFs the page starts).

Text files: UTF-8 (a BOM stays as U+FEFF, per CONTRACT.md) or UTF-16 with a BOM;
anything else is a named error. PDFs: pypdfium2 page text (fast, native); a page
with no text layer or legacy-font mojibake is a per-page error, a PDF with no text
at all is a document error.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pypdfium2.raw as pdfium_c  # the package's import initialises pdfium, once per process
from pypdfium2.internal import ErrorToStr

from . import convert, errors
from .model import PageError, SourceDoc
from .pdf_tables import page_tables, page_text, pdfium_text

PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
NOT_DOCUMENTS = {".tsv", ".csv", ".json", ".yaml", ".yml", ".py", ".parquet"}
_HTML_START = (b"<!doctype html", b"<html")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # configurable with --max-bytes
OFFSET_LIMIT = 2**31 - 1  # offsets are 32-bit (mtext): no --max-bytes goes past this
# Characters TCVN3 / VNI fonts leave in text decoded as if it were Unicode.
MOJIBAKE_CHARS = set("¸µ¶·¹¨©ª«®¬×ÐÞäåæëïöøüñÏÒ¦§¤¥£¢¡¿½¼¾ß")
_ANY_MOJIBAKE = re.compile("[" + "".join(sorted(MOJIBAKE_CHARS)) + "]")  # one pass; most pages hold none


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def discover(srcs: list[str]) -> list[Path]:
    """Files named, and the files below folders named (hidden files and data files
    such as .tsv left out), in a stable order."""
    return walk(srcs)[0]


def walk(srcs: list[str]) -> tuple[list[Path], list[tuple[Path, errors.KehoachError]]]:
    """``discover``, and the problems met on the way: a linked folder is followed, once;
    a link back into a folder being walked (a loop) is reported once, not walked again."""
    out: list[Path] = []
    problems: list[tuple[Path, errors.KehoachError]] = []
    for src in srcs:
        p = Path(src)
        if not p.is_dir():
            out.append(p)
            continue
        seen = {os.path.realpath(p)}
        for root, dirs, files in os.walk(p, followlinks=True):
            kept = []
            for d in sorted(x for x in dirs if not x.startswith(".")):
                real = os.path.realpath(os.path.join(root, d))
                if real in seen:
                    link = Path(root) / d
                    problems.append((link, errors.SymlinkLoop(f"{link}: a link to {real}, a folder this run "
                                                              "walks already (a loop); not followed")))
                    continue
                seen.add(real)
                kept.append(d)
            dirs[:] = kept
            for f in sorted(files):
                fp = Path(root) / f
                if not f.startswith(".") and fp.suffix.lower() not in NOT_DOCUMENTS:
                    out.append(fp)
    return out, problems


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat, or a named error (gone, unreadable, over the limit)."""
    try:
        st = path.stat()
        limit = min(max_bytes, OFFSET_LIMIT)
        if st.st_size > limit:
            raise errors.FileTooLarge(f"{path}: {st.st_size} bytes is over the limit of {limit} bytes")
        return path.read_bytes(), st
    except OSError as exc:
        raise errors.UnreadableFile(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_source(path: Path, data: bytes | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                digest: str | None = None) -> SourceDoc:
    """``digest``: the bytes' SHA-256 when the caller has it already."""
    if data is None:
        data, _st = read_bytes(path, max_bytes)
    if not data.strip():
        raise errors.EmptyFile(f"{path}: the file is empty")
    digest = digest or sha256_bytes(data)
    tables: list = []
    suffix = path.suffix.lower()
    if data.startswith(PDF_MAGIC) or suffix == ".pdf":
        text, page_starts, page_errors, tables = read_pdf(path, data)
        kind = "pdf"
    elif suffix == ".docx" or (data.startswith(convert.DOCX_MAGIC) and b"word/" in data[:4096]):
        text, page_starts, page_errors, kind = convert.docx_text(path, data), None, [], "docx"
    elif suffix in HTML_SUFFIXES or data.lstrip()[:14].lower().startswith(_HTML_START):
        text, page_starts, page_errors, kind = convert.html_text(path, data), None, [], "html"
    else:
        text, page_starts, page_errors = decode_text(path, data), None, []
        kind = "text"
    return SourceDoc(
        doc_id=digest[:16], source_name=path.name, source_path=str(path), source_sha256=digest,
        kind=kind, text=text, page_starts=page_starts, page_errors=page_errors, pdf_tables=tables)


def decode_text(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise errors.UnknownEncoding(f"{path}: UTF-16 BOM but invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise errors.UnsupportedFormat(f"{path}: binary content (NUL bytes that are not UTF-16 text), "
                                       "not a text or PDF file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.UnknownEncoding(
            f"{path}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 or UTF-16") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without its byte-order mark (Windows tools do): Vietnamese and
    ASCII characters all have a zero high byte or none, so the NUL bytes stand on every
    other position: the odd ones for little-endian, the even ones for big-endian."""
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 8:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    codec = "utf-16-le" if odd > 0.3 * half and even == 0 else "utf-16-be" if even > 0.3 * half and odd == 0 else None
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def looks_like_mojibake(text: str) -> bool:
    """TCVN3/VNI text read as Unicode is full of Latin-1 letters no Vietnamese word has.
    Every page of every PDF is checked: one scan for any such character first, then
    counted with ``str.count`` (a regex ``findall`` built a list of every match)."""
    if not _ANY_MOJIBAKE.search(text):
        return False
    odd = sum(map(text.count, MOJIBAKE_CHARS))
    letters = sum(map(str.isalpha, text))
    return letters >= 40 and odd / letters > 0.04


def _read_page(pdf, i: int, path: Path, offset: int) -> tuple[str, PageError | None, list]:
    """One page, loaded once: its text (pypdfium2's \\r\\n and break hyphen U+FFFE undone),
    a page error when the text is missing or unusable, and the page's ruled tables.
    The page and its text page are pdfium's raw handles, closed here: pypdfium2's page
    objects (a finalizer, a weak reference and a name each) cost more than the page's
    text on a small page, and this reader owns them for a few lines only."""
    page = pdfium_c.FPDF_LoadPage(pdf, i)
    textpage = pdfium_c.FPDFText_LoadPage(page) if page else None
    try:
        if not textpage:
            return "", PageError(i + 1, errors.PAGE_NO_TEXT, f"page {i + 1}: unreadable (pdfium cannot load it)"), []
        text = pdfium_text(page_text(textpage))
        if not text.strip():
            return "", PageError(i + 1, errors.PAGE_NO_TEXT, f"page {i + 1}: no text layer (a scan? OCR is needed)"), []
        if looks_like_mojibake(text):
            return "", PageError(i + 1, errors.PAGE_MOJIBAKE, f"page {i + 1}: text in a legacy Vietnamese font "
                                 "encoding (TCVN3/VNI), not Unicode"), []
        try:
            return text, None, page_tables(page, textpage, i + 1, text, offset)
        except Exception as exc:  # a table the reader cannot take costs its cells, not the page text
            return text, PageError(i + 1, errors.TABLES_FAILED,
                                   f"{path}: page {i + 1}: tables not read: {type(exc).__name__}: {exc}"), []
    finally:
        if textpage:
            pdfium_c.FPDFText_ClosePage(textpage)
        if page:
            pdfium_c.FPDF_ClosePage(page)


def _open_pdf(path: Path, data: bytes):
    """pdfium's raw document handle over ``data`` (which must outlive it). pypdfium2's
    ``PdfDocument`` adds a finalizer, a weak reference and an object holder to each open,
    for a handle this reader closes itself a few lines later."""
    pdf = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not pdf:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise errors.EncryptedPdf(f"{path}: the PDF is encrypted (needs a password)")
        raise errors.BrokenPdf(f"{path}: not a readable PDF (pdfium: {ErrorToStr.get(code)})")
    return pdf


def read_pdf(path: Path, data: bytes) -> tuple[str, list[int], list[PageError], list]:
    pdf = _open_pdf(path, data)
    try:
        parts: list[str] = []
        starts: list[int] = []
        page_errors: list[PageError] = []
        tables: list = []
        pos = 0
        for i in range(pdfium_c.FPDF_GetPageCount(pdf)):
            text, error, page_tables_ = _read_page(pdf, i, path, pos)
            if error is not None:
                page_errors.append(error)
            tables.extend(page_tables_)
            starts.append(pos)
            parts.append(text)
            pos += len(text) + 1
    finally:
        pdfium_c.FPDF_CloseDocument(pdf)
    if not starts:
        raise errors.BrokenPdf(f"{path}: the PDF has no pages")
    full = "\n".join(parts)
    if not full.strip():
        raise errors.NoTextLayer(f"{path}: no page has a text layer ({len(starts)} pages; a scan? OCR is needed)")
    return full, starts, page_errors, tables
