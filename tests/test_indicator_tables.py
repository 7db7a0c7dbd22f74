"""Indicator tables in the three layouts text gives them (markdown rows, "|" lines, one
cell per line): the same hand-written rows from each. The fixture is a plan of a province
in neither gold set (tests/fixtures/indicator_tables)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import ingest_paths
from pipeline.text_tables import follows

from .conftest import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "indicator_tables"
TPL = "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình"

# (value, unit, comparator, subject, scope, deadline_year), written by hand from the table
TARGETS = [
    (80.0, "%", ">=", TPL, None, 2026),
    (60.0, "%", "=", "Tỷ lệ người dân trưởng thành có chữ ký số cá nhân", None, 2026),
    (5.0, "nền tảng", "=", "Số nền tảng số dùng chung cấp tỉnh được triển khai", None, 2027),
    (100.0, "%", "=", "Tỷ lệ cơ quan nhà nước cấp xã kết nối mạng truyền số liệu chuyên dùng", "commune", 2026),
    (1500.0, "lượt", ">=", "Số lượt cán bộ được bồi dưỡng kỹ năng số", None, 2026),
]
# (value, kind): the result column "Kết quả năm 2025" and the target column "Chỉ tiêu"
PERCENTAGES = [(62.0, "result"), (80.0, "target"), (41.0, "result"), (60.0, "target"), (90.0, "result"),
               (100.0, "target")]


@pytest.fixture(scope="module", params=["markdown", "pipes", "lines"])
def table_out(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param) / "parquet"
    ingest_paths([str(FIXTURES / f"{request.param}.txt")], out, progress=False)
    return FIXTURES / f"{request.param}.txt", out


def test_targets_from_each_layout(table_out):
    _src, out = table_out
    rows = sorted(read_table(out, "targets"), key=lambda r: r["char_start"])
    got = [(r["value"], r["unit"], r["comparator"], r["subject"], r["scope"], r["deadline_year"]) for r in rows]
    assert got == TARGETS


def test_percentages_from_each_layout(table_out):
    _src, out = table_out
    rows = sorted(read_table(out, "percentages"), key=lambda r: r["char_start"])
    assert [(r["value"], r["kind"]) for r in rows] == PERCENTAGES


def test_values_point_at_their_cells(table_out):
    src, out = table_out
    text = src.read_text(encoding="utf-8")
    for r in read_table(out, "targets"):
        cell = text[r["char_start"]:r["char_end"]]
        assert cell.replace(".", "").replace("≥ ", "").replace("Tối thiểu ", "").strip() == f"{r['value']:g}"


@pytest.mark.parametrize("previous,index,ok", [
    ("1", "2", True), ("2", "2.1", True), ("2.1", "2.2", True), ("2.4", "3", True), ("1.2.3", "2", True),
    ("a", "b", True), ("d", "đ", True), ("I", "II", True), ("3", "II", True), ("II", "1", True),
    ("A", "B", True), ("6", "B", True), ("I", "A", True),
    ("3", "5", False), ("1", "1", False), ("2", "2.2", False), ("a", "c", False), ("3", "62", False),
    ("A", "C", False),
])
def test_row_index_sequence(previous, index, ok):
    assert follows(previous, index) is ok
