"""Units and roles (origin: synthetic, in the shapes district plans use)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import metadata, responsibilities
from pipeline.model import SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import segment
from pipeline.units import _matcher, canonical, find_units, syllable_doc, unit_key


def assignments(text, rules):
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)
    seg = segment(doc, normalize(doc.text, rules), rules)
    list(metadata.extract(seg, rules))  # sets the plan's level, as the runner does
    return {(r.unit, r.role) for r in responsibilities.extract(seg, rules)}


@pytest.mark.parametrize("variants", [
    ["Phòng Văn hóa và Thông tin", "Phòng Văn hoá - Thông tin", "Phòng VH-TT", "phòng Văn hóa và Thông tin huyện"],
    ["Phòng Tài chính - Kế hoạch", "Phòng Tài chính – Kế hoạch", "Phòng TC-KH", "Phòng Tài chính và Kế hoạch"],
    ["Văn phòng HĐND và UBND huyện", "Văn phòng HĐND-UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"],
    ["Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH"],
    # underthesea's normalizer: tone placement and a common misspelling (nghành)
    ["Các phòng, ban ngành của huyện", "Các phòng, ban nghành của huyện", "các phòng, ban ngành của huyện"],
    ["Trung tâm Văn hóa - Thể thao", "Trung tâm Văn hoá - Thể thao"],
])
def test_units_variants_share_one_canonical_name(rules, variants):
    names = {canonical(normalize(v, rules).text, rules)[0] for v in variants}
    assert len(names) == 1, names


@pytest.mark.parametrize("text,units", [
    ("Phòng Giáo dục và Đào tạo chủ trì", ["Phòng Giáo dục và Đào tạo"]),
    ("Phòng Nông nghiệp và Phát triển nông thôn phối hợp", ["Phòng Nông nghiệp và Phát triển nông thôn"]),
    ("phối hợp với Phòng Nội vụ, Phòng Tư pháp và Công an huyện", ["Phòng Nội vụ", "Phòng Tư pháp", "Công an huyện"]),
    ("Trung tâm Văn hóa, Thể thao và Truyền thanh huyện tuyên truyền", ["Trung tâm Văn hóa, Thể thao và Truyền thanh huyện"]),
    ("UBND các xã, thị trấn triển khai", ["UBND các xã, thị trấn"]),
    ("Các doanh nghiệp viễn thông trên địa bàn huyện", ["Các doanh nghiệp viễn thông trên địa bàn huyện"]),
    ("của UBND tỉnh Lâm Đồng Tổ chức hội nghị", ["UBND tỉnh Lâm Đồng"]),
    ("Tổ chức thực hiện; phòng họp trực tuyến", []),
])
def test_units_found(rules, text, units):
    assert [u.text for u in find_units(text, rules)] == units


PLAN = """KẾ HOẠCH
Chuyển đổi số huyện Lâm Hà năm 2024
I. NHIỆM VỤ
- Huy động các doanh nghiệp viễn thông trên địa bàn huyện đầu tư hạ tầng.
+ Chỉ đạo: UBND huyện.
+ Tham mưu thực hiện: Phòng Văn hóa và Thông tin, Phòng Kinh tế và Hạ tầng.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin
- Chủ trì, phối hợp với Phòng Nội vụ tham mưu UBND huyện triển khai Kế hoạch.
2. Phòng Tài chính - Kế hoạch: Phối hợp với Sở Tài chính bố trí kinh phí.
3. Các phòng, ban ngành của huyện; UBND các xã, thị trấn
- Triển khai thực hiện các nhiệm vụ được giao.
Nơi nhận:
- Sở Thông tin và Truyền thông;
- Phòng Y tế;
"""


def test_responsibilities_roles(rules):
    got = assignments(PLAN, rules)
    expected = {
        ("Các doanh nghiệp viễn thông trên địa bàn huyện", "implement"), ("UBND huyện", "direct"),
        ("Phòng Văn hóa và Thông tin", "advise"), ("Phòng Kinh tế và Hạ tầng", "advise"),
        ("Phòng Văn hóa và Thông tin", "implement"), ("Phòng Văn hóa và Thông tin", "lead"),
        ("Phòng Nội vụ", "coordinate"), ("Phòng Tài chính - Kế hoạch", "implement"),
        ("Phòng Tài chính - Kế hoạch", "coordinate"), ("Các phòng, ban ngành của huyện", "implement"),
        ("UBND các xã, thị trấn", "implement"),
    }
    assert got == expected
    units = {u for u, _ in got}
    assert "Sở Tài chính" not in units, "a district plan cannot task a province's department"
    assert "Phòng Y tế" not in units and "Sở Thông tin và Truyền thông" not in units, "recipients are not tasked"
    assert ("UBND huyện", "implement") not in got, "'tham mưu UBND huyện' advises it, not tasks it"


def test_responsibilities_department_list(rules):
    text = ("IV. Phân công phụ trách\nCác cơ quan được giao phụ trách theo dõi các chỉ số, gồm các ngành: "
            "Nội vụ, Tư pháp, Kinh tế - Hạ tầng; Công an huyện.\n")
    got = assignments(text, rules)
    assert {("Phòng Nội vụ", "lead"), ("Phòng Tư pháp", "implement"), ("Phòng Kinh tế và Hạ tầng", "lead"),
            ("Công an huyện", "implement")} <= got


def test_units_key_ignores_separators_and_case(rules):
    assert unit_key("Phòng Văn hóa - Thông tin", rules) == unit_key("phòng văn hoá và thông tin", rules)


@given(st.text(alphabet=st.sampled_from(list("aăâbcdđ ơưxyz,.-&()  \t")), max_size=60))
def test_units_syllable_doc_keeps_text(text):
    from pipeline.rules import default_rules

    nlp, _ = _matcher(default_rules())
    assert syllable_doc(nlp, text).text == text


def test_units_shared_head_word(rules):
    found = [(u.text, u.canonical) for u in find_units("Phòng Nội vụ, Tư pháp phối hợp", rules)]
    assert found == [("Phòng Nội vụ", "Phòng Nội vụ"), ("Tư pháp", "Phòng Tư pháp")]


def test_responsibilities_from_pdf_role_columns(rules):
    from pathlib import Path

    from pipeline.extract import unit_tables
    from pipeline.ingest import read_source

    doc = read_source(Path(__file__).parent / "fixtures" / "budget" / "assignments.pdf")
    seg = segment(doc, normalize(doc.text, rules), rules)
    got = {(r.unit, r.role, r.task) for r in unit_tables.extract(seg, rules)}
    assert got == {
        ("Văn phòng HĐND và UBND huyện", "lead", "Số hóa hồ sơ thủ tục hành chính"),
        ("Phòng Nội vụ", "coordinate", "Số hóa hồ sơ thủ tục hành chính"),
        ("UBND các xã, thị trấn", "coordinate", "Số hóa hồ sơ thủ tục hành chính"),
        ("Phòng Văn hóa và Thông tin", "lead", "Bảo đảm an toàn thông tin mạng"),
        ("Công an huyện", "coordinate", "Bảo đảm an toàn thông tin mạng"),
        ("Phòng Kinh tế và Hạ tầng", "lead", "Phát triển thương mại điện tử"),
        ("Các doanh nghiệp viễn thông", "coordinate", "Phát triển thương mại điện tử"),
    }
    for r in unit_tables.extract(seg, rules):
        assert " ".join(doc.text[r.char_start:r.char_end].split()) == r.unit_as_written


# An appendix table converted to text: a cell per line (or several), a blank line after
# every line, the task cell first, then the role columns of the header, in order.
TEXT_TABLE = """PHỤ LỤC
PHÂN CÔNG THỰC HIỆN
Số
TT
Nội dung nhiệm vụ
Đơn vị chủ trì
Đơn vị phối
hợp
Đơn vị
thực hiện
I Chính quyền số
1
Số hóa hồ sơ thủ tục hành chính của các
cơ quan, đơn vị
Văn phòng
HĐND-UBND
huyện
Phòng Nội vụ
Các cơ quan,
đơn vị và UBND
các xã, thị trấn
2
Triển khai camera giám sát giao thông
Công an huyện
3 Phát triển thương mại điện tử
Phòng Kinh
tế - Hạ tầng,
Phòng TC-KH
UBND các xã,
thị trấn
Biểu mẫu 02
"""


def test_responsibilities_from_text_role_columns(rules):
    from pipeline.extract import unit_tables

    text = "\n\n".join(TEXT_TABLE.splitlines())
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)
    seg = segment(doc, normalize(doc.text, rules), rules)
    got = [(r.unit, r.role, r.task) for r in unit_tables.extract(seg, rules)]
    task1 = "Số hóa hồ sơ thủ tục hành chính của các cơ quan, đơn vị"
    assert got == [
        ("Văn phòng HĐND và UBND huyện", "lead", task1),
        ("Phòng Nội vụ", "coordinate", task1),
        ("Các cơ quan, đơn vị", "implement", task1),  # "và" keeps both in one cell
        ("UBND các xã, thị trấn", "implement", task1),
        ("Công an huyện", "lead", "Triển khai camera giám sát giao thông"),  # a row of one cell
        # "," keeps two departments in the lead cell; the collective last cell implements
        ("Phòng Kinh tế và Hạ tầng", "lead", "Phát triển thương mại điện tử"),
        ("Phòng Tài chính - Kế hoạch", "lead", "Phát triển thương mại điện tử"),
        ("UBND các xã, thị trấn", "implement", "Phát triển thương mại điện tử"),
    ]
    for r in unit_tables.extract(seg, rules):
        assert " ".join(doc.text[r.char_start:r.char_end].split()) == r.unit_as_written.replace("\n", " ")


# origin: synthetic, a provincial plan of a province in neither gold set (Tuyên Quang), in a
# web copy's layout (paragraphs wrapped over lines, a blank line between them)
PROVINCIAL = """ỦY BAN NHÂN DÂN
TỈNH TUYÊN QUANG

KẾ HOẠCH
Chuyển đổi số tỉnh Tuyên Quang năm 2026

I. NHIỆM VỤ

1. Hạ tầng số

Cơ quan chủ trì: Sở Khoa học và
Công nghệ.

Cơ quan phối hợp: Viettel Tuyên Quang; VNPT Tuyên Quang; các sở, ban,
ngành cấp tỉnh.

2. Dữ liệu số

Đơn vị chủ trì (tham mưu) thực hiện: Sở Nội vụ.

II. TỔ CHỨC THỰC HIỆN

1. Sở Y tế

Phối hợp với Sở Tài chính thẩm định hồ sơ
đề nghị khen thưởng.

2. Sở Tài chính tiến hành bố trí kinh phí thực hiện Kế hoạch; định kỳ báo
cáo Ủy ban nhân dân tỉnh.

3. Báo và Phát thanh, Truyền hình tỉnh, Hiệp hội Doanh nghiệp tỉnh:

Tuyên truyền, phổ biến Kế hoạch.

4. Ủy ban nhân dân các xã, phường

Triển khai các nhiệm vụ trên địa bàn.

Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Chủ tịch Ủy ban nhân
dân các xã, phường chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Bộ Khoa học và Công nghệ (b/c);
- Như Điều 3;
"""


def test_responsibilities_at_the_provincial_level(rules):
    got = assignments(PROVINCIAL, rules)
    assert got == {
        ("Sở Khoa học và Công nghệ", "lead"),  # a label line
        ("Viettel Tuyên Quang", "coordinate"), ("VNPT Tuyên Quang", "coordinate"),  # operators by province
        ("Các sở, ban, ngành cấp tỉnh", "coordinate"),  # a collective group
        ("Sở Nội vụ", "lead"), ("Sở Nội vụ", "advise"),  # "Đơn vị chủ trì (tham mưu) thực hiện:"
        ("Sở Y tế", "implement"), ("Sở Y tế", "coordinate"),  # a heading's unit, by its item's verb
        ("Sở Tài chính", "coordinate"),  # the partner "phối hợp với"; its name ends before "thẩm định"
        ("Sở Tài chính", "implement"),  # "Sở Tài chính tiến hành …": the name ends before its verb
        ("Báo và Phát thanh, Truyền hình tỉnh", "implement"), ("Hiệp hội Doanh nghiệp tỉnh", "implement"),
        ("Ủy ban nhân dân các xã, phường", "implement"),
        ("Văn phòng UBND tỉnh", "implement"),  # the execution clause names them all
    }  # never the addressee (UBND tỉnh, reported to) nor the recipients (Bộ Khoa học và Công nghệ)


def test_responsibilities_one_row_per_item_under_a_unit_heading(rules):
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", PROVINCIAL)
    seg = segment(doc, normalize(PROVINCIAL, rules), rules)
    list(metadata.extract(seg, rules))
    rows = [r for r in responsibilities.extract(seg, rules) if r.unit == "Sở Y tế" and r.role == "implement"]
    assert [r.task for r in rows] == ["Phối hợp với Sở Tài chính thẩm định hồ sơ đề nghị khen thưởng.",
                                      "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Chủ tịch Ủy ban nhân "
                                      "dân các xã, phường chịu trách nhiệm thi hành Quyết định này./."]


@pytest.mark.parametrize("name,district_plan,successors", [
    ("Sở Thông tin và Truyền thông", False, ("Sở Khoa học và Công nghệ",)),
    ("Bộ Kế hoạch và Đầu tư", False, ("Bộ Tài chính",)),
    ("Sở Tài nguyên và Môi trường tỉnh Tuyên Quang", False, ("Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",)),
    ("Sở Lao động - Thương binh và Xã hội", False, ("Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo")),
    ("Sở Y tế", False, ("Sở Y tế",)),
    ("UBND huyện Yên Sơn", False, None),  # districts were abolished
    ("Phòng Văn hóa và Thông tin", True, None),  # a district's department, in a district plan
    ("Phòng Kinh tế", False, ("Phòng Kinh tế",)),  # a commune's office since 2025
])
def test_units_successors_2025(rules, name, district_plan, successors):
    from pipeline.units import successors_2025

    assert successors_2025(name, rules, district_plan) == successors


@pytest.mark.parametrize("text,names", [
    ("Các Cục: Di sản văn hóa, Bản quyền tác giả", ["Cục Di sản văn hóa", "Cục Bản quyền tác giả"]),
    ("Các Vụ: Tổ chức cán bộ; Kế hoạch, Tài chính.", ["Vụ Tổ chức cán bộ", "Vụ Kế hoạch, Tài chính"]),
    ("Ngân hàng Nhà nước chi nhánh khu vực 9 chỉ đạo", ["Ngân hàng Nhà nước chi nhánh khu vực 9"]),
])
def test_units_listed_after_their_kind(rules, text, names):
    assert [u.canonical for u in find_units(text, rules)] == names


def test_responsibilities_partners_in_a_list_all_coordinate(rules):
    text = ("KẾ HOẠCH\nHạ tầng số tỉnh Hà Giang năm 2026\nI. NHIỆM VỤ\n- Sở Khoa học và Công nghệ chủ trì, phối hợp "
            "chặt chẽ với các nhà mạng (Viettel Hà Giang, VNPT Hà Giang và MobiFone Hà Giang) phát triển trạm 5G.\n")
    got = assignments(text, rules)
    assert {u for u, role in got if role == "coordinate"} == {
        "Các nhà mạng", "Viettel Hà Giang", "VNPT Hà Giang", "MobiFone Hà Giang"}
    assert ("Sở Khoa học và Công nghệ", "lead") in got
