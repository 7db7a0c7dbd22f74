"""Percentages and targets: the ways plans phrase a value (origin: synthetic sentences
in the shapes plans use, not copied from a sample)."""
from __future__ import annotations

import pytest

from pipeline.extract import percentages, targets
from pipeline.model import SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import segment

OBJECTIVES = "II. MỤC TIÊU CỤ THỂ\n"
RESULTS = "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2023\n"


def _seg(text, rules):
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)
    return segment(doc, normalize(doc.text, rules), rules)


def pcts(text, rules):
    return [(p.value, p.kind) for p in percentages.extract(_seg(text, rules), rules)]


def tgts(text, rules):
    return list(targets.extract(_seg(text, rules), rules))


@pytest.mark.parametrize("line,values", [
    ("- Tỷ lệ hồ sơ trực tuyến đạt 95,5%.", [95.5]),
    ("- Phủ sóng 4G đến 98 % thôn bản.", [98.0]),
    ("- Tỷ lệ người dân có tài khoản số đạt 70 - 80%.", [70.0, 80.0]),
    ("- Hồ sơ xử lý đúng hạn từ 80% - dưới 90%.", [80.0, 90.0]),
    ("- 85% hồ sơ cấp huyện, 65% hồ sơ cấp xã được xử lý trên môi trường mạng.", [85.0, 65.0]),
    ("- Điểm đánh giá đạt 925,73 điểm, tăng 3 bậc.", []),
])
def test_percentages_forms(rules, line, values):
    assert [v for v, _ in pcts(OBJECTIVES + line + "\n", rules)] == values


def test_percentages_kind_from_section(rules):
    assert pcts(RESULTS + "- Tỷ lệ hồ sơ trực tuyến đạt 60%.\n", rules) == [(60.0, "result")]
    assert pcts(OBJECTIVES + "- Tỷ lệ hồ sơ trực tuyến đạt 60%.\n", rules) == [(60.0, "target")]


@pytest.mark.parametrize("line,expected", [
    ("- Tỷ lệ hồ sơ trực tuyến đạt 90%.", [(90.0, "%", "=")]),
    ("- Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%.", [(90.0, "%", ">=")]),
    ("- Tỷ lệ hồ sơ trực tuyến đạt từ 65% trở lên.", [(65.0, "%", ">=")]),
    ("- Tỷ lệ hồ sơ trực tuyến đạt trên 30%.", [(30.0, "%", ">")]),
    ("- Tỷ lệ hồ sơ trễ hạn không quá 5%.", [(5.0, "%", "<=")]),
    ("- Tỷ lệ hồ sơ trễ hạn dưới 2%.", [(2.0, "%", "<")]),
    ("- Tỷ lệ người dùng đạt 70 - 80%.", [(70.0, "%", ">=")]),
    ("- Có ít nhất 02 cán bộ chuyên trách công nghệ thông tin.", [(2.0, "cán bộ", ">=")]),
    ("- Băng thông đạt trên 100 Mbps.", [(100.0, "Mbps", ">")]),
])
def test_targets_comparators(rules, line, expected):
    assert [(t.value, t.unit, t.comparator) for t in tgts(OBJECTIVES + line + "\n", rules)] == expected


def test_targets_two_values_two_scopes(rules):
    found = tgts(OBJECTIVES + "- 90% văn bản cấp huyện, 70% văn bản cấp xã được ký số.\n", rules)
    assert [(t.value, t.scope) for t in found] == [(90.0, "district"), (70.0, "commune")]
    assert found[0].subject.startswith("Tỷ lệ văn bản cấp huyện")


def test_targets_deadline_applies_after_its_phrase(rules):
    text = OBJECTIVES + "- Có 60% thiết bị được cài phần mềm bảo vệ, phấn đấu đến năm 2026 là 100%.\n"
    assert [(t.value, t.deadline_year) for t in tgts(text, rules)] == [(60.0, None), (100.0, 2026)]


def test_targets_deadline_from_section_heading(rules):
    text = "II. MỤC TIÊU ĐẾN NĂM 2025\n- Tỷ lệ hồ sơ trực tuyến đạt 80%.\n"
    assert [t.deadline_year for t in tgts(text, rules)] == [2025]


def test_targets_subject_before_verb(rules):
    (t,) = tgts(OBJECTIVES + "- Tỷ lệ máy tính có kết nối Internet đạt 95%.\n", rules)
    assert t.subject == "Tỷ lệ máy tính có kết nối Internet"


def test_targets_unit_cell_rows(rules):
    text = OBJECTIVES + "1\nTối thiểu 80% người dân hài lòng với dịch vụ công\n% 80\nCác cơ quan, đơn vị\n2\nHồ sơ công việc cấp xã xử lý trên mạng\n% > 75\n"
    found = tgts(text, rules)
    assert [(t.value, t.comparator) for t in found] == [(80.0, ">="), (75.0, ">")]
    assert found[0].subject == "Tỷ lệ người dân hài lòng với dịch vụ công"
    assert found[1].scope == "commune"


def test_targets_not_in_results(rules):
    assert tgts(RESULTS + "- Tỷ lệ hồ sơ trực tuyến đạt 60%.\n", rules) == []


def test_targets_junk_never_raises(rules):
    for junk in ["", "%", "% %", "100%%%", "- đạt\n%\n% 1000", "\ufeff\x00"]:
        tgts(junk, rules)


# origin: synthetic, in the words of provinces in neither gold set (Yên Bái, Quảng Ninh, Tuyên Quang)
COUNTS = """II. MỤC TIÊU
2.1. Đến năm 2030
- Hình thành ít nhất 15 mô hình nông nghiệp thông minh tại các xã vùng cao.
- Tổ chức bồi dưỡng 2.000 lượt cán bộ về kỹ năng số.
- Tỉnh Yên Bái thuộc top 05 các tỉnh trung du miền núi phía Bắc về chuyển đổi số.
III. NỘI DUNG
1. Kế hoạch phát triển hạ tầng giai đoạn 2026 - 2030
+ Lắp đặt mới trạm BTS: 40 trạm (Trong đó: VNPT: 15 trạm, Viettel: 25 trạm);
2. Quan trắc môi trường
- Quan trắc tại 06 điểm, 02 đợt/tháng.
"""


def test_targets_counted_quantities(rules):
    got = [(t.value, t.unit, t.comparator, t.deadline_year) for t in tgts(COUNTS, rules)]
    assert got == [
        (15.0, "mô hình", ">=", 2030),
        (2000.0, "lượt", "=", 2030),  # a bare count under an objectives heading
        (5.0, "thứ bậc", "<=", 2030),  # a rank
        (40.0, "trạm", "=", 2030),  # under a heading that sets a period
        (15.0, "trạm", "=", 2030),
        (25.0, "trạm", "=", 2030),
    ]  # and no target from "06 điểm, 02 đợt/tháng": activity specifications under no objective


def test_targets_breakdown_parts_take_their_whole(rules):
    found = [t for t in tgts(COUNTS, rules) if t.unit == "trạm"]
    assert [t.subject for t in found] == ["Lắp đặt mới trạm BTS", "Lắp đặt mới trạm BTS của VNPT",
                                          "Lắp đặt mới trạm BTS của Viettel"]


def test_targets_count_in_words(rules):
    found = tgts("- Các cơ quan tổ chức diễn tập ứng cứu sự cố tối thiểu hai lần/năm.\n", rules)
    assert [(t.value, t.unit, t.comparator) for t in found] == [(2.0, "lần/năm", ">=")]


def test_targets_descriptor_is_no_count(rules):
    assert tgts("II. MỤC TIÊU\n- Bảo đảm an toàn thông tin theo mô hình 4 lớp.\n", rules) == []


@pytest.mark.parametrize("line,kind", [
    ("(2) Ít nhất 75% hộ kinh doanh đã có tài khoản thanh toán điện tử;", "target"),
    ("Tỷ lệ = b/a x 100%;", "other"),
    ("Đơn vị đạt tỷ lệ 100% được cộng 05 điểm.", "other"),
    ("tặng Bằng khen cho tập thể, cá nhân (tỷ lệ không quá 15% tập thể, 10% cá nhân);", "other"),
    ("Chi phí quan trắc đột xuất bằng 10% kinh phí quan trắc thường xuyên.", "other"),
    ("Phấn đấu tiết kiệm 10% chi phí hành chính.", "target"),
])
def test_percentages_never_a_target(rules, line, kind):
    assert {k for _v, k in pcts(line, rules)} == {kind}


def test_score_sheet_gives_no_targets(rules):
    """A score sheet is a table of criteria and points: however many percentages it
    holds, it sets no target."""
    rows = "".join(f"{k}.1\nĐơn vị đạt tỷ lệ {90 + k % 10}% người dân hài lòng\n5\n" for k in range(1, 60))
    text = "PHỤ LỤC\nTHANG ĐIỂM ĐÁNH GIÁ THI ĐUA NĂM 2026\n" + rows
    assert tgts(text, rules) == []
    assert {k for _v, k in pcts(text, rules)} == {"other"}
