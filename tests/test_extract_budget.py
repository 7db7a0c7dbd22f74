"""Budget tables: PDF fixtures against rows written by hand, text tables, and the audit."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline import audit
from pipeline.extract import budget
from pipeline.ingest import read_source
from pipeline.model import BudgetItem, BudgetTable, SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


def records_of(doc, rules):
    recs = list(budget.extract(segment(doc, normalize(doc.text, rules), rules), rules))
    return recs, list(audit.audit(recs))


def expected_rows(want: dict) -> list[list]:
    """[kind, amount] per row; a form with several amount columns lists each printed row
    once with its amounts, one row per amount cell with that column's header."""
    if "form_rows" not in want:
        return want["rows"]
    return [[kind, amount, column] for kind, amounts in want["form_rows"]
            for amount, column in zip(amounts, want["columns"], strict=True)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_budget_fixture(rules, name):
    want = EXPECTED[name]
    doc = read_source(FIXTURES / name)
    recs, findings = records_of(doc, rules)
    tables = [r for r in recs if isinstance(r, BudgetTable)]
    assert len(tables) == 1, tables
    assert (tables[0].unit_scale, tables[0].words_vnd) == (want["scale"], want["words_vnd"])
    items = [r for r in recs if isinstance(r, BudgetItem)]
    rows = expected_rows(want)
    assert len(items) == len(rows)
    assert [[r.kind, r.amount_vnd, r.column][:len(w)] for r, w in zip(items, rows, strict=True)] == rows
    assert [[f.check, f.stated_vnd, f.computed_vnd, f.column][:len(w)]
            for f, w in zip(findings, want["findings"], strict=False)] == want["findings"]
    assert len(findings) == len(want["findings"])
    for r in recs:  # every amount's span is the figure as printed
        if isinstance(r, BudgetItem) and r.amount_vnd is not None:
            digits = "".join(ch for ch in doc.text[r.char_start:r.char_end] if ch.isdigit())
            assert int(digits) == r.amount_vnd // r.precision_vnd


def text_doc(text):
    return SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)


def test_budget_text_table_with_groups(rules):
    text = """DANH MỤC NHIỆM VỤ VÀ KINH PHÍ
Đơn vị tính: triệu đồng
TT
Nội dung
Kinh phí
I Hạ tầng số 601,586
1
Mua sắm máy tính
329,586 Ngân sách huyện
2 Thuê đường truyền
201,519.636 Ngân sách huyện
Tổng cộng 601,586
Bằng chữ: Sáu trăm linh một triệu, năm trăm tám mươi sáu nghìn đồng.
"""
    recs, findings = records_of(text_doc(text), rules)
    rows = [(r.kind, r.amount_vnd, r.source) for r in recs if isinstance(r, BudgetItem)]
    assert rows == [("subtotal", 601_586_000, None), ("item", 329_586_000, "Ngân sách huyện"),
                    ("item", 201_519_636, "Ngân sách huyện"), ("total", 601_586_000, None)]
    assert [(f.check, f.stated_vnd, f.computed_vnd) for f in findings] == [
        ("items_vs_subtotal", 601_586_000, 531_105_636)]
    assert next(r for r in recs if isinstance(r, BudgetTable)).words_vnd == 601_586_000


def test_budget_paragraph(rules):
    text = """V. KINH PHÍ THỰC HIỆN
Kinh phí dự kiến bố trí trong năm 2024: 900.000.000đ (Chín trăm triệu đồng). Trong đó:
- Chi cho hạ tầng: Cấp huyện: 500.000.000đ; Cấp xã: 300.000.000đ
- Chi cho đào tạo: 100.000.000đ
VI. TỔ CHỨC THỰC HIỆN
"""
    recs, findings = records_of(text_doc(text), rules)
    rows = [(r.kind, r.amount_vnd) for r in recs if isinstance(r, BudgetItem)]
    assert rows == [("total", 900_000_000), ("item", 500_000_000), ("item", 300_000_000), ("item", 100_000_000)]
    assert next(r for r in recs if isinstance(r, BudgetTable)).words_vnd == 900_000_000
    assert findings == []


@pytest.mark.parametrize("stated,computed,precision,agrees", [
    (601_586_000, 601_585_700, 1_000, True),    # printed 601,586 triệu: the sum rounds to it
    (601_586_000, 601_584_000, 1_000, False),
    (9_179_000_000, 9_179_000_000, 100_000, True),
    (565_300_000, 565_300_001, 1, False),
])
def test_audit_rounding_to_printed_precision(stated, computed, precision, agrees):
    assert audit._agrees(stated, computed, precision) is agrees


GENERATED_PDFS = sorted(FIXTURES.glob("*.pdf")) + sorted((Path(__file__).parent.parent / "data" / "raw").glob("gen_*.pdf"))


def budget_reading(path: Path, rules) -> tuple[list, list]:
    from pipeline.model import AuditFinding
    from pipeline.run import extract_all

    recs, _problems = extract_all(read_source(path), rules)
    rows = sorted((r.amount_vnd, r.kind) for r in recs if isinstance(r, BudgetItem) and r.amount_vnd is not None)
    findings = sorted((r.check, r.stated_vnd) for r in recs if isinstance(r, AuditFinding))
    return rows, findings


@pytest.mark.parametrize("pdf", GENERATED_PDFS, ids=lambda p: p.name)
def test_pdf_text_reads_like_the_pdf(rules, pdf, tmp_path):
    """The same table two ways: the PDF's text as pypdfium2 extracts it (pages joined by
    "\\n", CRLF kept), ingested as a .txt, gives the rows and findings the PDF's cells give."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    as_text = tmp_path / f"{pdf.stem}.txt"
    as_text.write_bytes(text.encode("utf-8"))
    from_pdf = budget_reading(pdf, rules)
    assert from_pdf[0] or pdf.name == "assignments.pdf"  # every budget fixture has rows to compare
    assert budget_reading(as_text, rules) == from_pdf
