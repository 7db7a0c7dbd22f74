from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.legal_refs import extract, parse_date
from pipeline.model import SourceDoc
from pipeline.normalize import normalize
from pipeline.segment import segment


def refs(text, rules):
    doc = SourceDoc("d", "x.txt", "x.txt", "0" * 64, "text", text)
    return list(extract(segment(doc, normalize(text, rules), rules), rules))


# origin: synthetic (shapes of ND 30/2020 and party documents, not copied from a sample)
CASES = [
    ("Thực hiện Quyết định số 12/QĐ-UBND ngày 05/3/2024 của UBND huyện Đơn Dương về việc x.",
     ("Quyết định", "12/QĐ-UBND", dt.date(2024, 3, 5), "UBND huyện Đơn Dương")),
    ("Căn cứ Nghị định 47/2020/NĐ-CP ngày 09 tháng 4 năm 2020 của Chính phủ;",
     ("Nghị định", "47/2020/NĐ-CP", dt.date(2020, 4, 9), "Chính phủ")),
    ("Nghị quyết số 35-NQ/HU ngày 21tháng 4 năm 2022 của Ban Thường vụ Huyện ủy về chuyển đổi số",
     ("Nghị quyết", "35-NQ/HU", dt.date(2022, 4, 21), "Ban Thường vụ Huyện ủy")),
    ("theo Tờ trình số 77/TTr-SNV ngày 19-01-2022 của Sở Nội vụ.", ("Tờ trình", "77/TTr-SNV", dt.date(2022, 1, 19), "Sở Nội vụ")),
    ("Công văn số 2871/STTTT-CNTT.", ("Công văn", "2871/STTTT-CNTT", None, None)),
    ("Kế hoạch số 3494/KH-UBND-VH ngày 16/11/2021", ("Kế hoạch", "3494/KH-UBND-VH", dt.date(2021, 11, 16), None)),
    ("văn bản 1283/UBND-TH của UBND tỉnh", ("Văn bản", "1283/UBND-TH", None, "UBND tỉnh")),
    ("Quyết định số 118 /QĐ-UBND", ("Quyết định", "118/QĐ-UBND", None, None)),
    ("ý kiến tại 412/QĐ-BCĐ", ("Quyết định", "412/QĐ-BCĐ", None, None)),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_legal_refs_shapes(rules, text, expected):
    found = refs(text, rules)
    assert [(r.ref_type, r.code, r.ref_date, r.issuer) for r in found] == [expected]


def test_legal_refs_list_shares_type(rules):
    found = refs("các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND và 3/QĐ-UBND của UBND tỉnh", rules)
    assert [(r.ref_type, r.code) for r in found] == [("Quyết định", "1/QĐ-UBND"), ("Quyết định", "2/QĐ-UBND"),
                                                     ("Quyết định", "3/QĐ-UBND")]


@pytest.mark.parametrize("text", ["Số:      /KH-UBND", "điện thoại: 0263.3822.123", "ngày 19/01/2022",
                                  "đứng thứ 02/07 huyện", "mạng 4G/5G"])
def test_legal_refs_not_references(rules, text):
    assert refs(text, rules) == []


def test_legal_refs_laws_and_schemes_by_name(rules):
    found = refs("theo Luật An toàn thông tin mạng và Đề án 06 của Chính phủ.", rules)
    assert [(r.ref_type, r.name, r.code) for r in found] == [("Luật", "Luật An toàn thông tin mạng", None),
                                                             ("Đề án", "Đề án 06", None)]


@pytest.mark.parametrize("s,expected", [("19/01/2022", dt.date(2022, 1, 19)), ("19-01-2022", dt.date(2022, 1, 19)),
                                        ("ngày 21 tháng 4 năm 2022", dt.date(2022, 4, 21)),
                                        ("21tháng 4 năm 2022", dt.date(2022, 4, 21)), ("31/02/2022", None),
                                        ("", None), (None, None)])
def test_legal_refs_parse_date(s, expected):
    assert parse_date(s) == expected


SYMBOL = st.sampled_from(["QĐ", "KH", "NĐ", "TT", "CT", "NQ", "CTr", "TTr", "BC", "TB", "HD"])
ISSUER = st.sampled_from(["UBND", "CP", "TTg", "BTTTT", "SNV", "STTTT", "HĐND", "BCĐ"])


@given(st.integers(1, 99999), st.one_of(st.none(), st.integers(1990, 2030)), SYMBOL, ISSUER,
       st.one_of(st.none(), st.sampled_from(["VH", "TH", "CNTT"])))
def test_legal_refs_generated_codes_parse_back(n, year, symbol, issuer, unit):
    from pipeline.rules import default_rules

    code = f"{n}/" + (f"{year}/" if year else "") + f"{symbol}-{issuer}" + (f"-{unit}" if unit else "")
    found = refs(f"Thực hiện văn bản số {code} ngày 01/02/2023 của UBND tỉnh.", default_rules())
    assert [r.code for r in found] == [code]


@given(st.integers(1, 999), st.sampled_from(["NQ", "CTr", "KL", "CT", "QĐ"]), st.sampled_from(["TW", "TU", "HU", "ĐU"]))
def test_legal_refs_generated_party_codes_parse_back(n, symbol, organ):
    from pipeline.rules import default_rules

    code = f"{n:02d}-{symbol}/{organ}"
    assert [r.code for r in refs(f"Thực hiện Nghị quyết số {code} của Tỉnh ủy", default_rules())] == [code]


@given(st.text(max_size=120))
def test_legal_refs_junk_never_raises(s):
    from pipeline.rules import default_rules

    refs(s, default_rules())
    parse_date(s)


def test_legal_refs_short_name_defined_in_text(rules):
    text = ("Thực hiện Nghị quyết số 12-NQ/HU ngày 05/3/2023 của Ban Thường vụ Huyện ủy (sau đây gọi tắt là "
            "Nghị quyết 12).\n- Triển khai các nhiệm vụ của Nghị quyết 12 trên địa bàn.\n")
    found = refs(text, rules)
    assert [r.code for r in found] == ["12-NQ/HU", "12-NQ/HU"]
    assert text[found[1].char_start:found[1].char_end] == "Nghị quyết 12"


# origin: synthetic, in the words of provinces in neither gold set (Quảng Ninh, Sơn La, Thái Nguyên)
@pytest.mark.parametrize("text,expected", [
    ("Căn cứ Luật Phòng, chống tham nhũng ngày 20 tháng 11 năm 2018;",
     [("Luật", None, "Luật Phòng, chống tham nhũng", dt.date(2018, 11, 20))]),
    ("Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;",
     [("Luật", None, "Luật Quản lý, sử dụng tài sản công", dt.date(2017, 6, 21))]),
    ("Căn cứ Luật Đo đạc và bản đồ ngày 14 tháng 6 năm 2018 và Luật Quy hoạch;",
     [("Luật", None, "Luật Đo đạc và bản đồ", dt.date(2018, 6, 14)), ("Luật", None, "Luật Quy hoạch", None)]),
    ("Căn cứ Luật Đầu tư theo phương thức đối tác công tư ngày 18 tháng 6 năm 2020;",
     [("Luật", None, "Luật Đầu tư theo phương thức đối tác công tư", dt.date(2020, 6, 18))]),
    # a law cited with its number is keyed by the number only
    ("Căn cứ Luật Giáo dục số 43/2019/QH14 ngày 14 tháng 6 năm 2019;",
     [("Luật", "43/2019/QH14", None, dt.date(2019, 6, 14))]),
    # an amending law is one reference, the laws in its name none of their own; codes inside count
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Giáo dục nghề nghiệp, Luật Việc làm số 38/2013/QH13 "
     "và Luật Bảo hiểm xã hội ngày 25 tháng 6 năm 2025;",
     [("Luật", None, "Luật sửa đổi, bổ sung một số điều của Luật Giáo dục nghề nghiệp, Luật Việc làm số "
       "38/2013/QH13 và Luật Bảo hiểm xã hội", dt.date(2025, 6, 25)),
      ("Luật", "38/2013/QH13", None, None)]),
    ("theo quy định của Luật Ngân sách nhà nước, Luật Đầu tư công và pháp luật có liên quan.",
     [("Luật", None, "Luật Ngân sách nhà nước", None), ("Luật", None, "Luật Đầu tư công", None)]),
    ("Luật Quy hoạch và xây dựng các văn bản hướng dẫn thi hành.", [("Luật", None, "Luật Quy hoạch", None)]),
    ("triển khai Đề án “Phát triển du lịch cộng đồng tỉnh Sơn La đến năm 2030” trên địa bàn tỉnh",
     [("Đề án", None, "Đề án “Phát triển du lịch cộng đồng tỉnh Sơn La đến năm 2030”", None)]),
])
def test_legal_refs_laws_by_name(rules, text, expected):
    found = refs(text, rules)
    assert [(r.ref_type, r.code, r.name, r.ref_date) for r in found] == expected


@pytest.mark.parametrize("text,code", [
    ("Căn cứ Nghị định số 45/2020/NĐ -CP ngày 08/4/2020 của Chính phủ", "45/2020/NĐ-CP"),
    ("Căn cứ Nghị quyết số 12.1/2024/NQ-CP ngày 02/02/2024", "12.1/2024/NQ-CP"),
    ("Thực hiện Nghị quyết số 21- NQ/TU ngày 10/5/2025 của Tỉnh ủy Quảng Ninh", "21-NQ/TU"),
    ("Xét đề nghị tại Tờ trình số 431/TTr- SKHCN ngày 03/3/2025", "431/TTr-SKHCN"),
    ("Quyết định số 15/2023/QĐ- UBND ngày 5/5/2023", "15/2023/QĐ-UBND"),
])
def test_legal_refs_codes_printed_with_a_space_or_a_sub_number(rules, text, code):
    assert [r.code for r in refs(text, rules)] == [code]


def test_legal_refs_dash_between_words_is_no_symbol(rules):
    found = refs("theo Kế hoạch số 12/KH-UBND - Sở Nội vụ theo dõi", rules)
    assert [r.code for r in found] == ["12/KH-UBND"]


def test_legal_refs_a_session_number_is_not_part_of_the_symbol(rules):
    found = refs("Căn cứ Luật Thủ đô số 39/2024/QH15;", rules)
    assert [(r.ref_type, r.code) for r in found] == [("Luật", "39/2024/QH15")]


@pytest.mark.parametrize("text,expected", [
    # list members share the issuer named after the last one
    ("theo Thông tư số 12/2021/TT-BYT ngày 5/6/2021 và Thông tư số 3/2022/TT-BYT ngày 1/2/2022 của Bộ Y tế",
     [("12/2021/TT-BYT", "Bộ Y tế"), ("3/2022/TT-BYT", "Bộ Y tế")]),
    # a plural opener names the issuer of the list after its colon
    ("Căn cứ các Quyết định của Thủ tướng Chính phủ về phê duyệt quy hoạch: Quyết định số 320/QĐ-TTg ngày "
     "4/3/2023 phê duyệt Quy hoạch tỉnh Sơn La; Quyết định số 81/QĐ-TTg ngày 2/2/2023 phê duyệt Quy hoạch tỉnh "
     "Quảng Ninh.", [("320/QĐ-TTg", "Thủ tướng Chính phủ"), ("81/QĐ-TTg", "Thủ tướng Chính phủ")]),
    # the issuer ends where the citation's subject begins
    ("Thông báo số 71/TB-VPCP ngày 3/4/2025 của Văn phòng Chính phủ Kết luận của Phó Thủ tướng",
     [("71/TB-VPCP", "Văn phòng Chính phủ")]),
])
def test_legal_refs_issuers(rules, text, expected):
    assert [(r.code, r.issuer) for r in refs(text, rules)] == expected


def test_legal_refs_scheme_a_cited_decision_approves_is_its_subject(rules):
    found = refs("Quyết định số 55/QĐ-UBND ngày 3/1/2023 của UBND tỉnh Sơn La phê duyệt Đề án “Chuyển đổi số "
                 "tỉnh Sơn La”;", rules)
    assert [(r.code, r.name) for r in found] == [("55/QĐ-UBND", None)]
