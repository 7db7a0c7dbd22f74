"""ingest: a file → ``SourceDoc`` (source text, and for PDFs the page starts).

Text files: UTF-8 (a BOM stays as U+FEFF, per CONTRACT.md) or UTF-16 with a BOM;
anything else is a named error. PDFs: pypdfium2 page text (fast, native); a page with
no text layer is read by OCR (``ocr``: auto), unless OCR is off or missing, when it is a
per-page error like legacy-font mojibake; a PDF with no text at all is a document error.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2.raw as pdfium_c  # the package's import initialises pdfium, once per process
from pypdfium2.internal import ErrorToStr

from . import convert, errors, legacy, ocr
from .model import PageError, PdfCell, PdfTable, SourceDoc
from .pdf_tables import page_tables, page_text, pdfium_text

PDF_MAGIC = b"%PDF-"
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
NOT_DOCUMENTS = {".tsv", ".csv", ".json", ".yaml", ".yml", ".py", ".parquet"}
_HTML_START = (b"<!doctype html", b"<html")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # configurable with --max-bytes
OCR_MODES = ("auto", "never", "force")  # OCR pages without a text layer, none, or every page
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
                digest: str | None = None, ocr_mode: str = "auto") -> SourceDoc:
    """``digest``: the bytes' SHA-256 when the caller has it already."""
    if data is None:
        data, _st = read_bytes(path, max_bytes)
    if not data.strip():
        raise errors.EmptyFile(f"{path}: the file is empty")
    digest = digest or sha256_bytes(data)
    tables: list = []
    page_ocr = page_confidence = encoding = None
    suffix = path.suffix.lower()
    if data.startswith(PDF_MAGIC) or suffix == ".pdf":
        pdf = read_pdf(path, data, ocr_mode)
        text, page_starts, page_errors, tables = pdf.text, pdf.page_starts, pdf.page_errors, pdf.tables
        page_ocr, page_confidence = pdf.page_ocr, pdf.page_confidence
        kind = "pdf"
    elif suffix == ".docx" or (data.startswith(convert.DOCX_MAGIC) and b"word/" in data[:4096]):
        text, page_starts, page_errors, kind = convert.docx_text(path, data), None, [], "docx"
    elif data.startswith(convert.DOC_MAGIC) and suffix in (".doc", ".dot", ""):
        text, page_starts, page_errors, kind = convert.doc_text(path, data), None, [], "doc"
    elif suffix in HTML_SUFFIXES or data.lstrip()[:14].lower().startswith(_HTML_START):
        text, page_starts, page_errors, kind = convert.html_text(path, data), None, [], "html"
    else:
        (text, encoding), page_starts, page_errors = decode_text(path, data), None, []
        kind = "text"
    return SourceDoc(
        doc_id=digest[:16], source_name=path.name, source_path=str(path), source_sha256=digest,
        kind=kind, text=text, page_starts=page_starts, page_errors=page_errors, pdf_tables=tables,
        page_ocr=page_ocr, page_confidence=page_confidence, encoding=encoding)


def decode_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """The text and, for a pre-Unicode file (TCVN3, VNI, Windows-1258, or one of them
    saved as UTF-8 after being read as Latin-1), the encoding it was converted from."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise errors.UnknownEncoding(f"{path}: UTF-16 BOM but invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, None
        raise errors.UnsupportedFormat(f"{path}: binary content (NUL bytes that are not UTF-16 text), "
                                       "not a text or PDF file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        found = legacy.decode_bytes(data)
        if found is None:
            raise errors.UnknownEncoding(
                f"{path}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}), and no reading "
                f"as {', '.join(legacy.ENCODINGS)} gives Vietnamese words; save it as UTF-8 or UTF-16") from None
        encoding, text = found
        return text, encoding
    if looks_like_mojibake(text) and (found := legacy.guess(text)):
        return found[1], found[0]  # legacy text saved as UTF-8 after a Latin-1 reading
    return text, None


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
        if sum(map(str.isalpha, text)) < _FEW_LETTERS and _mostly_image(page):
            return text, PageError(i + 1, errors.PAGE_NO_TEXT, f"page {i + 1}: a scanned image with almost no "
                                   f"text layer ({text.strip()[:40]!r}; OCR is needed)"), []
        if looks_like_mojibake(text):
            converted = legacy_page_text(textpage)
            if converted is None:
                return "", PageError(i + 1, errors.PAGE_MOJIBAKE, f"page {i + 1}: text in a legacy Vietnamese font "
                                     "encoding that neither its fonts' names nor its words tell"), []
            return converted, None, []  # its ruled tables' cells point into the legacy text: left out
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


_FEW_LETTERS = 40  # a page number or a stamp's words: a scan's text layer, not its text
_MOSTLY = 0.5


def _mostly_image(page) -> bool:
    """Whether one image covers most of the page (a scanned sheet)."""
    area = pdfium_c.FPDF_GetPageWidthF(page) * pdfium_c.FPDF_GetPageHeightF(page)
    box = [ctypes.c_float() for _ in range(4)]
    for k in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, k)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box)):
            left, bottom, right, top = (v.value for v in box)
            if (right - left) * (top - bottom) >= _MOSTLY * area:
                return True
    return False


def page_count(path: Path) -> int:
    """A PDF's pages (pdfium reads its page tree, not its pages); 1 for any other file or
    a PDF it cannot open (the run names that file's problem)."""
    if path.suffix.lower() != ".pdf":
        return 1
    pdf = pdfium_c.FPDF_LoadDocument(str(path).encode("utf-8"), None)
    if not pdf:
        return 1
    try:
        return max(1, pdfium_c.FPDF_GetPageCount(pdf))
    finally:
        pdfium_c.FPDF_CloseDocument(pdf)


def legacy_page_text(textpage) -> str | None:
    """A page set in legacy fonts, in Unicode: each run of characters converted by the
    encoding its font's name says (.VnTime: TCVN3, .VnTimeH: TCVN3 in capitals, VNI-Times:
    VNI), the runs in other fonts by the reading that gives the page Vietnamese words."""
    raw = page_text(textpage)
    fonts = _char_fonts(textpage, len(raw))
    page_guess = legacy.guess(raw)
    out, run, run_font = [], [], None
    for ch, font in [*zip(raw, fonts, strict=True), ("", "end")]:
        if font is not None and font != run_font and run:
            out.append(_convert_run("".join(run), run_font, page_guess))
            run = []
        run.append(ch)
        run_font = font if font is not None else run_font
    named = any(f and legacy.font_encoding(f) for f in set(fonts))
    if not named and page_guess is None:
        return None
    return pdfium_text("".join(out))


def _convert_run(text: str, font: str | None, page_guess: tuple[str, str] | None) -> str:
    by_font = legacy.font_encoding(font) if font else None
    if by_font:
        return legacy.to_unicode(text, by_font[0], by_font[1])
    return legacy.to_unicode(text, page_guess[0]) if page_guess else text


def _char_fonts(textpage, length: int) -> list[str | None]:
    """The font name of each character of ``page_text(textpage)`` (None for the spaces and
    line breaks pdfium adds)."""
    fonts: list[str | None] = [None] * length
    first = None
    buffer = ctypes.create_string_buffer(256)
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        at = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, i)
        if at < 0:
            continue
        first = at if first is None else first
        n = pdfium_c.FPDFText_GetFontInfo(textpage, i, buffer, len(buffer), None)
        if 0 < n <= len(buffer) and 0 <= at - first < length:
            fonts[at - first] = buffer.raw[:n - 1].decode("utf-8", errors="replace")
    return fonts


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


@dataclass
class PdfText:
    text: str
    page_starts: list[int]
    page_errors: list[PageError]
    tables: list[PdfTable]
    page_ocr: list[bool]
    page_confidence: list[float | None]


def read_pdf(path: Path, data: bytes, ocr_mode: str = "auto") -> PdfText:
    pdf = _open_pdf(path, data)
    try:
        parts: list[str] = []
        page_errors: list[PageError] = []
        tables: list[PdfTable] = []
        pos = 0
        for i in range(pdfium_c.FPDF_GetPageCount(pdf)):
            text, error, page_tables_ = _read_page(pdf, i, path, pos)
            if error is not None:
                page_errors.append(error)
            tables.extend(page_tables_)
            parts.append(text)
            pos += len(text) + 1
    finally:
        pdfium_c.FPDF_CloseDocument(pdf)
    if not parts:
        raise errors.BrokenPdf(f"{path}: the PDF has no pages")
    page_ocr = [False] * len(parts)
    confidence: list[float | None] = [None] * len(parts)
    no_layer = {e.page - 1 for e in page_errors if e.code == errors.PAGE_NO_TEXT}
    to_read = [i for i in range(len(parts)) if ocr_mode == "force" or (ocr_mode == "auto" and i in no_layer)]
    if to_read:
        before = [len(t) for t in parts]
        page_errors = _ocr_pages(path, data, to_read, parts, page_ocr, confidence, page_errors)
        tables = _tables_after_ocr(tables, before, parts, page_ocr)
    starts = _starts([len(t) for t in parts])
    full = "\n".join(parts)
    if not full.strip():
        if any(e.code == errors.PAGE_OCR_UNAVAILABLE for e in page_errors):
            raise errors.OcrUnavailable(f"{path}: no page has a text layer and OCR cannot run: {ocr.engine()}")
        raise errors.NoTextLayer(f"{path}: no page has a text layer ({len(parts)} pages; a scan? OCR is needed"
                                 f"{', and it is off (--ocr never)' if ocr_mode == 'never' else ''})")
    return PdfText(full, starts, page_errors, tables, page_ocr, confidence)


def _starts(lengths: list[int]) -> list[int]:
    """Where each page begins in the text of pages joined by "\n"."""
    starts, pos = [], 0
    for n in lengths:
        starts.append(pos)
        pos += n + 1
    return starts


def _ocr_pages(path: Path, data: bytes, pages: list[int], parts: list[str], page_ocr: list[bool],
               confidence: list[float | None], page_errors: list[PageError]) -> list[PageError]:
    """OCR the pages in place (their text, flag and confidence). Their "no text layer"
    errors give way to what OCR found: nothing to say, a low confidence (a warning), or
    why it could not run."""
    read = set(pages)
    no_layer = [e.page - 1 for e in page_errors if e.page - 1 in read and e.code == errors.PAGE_NO_TEXT]
    kept = [e for e in page_errors if not (e.page - 1 in read and e.code == errors.PAGE_NO_TEXT)]
    if not ocr.available():
        return kept + [PageError(i + 1, errors.PAGE_OCR_UNAVAILABLE, f"{path}: page {i + 1}: no text layer and "
                                 f"OCR cannot run: {ocr.engine()}") for i in no_layer]
    try:
        for i, page in ocr.read_pages(data, pages):
            parts[i], page_ocr[i], confidence[i] = page.text, True, page.confidence
            if page.confidence is not None and page.confidence < ocr.LOW_CONFIDENCE:
                kept.append(PageError(i + 1, errors.PAGE_LOW_CONFIDENCE, f"{path}: page {i + 1}: OCR mean word "
                                      f"confidence {page.confidence:.0f} (below {ocr.LOW_CONFIDENCE:.0f})", "warning"))
    except Exception as exc:  # Tesseract failed on a page: the pages read stay, the rest are named
        kept += [PageError(i + 1, errors.PAGE_OCR_FAILED, f"{path}: page {i + 1}: OCR failed: "
                           f"{type(exc).__name__}: {exc}") for i in pages if not page_ocr[i]]
    return kept


def _tables_after_ocr(tables: list[PdfTable], before: list[int], parts: list[str],
                      page_ocr: list[bool]) -> list[PdfTable]:
    """A ruled table's cells point into its page's text layer: an OCR'd page has none to
    point into (its tables go), and later pages move by what OCR changed before them.
    ``before``: each page's text length as read from its text layer."""
    shift = [new - was for new, was in zip(_starts([len(t) for t in parts]), _starts(before), strict=True)]
    out = []
    for t in tables:
        if page_ocr[t.page - 1]:
            continue
        d = shift[t.page - 1]
        rows = tuple(tuple(None if c is None else PdfCell(c.text, c.char_start + d, c.char_end + d) for c in row)
                     for row in t.rows)
        out.append(PdfTable(t.page, rows))
    return out
