"""legal_documents: one row per distinct cited document across the whole dataset.

A citation's identity is its code plus its issuer resolved to a place ("UBND huyện" in
a Ninh Sơn plan is UBND huyện Ninh Sơn) plus its year: "137/KH-UBND" of two districts
are two documents. Mentions without a year join the dated document of the same code
and issuer when there is exactly one. Rebuilt from legal_references on every run.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict

import pyarrow as pa
import regex

from .normalize import fold

SCHEMA = pa.schema([
    ("legal_doc_id", pa.string()), ("code", pa.string()), ("name", pa.string()), ("ref_type", pa.string()),
    ("issuer", pa.string()), ("issuer_resolved", pa.string()), ("year", pa.int32()), ("ref_date", pa.date32()),
    ("n_mentions", pa.int64()), ("n_citing_docs", pa.int64()), ("citing_doc_ids", pa.list_(pa.string())),
])

_CODE_YEAR = regex.compile(r"/((?:19|20)\d{2})/")


def code_key(code: str | None) -> str:
    s = unicodedata.normalize("NFC", code or "").upper()
    return regex.sub(r"\s+", "", s).replace("Đ", "D").replace("–", "-")


def issuer_key(issuer: str | None) -> str:
    s = fold(issuer or "")
    for short, full in (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan")):
        s = regex.sub(rf"\b{short}\b", full, s)
    return " ".join(regex.sub(r"[^\w]+", " ", s).split())


def _year(row: dict) -> int | None:
    if row.get("ref_date"):
        return row["ref_date"].year
    m = _CODE_YEAR.search(row.get("code") or "")
    return int(m.group(1)) if m else None


def build(refs: list[dict]) -> pa.Table:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in refs:
        key = code_key(r["code"]) if r.get("code") else "NAME:" + fold(r.get("name") or "")
        if key in ("", "NAME:"):
            continue
        groups[(key, issuer_key(r.get("issuer_resolved")))].append(r)
    rows = []
    for (key, ikey), mentions in sorted(groups.items()):
        years = {y for y in (_year(m) for m in mentions) if y}
        by_year: dict[int | None, list[dict]] = defaultdict(list)
        for m in mentions:
            y = _year(m)
            by_year[y if y or len(years) != 1 else next(iter(years))].append(m)
        for year, ms in sorted(by_year.items(), key=lambda kv: kv[0] or 0):
            rows.append(_row(key, ikey, year, ms))
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _most_common(values):
    values = [v for v in values if v is not None]
    return Counter(values).most_common(1)[0][0] if values else None


def _row(key: str, ikey: str, year: int | None, ms: list[dict]) -> dict:
    ident = f"{key}|{ikey}|{year or ''}"
    citing = sorted({m["doc_id"] for m in ms})
    return {
        "legal_doc_id": hashlib.sha1(ident.encode()).hexdigest()[:16],
        "code": _most_common(m.get("code") for m in ms), "name": _most_common(m.get("name") for m in ms),
        "ref_type": _most_common(m.get("ref_type") for m in ms), "issuer": _most_common(m.get("issuer") for m in ms),
        "issuer_resolved": _most_common(m.get("issuer_resolved") for m in ms), "year": year,
        "ref_date": _most_common(m.get("ref_date") for m in ms), "n_mentions": len(ms),
        "n_citing_docs": len(citing), "citing_doc_ids": citing,
    }
