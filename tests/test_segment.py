from __future__ import annotations

import pytest

from pipeline.model import SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import find_marker, segment


def _seg(text, rules):
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)
    return segment(doc, normalize(text, rules), rules)


@pytest.mark.parametrize("line,kind", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman"), ("1. Mục đích:", "arabic"), ("2.1. Hạ tầng", "dotted"),
    ("a) Kết quả", "letter"), ("- Tỷ lệ", "dash"), ("+ Cấp xã", "plus"), ("Phần II", "part"),
    ("Tỷ lệ máy tính", None), ("1 Điểm đạt được 898,4", None),
])
def test_segment_markers(rules, line, kind):
    assert find_marker(line, rules)[0] == kind


def test_segment_blank_line_after_every_line_is_not_a_break(rules):
    text = "- Tỷ lệ máy tính có kết nối Internet \n\nđạt 95%. \n\n- Tỷ lệ hài lòng đạt 90%.\n"
    seg = _seg(text, rules)
    assert [b.text.text for b in seg.blocks] == ["- Tỷ lệ máy tính có kết nối Internet đạt 95%.",
                                                 "- Tỷ lệ hài lòng đạt 90%."]


def test_segment_code_cut_at_line_end_joins_tight(rules):
    seg = _seg("Nghị định số 85/2016/NĐ-\n\nCP ngày 01/7/2016 của Chính phủ.\n", rules)
    block = seg.blocks[0]
    assert "85/2016/NĐ-CP" in block.text.text
    i = block.text.text.index("85/2016")
    a, b = block.text.span(i, i + len("85/2016/NĐ-CP"))
    assert seg.doc.text[a:b] == "85/2016/NĐ-\n\nCP"


def test_segment_sections_nest(rules):
    text = "I. MỤC TIÊU\n1. Chỉ tiêu cụ thể:\n- Tỷ lệ đạt 100%.\nII. TỔ CHỨC THỰC HIỆN\n- Phòng Nội vụ.\n"
    seg = _seg(text, rules)
    item = seg.blocks[2]
    assert item.section_titles() == ["MỤC TIÊU", "Chỉ tiêu cụ thể"]
    assert seg.blocks[4].section_titles() == ["TỔ CHỨC THỰC HIỆN"]


@pytest.mark.parametrize("line, ends, tight", [
    ("Tỷ lệ đạt 90%.", True, False),
    ("Kế hoạch số 12/KH-UBND ./.  ", True, False),
    ("các nhiệm vụ sau:", True, False),
    ("Nghị định số 85/2016/NĐ-", False, True),
    ("Quyết định số 118/", False, True),
    ("Phòng Tài chính -", False, False),  # a spaced dash joins with a space
    ("-", False, False),
    ("", False, False),
])
def test_segment_line_ends(line, ends, tight):
    from pipeline.segment import _cut_tight, _ends_sentence

    assert (_ends_sentence(line), _cut_tight(line)) == (ends, tight)
