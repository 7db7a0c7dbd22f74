"""OCR of PDF pages without a text layer (scans of signed and stamped documents).

Tesseract with its Vietnamese model (the Debian packages ``tesseract-ocr`` and
``tesseract-ocr-vie``, which ``make setup`` installs), called through pytesseract. Pages
are rendered with pypdfium2 at ``DPI``, in grey. Measured on the scan of
``../shared/corpus/pdf/p11`` (5 pages, one Tesseract thread a page, 2-core AMD EPYC):

    dpi  s/page  mean word confidence  codes of the first page misread
    200  1.5     91.7–94.0             "816/Q Đ-UBND" (split), "Q1113"
    250  1.8     90.2–93.6             "QI113", "607/QD-UBND"
    300  2.1     89.1–93.6             "QII15", "QI113", "1622/QĐ-TTe"

250 dpi misreads least, and only in ways the code repair of rules/normalize.yaml
(``ocr_repairs``) undoes. Tesseract's own threads (OpenMP) made a page ten times slower
on two cores (15 s at 200 dpi), so each call runs on one thread and pages run side by side.
"""
from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# Tesseract reads OMP_THREAD_LIMIT from the environment it inherits (a caller's own
# setting stands)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

DPI = 250
LANG = "vie"
READERS: int | None = None  # pages read at once (None: one per core); a worker pool sets its share
LOW_CONFIDENCE = 60.0  # a page whose mean word confidence is below this gets a warning
INSTALL = "install the Debian packages tesseract-ocr and tesseract-ocr-vie (make setup does, as root)"


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence, 0–100; None when no word was read


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing."""


@functools.cache
def engine() -> str:
    """Tesseract's version and a hash of its Vietnamese model, or why OCR cannot run:
    both change what OCR reads, so they belong to the pipeline version."""
    try:
        import pytesseract

        version = str(pytesseract.get_tesseract_version())
        if LANG not in pytesseract.get_languages(config=""):
            return f"unavailable: the Vietnamese model is missing ({INSTALL})"
    except Exception as exc:  # not installed, not on PATH, or not runnable
        return f"unavailable: {type(exc).__name__} ({INSTALL})"
    model = _model_path()
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:12] if model else "unknown"
    return f"tesseract {version} {LANG}.{digest}"


def available() -> bool:
    return not engine().startswith("unavailable")


def _model_path() -> Path | None:
    prefix = os.environ.get("TESSDATA_PREFIX")
    dirs = [Path(prefix)] if prefix else []
    dirs += sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"))
    return next((d / f"{LANG}.traineddata" for d in dirs if (d / f"{LANG}.traineddata").exists()), None)


def threads() -> int:
    """Pages read at once: the cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_pages(data: bytes, pages: list[int], workers: int | None = None) -> Iterator[tuple[int, OcrPage]]:
    """(page index, OCR text) for the given pages of the PDF in ``data``, in page order.
    pdfium renders one page at a time (it is not thread-safe); Tesseract, a process of
    its own per page, reads several at once. At most twice as many pages as readers are
    rendered ahead, so a long scan does not hold all its images."""
    if not available():
        raise OcrUnavailable(engine())
    import pypdfium2 as pdfium

    workers = workers or READERS or threads()
    pdf = pdfium.PdfDocument(data)
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending = []
            for i in pages:
                image = pdf[i].render(scale=DPI / 72, grayscale=True).to_pil()
                pending.append((i, pool.submit(_read, image)))
                while len(pending) > 2 * workers:
                    k, future = pending.pop(0)
                    yield k, future.result()
            for k, future in pending:
                yield k, future.result()
    finally:
        pdf.close()


def _read(image) -> OcrPage:
    """Tesseract's words, one line of text per line it found, a blank line between its
    paragraphs (the segmenter reads them as paragraph breaks)."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT)
    lines: list[str] = []
    confidences: list[float] = []
    key = None
    for word, conf, block, par, line in zip(data["text"], data["conf"], data["block_num"], data["par_num"],
                                            data["line_num"], strict=True):
        if not word.strip():
            continue
        if (block, par) != (key or (None, None, None))[:2] and lines:
            lines.append("")
        if key != (block, par, line):
            lines.append(word)
        else:
            lines[-1] += " " + word
        key = (block, par, line)
        if float(conf) >= 0:
            confidences.append(float(conf))
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrPage("\n".join(lines), confidence)
