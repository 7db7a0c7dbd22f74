"""Word and web pages: a dev plan written as .md, as .html inside a site's frame, as
.docx with one paragraph per line and as .doc (Word 97-2003, through antiword) gives the
legal codes and percentages of its .txt; a Word table keeps its cells; a broken file is
an errors row that names it."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from docx import Document

from pipeline.run import ingest_paths

from .conftest import SAMPLES, read_table

PLAN = sorted(SAMPLES.iterdir())[1]
DOC_FIXTURES = Path(__file__).parent / "fixtures" / "formats"  # made by scripts/make_doc_fixtures.py
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None,
                                    reason="the Debian package antiword is not installed (make setup installs it)")


def _write(kind: str, text: str, dest: Path) -> Path:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    path = dest / f"plan.{kind}"
    if kind in ("txt", "md"):
        path.write_text(text, encoding="utf-8")
    elif kind == "html":  # the site's frame holds a code and a percentage that are no part of the plan
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
        path.write_text(
            "<!DOCTYPE html><html><head><script>var x = 'Quyết định số 99/QĐ-UBND 50%';</script></head><body>"
            "<nav class='menu'><a href='/'>Trang chủ</a> Quyết định số 98/QĐ-UBND đạt 40%</nav>"
            f"<div id='main'>{body}</div><div class='footer'>Công văn số 97/UBND-VP, 30%</div></body></html>",
            encoding="utf-8")
    else:
        document = Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    return path


def _codes_and_percentages(out: Path) -> tuple[list, list]:
    return (sorted(r["code"] for r in read_table(out, "legal_references") if r["code"]),
            sorted(r["value"] for r in read_table(out, "percentages")))


@pytest.fixture(scope="module")
def as_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("txt")
    ingest_paths([str(_write("txt", PLAN.read_text(encoding="utf-8"), folder))], folder / "out", progress=False)
    return _codes_and_percentages(folder / "out")


@pytest.mark.parametrize("kind", ["md", "html", "docx"])
def test_formats_give_what_the_text_gives(tmp_path, as_text, kind):
    path = _write(kind, PLAN.read_text(encoding="utf-8"), tmp_path)
    ingest_paths([str(path)], tmp_path / "out", progress=False)
    assert _codes_and_percentages(tmp_path / "out") == as_text
    if kind != "md":  # the text the offsets point into is stored, as for a PDF
        (stored,) = read_table(tmp_path / "out", "document_text")
        assert "Trang chủ" not in stored["text"] and "97/UBND-VP" not in stored["text"]


@needs_antiword
def test_formats_word_97_gives_what_the_text_gives(tmp_path, as_text):
    assert (DOC_FIXTURES / "plan.doc").read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real OLE .doc
    ingest_paths([str(DOC_FIXTURES / "plan.doc")], tmp_path / "out", progress=False)
    assert _codes_and_percentages(tmp_path / "out") == as_text
    (doc,) = read_table(tmp_path / "out", "documents")
    assert doc["source_kind"] == "doc"


@needs_antiword
def test_formats_word_97_table_keeps_its_cells(tmp_path):
    ingest_paths([str(DOC_FIXTURES / "budget.doc")], tmp_path / "out", progress=False)
    rows = sorted((r["kind"], r["amount_vnd"]) for r in read_table(tmp_path / "out", "budget_items"))
    assert rows == [("item", 150_000_000), ("item", 250_000_000), ("total", 400_000_000)]
    (table,) = read_table(tmp_path / "out", "budget_tables")
    assert table["words_vnd"] == 400_000_000


def test_formats_word_table_keeps_its_cells(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Chuyển đổi số tỉnh Điện Biên năm 2026")
    table = document.add_table(rows=3, cols=5)
    for r, row in enumerate([["TT", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "Thời hạn"],
                             ["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "≥ 80", "2026"],
                             ["2", "Số nền tảng dùng chung được triển khai", "nền tảng", "4", "2027"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(tmp_path / "plan.docx")
    ingest_paths([str(tmp_path / "plan.docx")], tmp_path / "out", progress=False)
    got = sorted((t["value"], t["unit"], t["comparator"], t["deadline_year"]) for t in read_table(tmp_path / "out", "targets"))
    assert got == [(4.0, "nền tảng", "=", 2027), (80.0, "%", ">=", 2026)]


@pytest.mark.parametrize("name,data,code", [
    ("broken.docx", b"PK\x03\x04 word/ this zip is cut short", "document_broken"),
    ("empty.html", b"<html><body><nav>Trang ch\xe1\xbb\xa7</nav><footer>2025</footer></body></html>", "no_text"),
    pytest.param("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "document_broken",
                 marks=needs_antiword),
])
def test_formats_bad_files_are_named(tmp_path, name, data, code):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / name).write_bytes(data)
    (tmp_path / "src" / "good.txt").write_bytes(PLAN.read_bytes())
    summary = ingest_paths([str(tmp_path / "src")], tmp_path / "out", progress=False)
    assert summary.new == 1 and summary.failed == 1
    (error,) = read_table(tmp_path / "out", "errors")
    assert (error["code"], error["source_name"]) == (code, name) and name in error["message"]


def test_formats_word_97_without_antiword_is_named(tmp_path, monkeypatch):
    import pipeline.convert

    monkeypatch.setattr(pipeline.convert.shutil, "which", lambda name: None)
    summary = ingest_paths([str(DOC_FIXTURES / "budget.doc")], tmp_path / "out", progress=False)
    assert summary.failed == 1
    (error,) = read_table(tmp_path / "out", "errors")
    assert error["code"] == "converter_unavailable" and "antiword" in error["message"]


def _budget_items(out: Path) -> list[tuple]:
    return sorted((r["kind"], r["amount_vnd"], r["column"]) for r in read_table(out, "budget_items"))


# (kind, amount in đồng, column) of every amount cell, written by hand from the table
EXPECTED_FORM = sorted([
    ("item", 100_000_000, "Năm 2025 / Dự toán"), ("item", 120_000_000, "Năm 2025 / Ước thực hiện"),
    ("item", 150_000_000, "Năm 2026"),
    ("item", 200_000_000, "Năm 2025 / Dự toán"), ("item", 180_000_000, "Năm 2025 / Ước thực hiện"),
    ("item", 200_000_000, "Năm 2026"),
    ("total", 300_000_000, "Năm 2025 / Dự toán"), ("total", 300_000_000, "Năm 2025 / Ước thực hiện"),
    ("total", 350_000_000, "Năm 2026"),
])


def test_formats_word_merged_header_names_every_column(tmp_path):
    """A Word budget table with a two-level header ("Năm 2025" merged over two columns,
    STT and Nội dung merged down two rows): every amount cell is a row under its column."""
    document = Document()
    document.add_paragraph("KẾ HOẠCH Chuyển đổi số xã Tân Lập năm 2026")
    document.add_paragraph("Đơn vị tính: triệu đồng")
    table = document.add_table(rows=5, cols=5)
    body = [["1", "Nâng cấp mạng", "100", "120", "150"], ["2", "Phần mềm", "200", "180", "200"],
            ["", "Tổng cộng", "300", "300", "350"]]
    for r, row in enumerate(body, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Nội dung"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Năm 2025"
    table.cell(0, 4).text = "Năm 2026"
    table.cell(1, 2).text, table.cell(1, 3).text = "Dự toán", "Ước thực hiện"
    document.save(tmp_path / "form.docx")
    ingest_paths([str(tmp_path / "form.docx")], tmp_path / "out", progress=False)
    assert _budget_items(tmp_path / "out") == EXPECTED_FORM


def test_formats_html_colspan_and_rowspan_name_every_column(tmp_path):
    page = ("<html><body><p>KẾ HOẠCH Chuyển đổi số xã Tân Lập năm 2026</p><p>Đơn vị tính: triệu đồng</p><table>"
            "<tr><th rowspan='2'>STT</th><th rowspan='2'>Nội dung</th><th colspan='2'>Năm 2025</th>"
            "<th rowspan='2'>Năm 2026</th></tr><tr><th>Dự toán</th><th>Ước thực hiện</th></tr>"
            "<tr><td>1</td><td>Nâng cấp mạng</td><td>100</td><td>120</td><td>150</td></tr>"
            "<tr><td>2</td><td>Phần mềm</td><td>200</td><td>180</td><td>200</td></tr>"
            "<tr><td></td><td>Tổng cộng</td><td>300</td><td>300</td><td>350</td></tr></table></body></html>")
    (tmp_path / "form.html").write_text(page, encoding="utf-8")
    ingest_paths([str(tmp_path / "form.html")], tmp_path / "out", progress=False)
    assert _budget_items(tmp_path / "out") == EXPECTED_FORM
