from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import nfc, normalize


def _source_of(mt, i, j, src):
    a, b = mt.span(i, j)
    return src[a:b]


def test_normalize_nfd_maps_to_source_clusters(rules):
    src = unicodedata.normalize("NFD", "Phòng Văn hóa và Thông tin")
    mt = normalize(src, rules)
    assert mt.text == "Phòng Văn hóa và Thông tin"
    i = mt.text.index("hóa")
    assert unicodedata.normalize("NFC", _source_of(mt, i, i + 3, src)) == "hóa"


def test_normalize_crlf_bom_and_u01a3(rules):
    src = "\ufeffPHƢƠNG HƢỚNG\r\nđạt 100%\r\n"
    mt = normalize(src, rules)
    assert mt.text == "PHƯƠNG HƯỚNG\nđạt 100%\n"
    i = mt.text.index("100%")
    assert _source_of(mt, i, i + 4, src) == "100%"


@pytest.mark.parametrize("given_,expected", [("Uỷ ban nhân dân", "Ủy ban nhân dân"), ("Văn hoá", "Văn hóa"),
                                               ("quý", "quý"), ("hoàn", "hoàn")])
def test_normalize_old_tone_placement(rules, given_, expected):
    assert normalize(given_, rules).text == expected


def test_normalize_code_spaces(rules):
    assert normalize("Quyết định số 118 /QĐ-UBND", rules).text == "Quyết định số 118/QĐ-UBND"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalize_offsets_always_inside_source(s):
    from pipeline.rules import default_rules

    mt = normalize(s, default_rules())
    assert len(mt.starts) == len(mt.text) == len(mt.ends)
    for a, b in zip(mt.starts, mt.ends, strict=True):
        assert 0 <= a <= b <= len(s)


# Latin letters, Vietnamese vowels and the combining marks that NFD text carries
_MARKED = st.text(alphabet=st.sampled_from(list("aeiouyAOUđ ơư\n") + ["\u0300", "\u0301", "\u0303", "\u0309",
                                                                      "\u0323", "\u0302", "\u031b", "\u0306"]),
                  max_size=60)


@given(_MARKED)
def test_nfc_is_unicodedata_nfc_with_each_cluster_mapped(s):
    mt = nfc(s)
    assert mt.text == unicodedata.normalize("NFC", s)
    assert len(mt.starts) == len(mt.text) == len(mt.ends)
    for k, ch in enumerate(mt.text):
        a, b = mt.starts[k], mt.ends[k]
        # the source span of a composed character holds what composes to it
        assert ch in unicodedata.normalize("NFC", s[a:b])
