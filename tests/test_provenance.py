"""Every row of every table points into its source, and the source at that span holds
the value as printed (CONTRACT.md) — checked on the dev corpus and on data/raw."""
from __future__ import annotations

import bisect
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.normalize import normalize
from pipeline.numbers import parse_number
from pipeline.rules import default_rules

from .conftest import read_table

SPAN_TABLES = ["legal_references", "percentages", "targets", "responsibilities", "budget_items",
               "budget_tables", "budget_audit"]


def _sources(out: Path) -> dict[str, tuple[str, list[int] | None]]:
    texts = {r["doc_id"]: (r["text"], r["page_starts"]) for r in read_table(out, "document_text")}
    for d in read_table(out, "documents"):
        if d["doc_id"] not in texts:
            texts[d["doc_id"]] = (Path(d["source_path"]).read_bytes().decode(
                "utf-16" if Path(d["source_path"]).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"), None)
    return texts


def _nfc_compact(s: str) -> str:
    """NFC, no spacing, one kind of dash: the normalize stage's own folding of the source."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s)).replace("–", "-").replace("—", "-")


def _check_value(table: str, row: dict, span: str) -> None:
    if table in ("percentages", "targets"):
        nums = [parse_number(m) for m in re.findall(r"\d+(?:[.,]\d+)*", span)]
        assert row["value"] in nums, f"{row['value']} not printed in {span!r}"
    elif table == "legal_references" and row["code"]:
        assert _nfc_compact(row["code"]) in _nfc_compact(span)
    elif table == "legal_references":
        assert _nfc_compact(row["name"]).lower() in _nfc_compact(span).lower()
    elif table == "budget_items" and row["amount_vnd"] is not None:
        digits = re.sub(r"\D", "", span)
        assert digits == str(row["amount_vnd"] // (row["precision_vnd"] or 1)), (row, span)
    elif table == "responsibilities":  # the name as written, after the normalize stage's repairs
        written = _nfc_compact(normalize(span, default_rules()).text).lower()
        assert _nfc_compact(row["unit_as_written"]).lower() in written, (row, span)


@pytest.mark.parametrize("which", ["dev_out", "raw_out"])
@pytest.mark.parametrize("table", SPAN_TABLES)
def test_provenance_every_row(request, which, table):
    out = request.getfixturevalue(which)
    sources = _sources(out)
    rows = read_table(out, table)
    for row in rows:
        text, page_starts = sources[row["doc_id"]]
        a, b = row["char_start"], row["char_end"]
        assert 0 <= a < b <= len(text), row
        if page_starts:
            assert row["page"] == bisect.bisect_right(page_starts, a)
        else:
            assert row["page"] is None
        assert row["line"] == text.count("\n", 0, a) + 1
        _check_value(table, row, text[a:b])
