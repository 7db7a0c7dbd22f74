"""Golden snapshots of the output on data/raw. Regenerate only on purpose, with
``make golden``, and say in the commit what changed and why.

A missing snapshot fails; in CI the update flag is refused."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from pipeline.schema import TABLES

from .conftest import read_table

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KEHOACH_UPDATE_GOLDEN") == "1"
if UPDATE and os.environ.get("CI"):
    raise RuntimeError("KEHOACH_UPDATE_GOLDEN is set in CI: golden files change only by `make golden`, on purpose")


def _plain(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def snapshot(out: Path, table: str) -> list:
    names = {d["doc_id"]: d["source_name"] for d in read_table(out, "documents")}
    rows = []
    for r in read_table(out, table):
        r = {k: _plain(v) for k, v in r.items()}
        r["doc"] = names.get(r.pop("doc_id", None))
        if "citing_doc_ids" in r:
            r["citing_doc_ids"] = sorted(names.get(d) for d in r["citing_doc_ids"])
        if table == "document_text":
            r["text"] = hashlib.sha256(r["text"].encode()).hexdigest()
        if table in ("documents", "errors"):
            r.pop("source_path", None)
            r.pop("rules_version", None)
        if table == "errors":
            r["message"] = r["message"].rsplit("/", 1)[-1]
        rows.append(r)
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))


def test_golden_flag_is_off_in_ci():
    assert not (UPDATE and os.environ.get("CI")), "KEHOACH_UPDATE_GOLDEN must not be set in CI"


@pytest.mark.parametrize("table", [*TABLES, "legal_documents"])
def test_golden_raw_output(raw_out, table):
    path = GOLDEN / f"{table}.json"
    got = snapshot(raw_out, table)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: run with KEHOACH_UPDATE_GOLDEN=1 once, and review it"
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want
