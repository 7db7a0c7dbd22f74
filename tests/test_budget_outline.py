"""The outline a budget table's markers give: kinds, what adds into what, "Trong đó"
parts, memo rows, and the irregular A = I + B of state budget forms (GUIDELINES §6).
Rows written by hand; the whole forms are in tests/fixtures/budget."""
from __future__ import annotations

import pytest

from pipeline.extract.budget_outline import TOTAL_PATH, Amount, TableRow, budget_items, depth


def row(marker, label, *amounts, total=False):
    return TableRow(marker, label, 0, 1, tuple(Amount(None, a, 0, 1) for a in amounts), None, total)


def outline(rules, rows, scale="triệu đồng"):
    return [(i.kind, i.row_path, i.parent_path) for i in budget_items("d", "t", rows, scale, rules)]


@pytest.mark.parametrize("marker,previous_letter,expected", [
    ("A", None, 0), ("II", None, 1), ("I", "H", 0), ("3", None, 2), ("1.2", None, 3), ("1.2.1", None, 4),
    ("b", None, 6), ("-", None, 7), ("Tổng", None, None), (None, None, None),
])
def test_marker_depth(marker, previous_letter, expected):
    assert depth(marker, previous_letter) == expected


def test_groups_and_a_bottom_total(rules):
    rows = [row("I", "Hạ tầng", "300"), row("1", "Máy tính", "200"), row("2", "Mạng", "100"),
            row("II", "Ứng dụng", "50"), row("1", "Phần mềm", "50"), row(None, "Tổng cộng", "350", total=True)]
    assert outline(rules, rows) == [
        ("subtotal", "I", TOTAL_PATH), ("item", "I/1", "I"), ("item", "I/2", "I"),
        ("subtotal", "II", TOTAL_PATH), ("item", "II/1", "II"), ("total", TOTAL_PATH, None)]


def test_total_printed_above_and_below(rules):
    rows = [row(None, "Tổng số", "95", total=True), row("1", "A", "60"), row("2", "B", "35"),
            row(None, "Tổng cộng", "95", total=True)]
    assert [k for k, _p, _q in outline(rules, rows)] == ["header_total", "item", "item", "total"]


def test_a_lone_total_above_its_items_is_the_total(rules):
    rows = [row(None, "TỔNG", "2.615.000", total=True), row("1", "TUYÊN QUANG", "152.100")]
    assert outline(rules, rows)[0] == ("total", TOTAL_PATH, None)


def test_of_which_parts_are_never_added(rules):
    rows = [row("1", "Chi thường xuyên", "400"), row(None, "Trong đó:"), row("-", "Giáo dục", "150"),
            row("-", "Khoa học", "20"), row("2", "Chi khác", "10")]
    assert outline(rules, rows) == [
        ("item", "1", None), ("of_which", "1/~2", "1"), ("of_which", "1/~3", "1"), ("item", "2", None)]


def test_a_marked_total_sums_the_sections_after_it_but_not_memo_rows(rules):
    rows = [row("A", "TỔNG CHI NSĐP", "1.000", total=True), row("I", "CHI CÂN ĐỐI", "700"),
            row("1", "Chi đầu tư", "700"), row("B", "CHI BỔ SUNG CÓ MỤC TIÊU", "300"), row("1", "Chương trình", "300"),
            row("C", "BỘI CHI NSĐP", "10"), row("D", "CHI CHUYỂN NGUỒN SANG NĂM SAU", "0")]
    assert outline(rules, rows) == [
        ("total", "A", None), ("subtotal", "A/I", "A"), ("item", "A/I/1", "A/I"), ("subtotal", "B", "A"),
        ("item", "B/1", "B"), ("item", "C", None), ("item", "D", None)]


def test_a_sum_row_under_a_group_is_its_subtotal(rules):
    rows = [row("I", "Hạ tầng"), row("1", "Máy tính", "200"), row("2", "Mạng", "100"),
            row(None, "Cộng", "300", total=True), row("II", "Ứng dụng"), row("1", "Phần mềm", "50"),
            row(None, "Cộng", "50", total=True), row(None, "Tổng cộng", "350", total=True)]
    assert outline(rules, rows) == [
        ("subtotal", "I", TOTAL_PATH), ("item", "I/1", "I"), ("item", "I/2", "I"), ("subtotal", "I", None),
        ("subtotal", "II", TOTAL_PATH), ("item", "II/1", "II"), ("subtotal", "II", None),
        ("total", TOTAL_PATH, None)]
