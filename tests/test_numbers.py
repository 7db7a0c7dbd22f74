from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.numbers import (
    Reading,
    decimals_printed,
    parse_amount,
    parse_decimal,
    parse_number,
    read_table_amounts,
    words_to_vnd,
)

# (printed, scale, đồng) — origin: dev (as printed in the dev corpus) or synthetic
AMOUNTS = [
    ("1.374.306", "đồng", 1_374_306),             # dev
    ("9.179,0", "triệu đồng", 9_179_000_000),     # dev
    ("601,586", "triệu đồng", 601_586_000),       # dev
    ("201,519.636", "triệu đồng", 201_519_636),   # dev: decimal comma, then a stray grouping dot
    ("565.300.000", "đồng", 565_300_000),         # dev
    ("12.779,0", "triệu đồng", 12_779_000_000),   # dev
    ("1,374,306", "đồng", 1_374_306),             # synthetic: English grouping
    ("2,5", "tỷ đồng", 2_500_000_000),            # synthetic
    ("150", "nghìn đồng", 150_000),               # synthetic
]


@pytest.mark.parametrize("printed,scale,expected", AMOUNTS)
def test_numbers_parse_amount(printed, scale, expected):
    assert parse_amount(printed, scale) == expected


@pytest.mark.parametrize("printed,expected", [("95,5", 95.5), ("100", 100.0), ("95.5", 95.5), ("925,73", 925.73)])
def test_numbers_parse_number(printed, expected):
    assert parse_number(printed) == expected


@pytest.mark.parametrize("junk", ["", "abc", "1..2", ",", "%", "１２", "1,2,3.4.5", None])
def test_numbers_junk_is_none(junk):
    assert parse_decimal(junk) is None


@pytest.mark.parametrize("printed,digits", [("601,586", 3), ("9.179,0", 1), ("1.374.306", 0), ("95.5", 1)])
def test_numbers_decimals_printed(printed, digits):
    assert decimals_printed(printed) == digits


@pytest.mark.parametrize("words,expected", [
    ("Chín tỷ một trăm bảy mươi chín triệu đồng Việt Nam", 9_179_000_000),       # dev
    ("Một tỷ, ba trăm bảy mươi bốn triệu, ba trăm lẻ sáu nghìn đồng", 1_374_306_000),  # dev
    ("Năm trăm năm mươi bảy triệu đồng", 557_000_000),                            # dev
    ("Một tỷ năm trăm bốn lăm triệu đồng", 1_545_000_000),                        # dev
    ("hai nghìn sáu trăm mười lăm tỷ đồng", 2_615_000_000_000),                   # dev2: thousands of billions
    ("mười hai tỷ ba trăm triệu đồng", 12_300_000_000),                           # synthetic
])
def test_numbers_words_to_vnd(words, expected):
    assert words_to_vnd(words) == expected


@given(st.text(max_size=40))
def test_numbers_never_raise(s):
    parse_decimal(s)
    parse_amount(s, "triệu đồng")
    words_to_vnd(s)


@given(st.integers(min_value=0, max_value=10**12))
def test_numbers_vietnamese_grouping_round_trips(n):
    printed = f"{n:,}".replace(",", ".")
    assert parse_amount(printed, "đồng") == n


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=999))
def test_numbers_decimal_comma_round_trips(whole, frac):
    printed = f"{whole:,}".replace(",", ".") + f",{frac:03d}"
    assert parse_amount(printed, "triệu đồng") == whole * 1_000_000 + frac * 1_000


@pytest.mark.parametrize("printed,scale,expected", [
    # dev 004: rows print a decimal comma and three decimals; the total's dots slipped
    (["601,586", "329,586", "636,72", "1.374.306"], "triệu đồng",
     [Reading(601_586_000, None, 1000), Reading(329_586_000, None, 1000), Reading(636_720_000, None, 10_000),
      Reading(1_374_306_000, 1_374_306_000_000, 1000)]),
    # dev2 d2f01: dots group thousands throughout, no decimals: read as printed
    (["26.811.096", "0", "12.900"], "triệu đồng",
     [Reading(26_811_096_000_000, None, 1_000_000), Reading(0, None, 1_000_000),
      Reading(12_900_000_000, None, 1_000_000)]),
    # a table of đồng: grouped figures are never decimals
    (["1.500.000.000", "1.364.329.243"], "đồng", [Reading(1_500_000_000, None, 1), Reading(1_364_329_243, None, 1)]),
])
def test_numbers_read_by_the_tables_convention(printed, scale, expected):
    assert read_table_amounts(printed, scale) == expected
