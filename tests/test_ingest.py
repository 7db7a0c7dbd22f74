from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import errors
from pipeline.ingest import read_source

from .conftest import RAW


def test_ingest_utf8_bom_stays_in_source(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffKẾ HOẠCH\r\n".encode())
    doc = read_source(p)
    assert doc.text == "\ufeffKẾ HOẠCH\r\n" and doc.page_starts is None


def test_ingest_utf16_bom_consumed(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("KẾ HOẠCH".encode("utf-16"))
    assert read_source(p).text == "KẾ HOẠCH"


@pytest.mark.parametrize("name,data,error", [
    ("empty.txt", b"", errors.EmptyFile),
    ("blank.txt", b"  \n\n ", errors.EmptyFile),
    ("latin1.txt", "Kế hoạch năm".encode().replace(b"\xe1\xba\xbf", b"\xea"), errors.UnknownEncoding),
    ("junk.bin", bytes(range(256)) * 4, errors.UnsupportedFormat),
    ("truncated.pdf", (RAW / "p05_lamdong_ttxt_pci_ddci_nfd.pdf").read_bytes()[:2000], errors.BrokenPdf),
    ("fake.pdf", b"%PDF-1.7\nnot really", errors.BrokenPdf),
])
def test_ingest_bad_input_is_a_named_error(tmp_path, name, data, error):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(error) as exc:
        read_source(p)
    assert name in str(exc.value)


def test_ingest_scan_has_no_text_layer():
    with pytest.raises(errors.NoTextLayer):
        read_source(RAW / "p11_scan_lamdong_ttr_attt_doi_ungcuu.pdf")


def test_ingest_pdf_pages_and_u01a3_text():
    doc = read_source(RAW / "p10_binhthuan_hhdn_baocao_glyph.pdf")
    assert doc.kind == "pdf" and len(doc.page_starts) == 12 and doc.page_starts[0] == 0
    assert "\r" not in doc.text and "\ufffe" not in doc.text
    assert doc.page_of(doc.page_starts[3]) == 4


def test_ingest_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("x" * 1000, encoding="utf-8")
    with pytest.raises(errors.FileTooLarge):
        read_source(p, max_bytes=100)


def test_ingest_missing_file(tmp_path):
    with pytest.raises(errors.UnreadableFile):
        read_source(Path(tmp_path / "gone.txt"))
