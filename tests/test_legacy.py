"""Pre-Unicode Vietnamese text (TCVN3, VNI, Windows-1258) to Unicode: the tables' own
examples, round trips over every letter each encoding has, text files in each, and a
dev plan in TCVN3 giving the rows of its Unicode original."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline import errors, legacy
from pipeline.ingest import read_source
from pipeline.model import LegalRef, Percentage, Target
from pipeline.rules import default_rules
from pipeline.run import extract_all

from .conftest import SAMPLES

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền sắc hỏi ngã nặng
ENC = default_rules().encodings


def marked_letters() -> list[str]:
    """Every lower-case Vietnamese letter with a mark: 12 vowels with no tone or one of
    five, and đ (the plain a e i o u y left out)."""
    out = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ["", *TONES]} | {"đ"}
    return sorted(out - set("aeiouy"))


def tcvn3_bytes(text: str) -> bytes:
    """Unicode → TCVN3 by the table in rules/encodings.yaml read backwards (capitals it has
    no code for are written in lower case, as a .VnTime font user would)."""
    back = {u: a for legacy_chars, uni in ENC.tcvn3.rows for a, u in zip(legacy_chars, uni, strict=True)}
    chars = "".join(back.get(ch, back.get(ch.lower(), ch)) for ch in unicodedata.normalize("NFC", text))
    return b"".join(_byte(ch) for ch in chars)


def _byte(ch: str) -> bytes:
    """A legacy file's byte: Latin-1, or Windows punctuation (… “ ”), or "?" as Word wrote
    what the code page lacks."""
    try:
        return ch.encode("latin-1")
    except UnicodeEncodeError:
        return ch.encode("cp1252", errors="replace")


def vni_text(text: str) -> str:
    back = {u: seq for seq, u in ENC.vni.sequences.items()}
    return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 writes the tone as a combining mark after a letter that keeps its hat,
    breve or horn."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_table_examples(encoding):
    for given, expected in getattr(ENC, encoding).examples:
        assert legacy.to_unicode(given, encoding) == expected


@pytest.mark.parametrize("letter", marked_letters())
def test_tcvn3_round_trip_every_lower_case_letter(letter):
    assert legacy.to_unicode(tcvn3_bytes(letter).decode("latin-1"), "tcvn3") == letter


@pytest.mark.parametrize("capital", list("ĂÂÊÔƠƯĐ"))
def test_tcvn3_round_trip_its_capitals(capital):
    assert legacy.to_unicode(tcvn3_bytes(capital).decode("latin-1"), "tcvn3") == capital


@pytest.mark.parametrize("letter", marked_letters() + [c.upper() for c in marked_letters()])
def test_vni_and_cp1258_round_trip_every_letter(letter):
    assert legacy.to_unicode(vni_text(letter), "vni") == letter
    assert legacy.to_unicode(cp1258_bytes(letter).decode("latin-1"), "cp1258") == letter


def test_tcvn3_capitals_font_prints_capitals():
    assert legacy.to_unicode("Céng hoµ x· héi", "tcvn3", capitals=True) == "CỘNG HOÀ XÃ HỘI"


SENTENCE = "Căn cứ Quyết định số 118/QĐ-UBND ngày 19/01/2022 của Ủy ban nhân dân huyện về việc thực hiện kế hoạch."


@pytest.mark.parametrize("encoding,data", [
    ("tcvn3", tcvn3_bytes(SENTENCE)),
    ("vni", vni_text(SENTENCE).encode("latin-1")),
    ("cp1258", cp1258_bytes(SENTENCE)),
    ("tcvn3", tcvn3_bytes(SENTENCE).decode("latin-1").encode("utf-8")),  # read as Latin-1, saved as UTF-8
])
def test_legacy_text_file_is_converted(tmp_path, encoding, data):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    doc = read_source(path)
    assert doc.encoding == encoding
    expected = SENTENCE.replace("Ủy", "ủy") if encoding == "tcvn3" else SENTENCE  # no TCVN3 code for Ủ
    assert doc.text == expected


def test_undecidable_bytes_stay_an_unknown_encoding(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0xA0, 0x100)) * 4)
    with pytest.raises(errors.UnknownEncoding, match="tcvn3, vni, cp1258"):
        read_source(path)


@pytest.mark.parametrize("plan", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_tcvn3_plan_gives_the_rows_of_its_unicode_original(tmp_path, rules, plan):
    """A dev plan written in TCVN3 (as its typists wrote "Uỷ ban"; the capitals TCVN3
    cannot write fall to lower case, as a heading typed for a .VnTimeH font does): the
    same legal codes, percentages and targets as its Unicode text. Rows that hang on a
    heading's capitals (a "TỔNG" row, a "TỔ CHỨC THỰC HIỆN" section) are the case aside."""
    converted = tmp_path / "tcvn3.txt"
    converted.write_bytes(tcvn3_bytes(plan.read_text(encoding="utf-8").replace("Ủy", "Uỷ")))

    def rows(path):
        recs, _ = extract_all(read_source(path), rules)
        return (sorted(r.code.lower() for r in recs if isinstance(r, LegalRef) and r.code),
                sorted(r.value for r in recs if isinstance(r, Percentage)),
                sorted(((r.value, r.unit, r.comparator, r.deadline_year) for r in recs if isinstance(r, Target)), key=str))

    original = rows(plan)
    assert original[0] and original[1]
    assert rows(converted) == original
