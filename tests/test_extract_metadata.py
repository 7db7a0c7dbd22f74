"""Document metadata from headers (real PDFs of ../shared/corpus/pdf copied to data/raw,
and header fixtures written here: origin synthetic), title blocks and signatures."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.metadata import extract
from pipeline.ingest import read_source
from pipeline.model import SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import segment

from .conftest import RAW


def meta_of_doc(doc, rules):
    return next(iter(extract(segment(doc, normalize(doc.text, rules), rules), rules)))


def meta(text, rules):
    return meta_of_doc(SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text), rules)


DISTRICT_PLAN = """ỦY BAN NHÂN DÂN               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐƠN DƯƠNG                      Độc lập - Tự do - Hạnh phúc
Số: 215/KH-UBND                  Đơn Dương, ngày 09 tháng 3 năm 2024

KẾ HOẠCH
Chuyển đổi số huyện Đơn Dương năm 2024

Thực hiện Kế hoạch số 45/KH-UBND ngày 10/01/2024 của UBND tỉnh Lâm Đồng;
- Tỷ lệ hồ sơ xử lý trực tuyến đạt 80%.
Nơi nhận:                                           KT. CHỦ TỊCH
- Như trên;                                          PHÓ CHỦ TỊCH
- Lưu: VT.
                                                     Nguyễn Văn An
"""

DECISION = """ỦY BAN NHÂN DÂN HUYỆN KRÔNG PẮC     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 1207/QĐ-UBND                         Krông Pắc, ngày 2 tháng 8 năm 2023
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch nâng cao Chỉ số chuyển đổi số (DTI) huyện Krông Pắc năm 2023
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.
CHỦ TỊCH
Lê Thị Bình
"""

PROVINCIAL = """UBND TỈNH ĐẮK NÔNG
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số:      /KH-STTTT
KẾ HOẠCH
Bảo đảm an toàn thông tin mạng tỉnh Đắk Nông năm 2024
Căn cứ Nghị định số 85/2016/NĐ-CP ngày 01/7/2016 của Chính phủ; các huyện Cư Jút và huyện Đắk Mil
GIÁM ĐỐC
Trần Quốc Huy
"""


def test_metadata_district_plan_header(rules):
    m = meta(DISTRICT_PLAN, rules)
    assert (m.district, m.province_inferred, m.doc_number, m.issue_date) == (
        "Đơn Dương", "Lâm Đồng", "215/KH-UBND", dt.date(2024, 3, 9))
    assert (m.title, m.plan_kind, m.plan_year) == ("Chuyển đổi số huyện Đơn Dương năm 2024", "digital_government", 2024)
    assert (m.signer, m.signer_title) == ("Nguyễn Văn An", "Phó Chủ tịch")


def test_metadata_decision_that_issues_a_plan(rules):
    m = meta(DECISION, rules)
    assert m.title == "nâng cao Chỉ số chuyển đổi số (DTI) huyện Krông Pắc năm 2023"
    assert (m.plan_kind, m.district, m.doc_number, m.issue_date) == ("dti", "Krông Pắc", "1207/QĐ-UBND", dt.date(2023, 8, 2))
    assert (m.signer, m.signer_title, m.plan_year) == ("Lê Thị Bình", "Chủ tịch", 2023)


def test_metadata_provincial_plan_has_no_district(rules):
    m = meta(PROVINCIAL, rules)
    assert (m.district, m.province, m.doc_number) == (None, "Đắk Nông", None)
    assert (m.signer, m.signer_title) == ("Trần Quốc Huy", "Giám đốc")


@pytest.mark.parametrize("name,expected", [
    ("p03_lamdong_bc_chiso_par_pci_2025.pdf",
     dict(district=None, province="Lâm Đồng", doc_number=None, issue_date=None, signer="Trần Hữu Tuấn",
          signer_title="Phó Giám đốc", plan_year=2025, plan_kind="other")),
    ("p05_lamdong_ttxt_pci_ddci_nfd.pdf",
     dict(district=None, province="Lâm Đồng", doc_number=None, signer="Đinh Ngọc Hiếu", signer_title="Phó Giám đốc")),
    ("p10_binhthuan_hhdn_baocao_glyph.pdf",
     dict(district=None, province="Bình Thuận", signer=None, province_2025="Lâm Đồng", plan_kind="other")),
])
def test_metadata_real_pdf_headers(rules, name, expected):
    m = meta_of_doc(read_source(RAW / name), rules)
    assert {k: getattr(m, k) for k in expected} == expected


def test_metadata_real_pdf_titles(rules):
    assert meta_of_doc(read_source(RAW / "p03_lamdong_bc_chiso_par_pci_2025.pdf"), rules).title.startswith(
        "Tình hình thực hiện các chỉ số PAR Index")
    assert meta_of_doc(read_source(RAW / "p10_binhthuan_hhdn_baocao_glyph.pdf"), rules).title.startswith(
        "TỔNG KẾT HỌAT ĐỘNG NHIỆM KỲ IV (2019-2025) VÀ PHƯƠNG HƯỚNG")


def test_metadata_ambiguous_district_infers_no_province(rules):
    m = meta("KẾ HOẠCH\nChuyển đổi số huyện Châu Thành năm 2024\n", rules)
    assert m.district == "Châu Thành" and m.province_inferred is None


# What follows "huyện" / "tỉnh" in running text is a place only when vietnamadminunits
# knows it: a budget line "Ngân sách tỉnh Số hóa ..." names no province.
@pytest.mark.parametrize("text, district, province, inferred", [
    ("1 Ngân sách tỉnh Số hóa hồ sơ 750.000.000\n2 Ngân sách huyện Tập huấn kỹ năng số 500.000.000\n",
     None, None, None),
    ("Văn phòng HĐND và UBND huyện\nPhòng Nội vụ; UBND các xã, thị trấn\n", None, None, None),
    ("Kế hoạch của UBND thành phố Phan Rang - Tháp Chàm, tỉnh Ninh Thuận về chuyển đổi số.\n",
     "Phan Rang - Tháp Chàm", "Ninh Thuận", "Ninh Thuận"),
    ("Các xã của thị xã Kỳ Anh triển khai Kế hoạch.\n", "Kỳ Anh", None, "Hà Tĩnh"),
    ("UBND huyện Ninh Sơn Về việc triển khai\n", "Ninh Sơn", None, "Ninh Thuận"),
])
def test_metadata_places_in_running_text_are_known_places(rules, text, district, province, inferred):
    m = meta(text, rules)
    assert (m.district, m.province, m.province_inferred) == (district, province, inferred)


def test_metadata_issuer_header_with_a_hyphenated_city(rules):
    m = meta("UBND THÀNH PHỐ PHAN RANG - THÁP CHÀM     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKẾ HOẠCH\n"
             "Chuyển đổi số năm 2024\n", rules)
    assert (m.district, m.province_inferred) == ("Phan Rang - Tháp Chàm", "Ninh Thuận")


# origin: synthetic, web-copied layouts ("|" lines between header cells) in the words of
# provinces and bodies in neither gold set
NATIONAL_DECISION = """|
THỦ
TƯỚNG CHÍNH PHỦ
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 1188/QĐ-TTg
|
Hà Nội, ngày 14
tháng 10 năm 2025
|
QUYẾT ĐỊNH
PHÊ
DUYỆT CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ NGÀNH THỦY LỢI GIAI ĐOẠN 2026 - 2030
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Chương trình với các nội dung chính sau đây.
|
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Nguyễn Văn Bình
|
"""

CITY_DECISION = """|
ỦY BAN NHÂN
DÂN
THÀNH PHỐ HẢI PHÒNG
--------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
|
Số: 3301/QĐ-UBND
|
Hải Phòng, ngày 02 tháng 12 năm 2025
|
QUYẾT ĐỊNH
VỀ VIỆC BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ
TRONG GIÁO DỤC NĂM 2026
ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG
Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 03/4/2024 của UBND tỉnh Hải Dương (cũ);
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số trong giáo dục năm 2026.
"""

COMMUNE_PAGE = """KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026
Ngày 05 tháng 01 năm 2026 Ủy ban nhân dân xã Tân Lập đã ban hành Quyết định số 07/QĐ-UBND về Kế hoạch cải cách hành chính năm 2026
UBND xã Tân Lập ban hành Kế hoạch cải cách hành chính năm 2026 trên địa bàn xã, cụ thể như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Đẩy mạnh cải cách hành chính gắn với chuyển đổi số, xây dựng chính quyền số.
"""


def test_metadata_national_decision_that_approves_a_programme(rules):
    m = meta(NATIONAL_DECISION, rules)
    assert m.title == "CHUYỂN ĐỔI SỐ NGÀNH THỦY LỢI GIAI ĐOẠN 2026 - 2030"
    assert (m.doc_number, m.issue_date, m.province, m.district) == ("1188/QĐ-TTg", dt.date(2025, 10, 14), None, None)
    assert (m.signer, m.signer_title, m.plan_year) == ("Nguyễn Văn Bình", "Phó Thủ tướng", 2026)


def test_metadata_city_under_the_central_government_is_a_province(rules):
    m = meta(CITY_DECISION, rules)
    assert (m.province, m.district) == ("Hải Phòng", None)
    assert m.title == "CHUYỂN ĐỔI SỐ TRONG GIÁO DỤC NĂM 2026"
    assert m.plan_year == 2026


def test_metadata_page_lead_names_the_issuing_decision(rules):
    m = meta(COMMUNE_PAGE, rules)
    assert (m.doc_number, m.issue_date) == ("07/QĐ-UBND", dt.date(2026, 1, 5))
    assert m.title == "cải cách hành chính năm 2026 trên địa bàn xã"
    assert m.plan_kind == "other"  # an administrative-reform plan that names digital government as one area


@pytest.mark.parametrize("title_block,year", [
    ("Phát triển hạ tầng số giai đoạn 2026 - 2030, tầm nhìn đến năm 2045", 2026),  # the period, not the horizon
    ("Chuyển đổi số năm 2026 và các năm tiếp theo", 2026),
    ("Thực hiện lộ trình đổi mới công nghệ đến năm 2035", 2035),
])
def test_metadata_plan_year_in_guidelines_order(rules, title_block, year):
    text = f"ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 9/KH-UBND\nSơn La, ngày 3 tháng 12 năm 2025\nKẾ HOẠCH\n{title_block}\n"
    assert meta(text, rules).plan_year == year


def test_metadata_a_dates_year_is_no_plan_year(rules):
    text = "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSơn La, ngày 3 tháng 12 năm 2025\nKẾ HOẠCH\nThực hiện Nghị định 200\n"
    assert meta(text, rules).plan_year is None


def test_own_numbers_are_no_references(rules):
    from pipeline.extract.legal_refs import extract as refs_of

    text = COMMUNE_PAGE + "\nPHỤ LỤC\n(Kèm theo Kế hoạch số 15/KH-UBND ngày 06/01/2026 của UBND xã Tân Lập)\n"
    seg = segment(SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text), normalize(text, rules), rules)
    list(extract(seg, rules))  # metadata first, as the registry runs it
    assert [r.code for r in refs_of(seg, rules)] == []
