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


def test_ingest_scan_has_no_text_layer_without_ocr():
    with pytest.raises(errors.NoTextLayer, match="--ocr never"):
        read_source(RAW / "p11_scan_lamdong_ttr_attt_doi_ungcuu.pdf", ocr_mode="never")


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


# TCVN3 (ABC) bytes read as Latin-1, as a PDF made with a legacy Vietnamese font prints
# them: "Ủy ban nhân dân huyện Ninh Sơn. Kế hoạch chuyển đổi số năm 2023."
TCVN3_AS_LATIN1 = "Uû ban nh©n d©n huyÖn Ninh S¬n. KÕ ho¹ch chuyÓn ®æi sè n¨m 2023. " * 3


@pytest.mark.parametrize("text, expected", [
    (TCVN3_AS_LATIN1, True),
    ("Ủy ban nhân dân huyện Ninh Sơn. Kế hoạch chuyển đổi số năm 2023. " * 3, False),
    ("Tỷ lệ 98,5% © 2023 " * 5, False),  # one stray sign in real text is not an encoding
    ("S¬n ®æi", False),  # too little text to tell
])
def test_ingest_legacy_font_text_is_recognised(text, expected):
    from pipeline.ingest import looks_like_mojibake

    assert looks_like_mojibake(text) is expected


def _legacy_pdf(path, pages: list[list[tuple[str, str]]], fonts: dict[bytes, bytes]):
    """A PDF whose pages print (core font, text) runs, its font names then renamed in
    place (same length, so the cross-reference table stays right): a legacy font as a
    Word file of the 2000s printed to PDF names it."""
    from fpdf import FPDF

    pdf = FPDF()
    for runs in pages:
        pdf.add_page()
        for font, text in runs:
            pdf.set_font(font, size=11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    for old, new in fonts.items():
        assert len(old) == len(new)
        data = data.replace(b"/BaseFont /" + old, b"/BaseFont /" + new)
    path.write_bytes(data)
    return path


def test_ingest_legacy_font_page_read_by_its_words(tmp_path):
    """A TCVN3 page in a font whose name says nothing is converted by the reading that gives
    Vietnamese words; the other page stays as it is."""
    path = _legacy_pdf(tmp_path / "legacy.pdf", [[("Helvetica", TCVN3_AS_LATIN1)],
                                                [("Helvetica", "Ke hoach chuyen doi so nam 2023 cua huyen Ninh Son.")]],
                       {})
    doc = read_source(path)
    assert doc.page_errors == []
    assert "Uỷ ban nhân dân huyện Ninh Sơn. Kế hoạch chuyển đổi số năm 2023." in doc.text
    assert "Ke hoach chuyen doi so" in doc.text and "nh©n" not in doc.text


def test_ingest_legacy_fonts_by_name_and_capitals(tmp_path):
    """.VnArialH prints capitals over TCVN3's lower-case codes, .VnTime is TCVN3, and
    VNI-Times (here the Courier runs renamed) is VNI."""
    path = _legacy_pdf(tmp_path / "fonts.pdf", [[
        ("Helvetica", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
        ("Times", "§éc lËp - Tù do - H¹nh phóc"),
        ("Courier", "Keá hoaïch chuyeån ñoåi soá naêm 2023"),
    ]], {b"Helvetica": b".VnArialH", b"Times-Roman": b".VnTime,Ita", b"Courier": b"VNI-Tim"})
    doc = read_source(path)
    assert doc.page_errors == []
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text
    assert "Độc lập - Tự do - Hạnh phúc" in doc.text
    assert "Kế hoạch chuyển đổi số năm 2023" in doc.text


def test_ingest_undecidable_legacy_page_is_a_named_page_error(tmp_path):
    """Latin-1 letters that no encoding turns into Vietnamese words: the page error stays."""
    junk = "µ¶·¸¹ »¼½¾ ÇÈÉÊË ÌÎÏÐÑ " * 6
    path = _legacy_pdf(tmp_path / "junk.pdf", [[("Helvetica", junk)], [("Helvetica", "Ke hoach nam 2023.")]], {})
    doc = read_source(path)
    assert [(e.page, e.code) for e in doc.page_errors] == [(1, errors.PAGE_MOJIBAKE)]


def test_ingest_utf16_without_bom_is_read(tmp_path):
    from pipeline.ingest import read_source

    text = "KẾ HOẠCH\nChuyển đổi số năm 2026\n- Tỷ lệ hồ sơ trực tuyến đạt 90%.\n"
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        assert read_source(path).text == text


def test_ingest_binary_content_is_named(tmp_path):
    import pytest as _pytest

    from pipeline import errors
    from pipeline.ingest import read_source

    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with _pytest.raises(errors.UnsupportedFormat, match="x.txt: binary content"):
        read_source(path)


def test_ingest_symlink_loop_is_reported_once(tmp_path):
    from pipeline.run import ingest_paths

    from .conftest import read_table

    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a" / "plan.txt").write_text("KẾ HOẠCH\nChuyển đổi số năm 2026\n- Đạt 90%.\n", encoding="utf-8")
    (src / "a" / "back").symlink_to(src, target_is_directory=True)  # a loop
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.txt").write_text("KẾ HOẠCH\nSố hóa năm 2026\n", encoding="utf-8")
    (src / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # followed
    out = tmp_path / "out"
    ingest_paths([str(src)], out, progress=False)
    errors = read_table(out, "errors")
    assert [(e["code"], e["source_name"]) for e in errors] == [("symlink_loop", "back")]
    assert sorted(d["source_name"] for d in read_table(out, "documents")) == ["other.txt", "plan.txt"]
    assert not ingest_paths([str(src)], out, progress=False).written  # the same loop again: nothing rewritten
    assert len(read_table(out, "errors")) == 1
