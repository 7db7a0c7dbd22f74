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
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa
import regex

from .normalize import fold

SCHEMA = pa.schema([
    ("legal_doc_id", pa.string()), ("code", pa.string()), ("name", pa.string()), ("ref_type", pa.string()),
    ("issuer", pa.string()), ("issuer_resolved", pa.string()), ("year", pa.int32()), ("ref_date", pa.date32()),
    ("n_mentions", pa.int64()), ("n_citing_docs", pa.int64()), ("citing_doc_ids", pa.list_(pa.string())),
])

_CODE_YEAR = regex.compile(r"/((?:19|20)\d{2})/")
_SPACES = regex.compile(r"\s+")
_NOT_WORD = regex.compile(r"[^\w]+")
_SHORT_NAMES = [(regex.compile(rf"\b{short}\b"), full)
                for short, full in (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"))]


def code_key(code: str | None) -> str:
    s = unicodedata.normalize("NFC", code or "").upper()
    return _SPACES.sub("", s).replace("Đ", "D").replace("–", "-")


def issuer_key(issuer: str | None) -> str:
    s = fold(issuer or "")
    for short, full in _SHORT_NAMES:
        s = short.sub(full, s)
    return " ".join(_NOT_WORD.sub(" ", s).split())


def _year(row: dict) -> int | None:
    if row.get("ref_date"):
        return row["ref_date"].year
    m = _CODE_YEAR.search(row.get("code") or "")
    return int(m.group(1)) if m else None


@dataclass
class _Group:
    """What is kept of the mentions of one (code, issuer): counts, not the mentions."""

    fields: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_year: dict[int | None, tuple[Counter, set]] = field(default_factory=dict)

    def add(self, r: dict) -> None:
        for name in ("code", "name", "ref_type", "issuer", "issuer_resolved", "ref_date"):
            if r.get(name) is not None:
                self.fields[name][r[name]] += 1
        mentions, docs = self.by_year.setdefault(_year(r), (Counter(), set()))
        mentions["n"] += 1
        docs.add(r["doc_id"])


def build(refs: Iterable[dict]) -> pa.Table:
    """refs may be a stream (one batch of rows at a time): memory grows with the number
    of distinct documents, not of mentions."""
    groups: dict[tuple[str, str], _Group] = defaultdict(_Group)
    for r in refs:
        key = code_key(r["code"]) if r.get("code") else "NAME:" + fold(r.get("name") or "")
        if key not in ("", "NAME:"):
            groups[(key, issuer_key(r.get("issuer_resolved")))].add(r)
    rows = []
    for (key, ikey), g in sorted(groups.items()):
        years = {y for y in g.by_year if y}
        merged: dict[int | None, tuple[int, set]] = defaultdict(lambda: (0, set()))
        for y, (mentions, docs) in g.by_year.items():
            target = y if y or len(years) != 1 else next(iter(years))  # undated joins the one dated
            n, d = merged[target]
            merged[target] = (n + mentions["n"], d | docs)
        for year, (n, docs) in sorted(merged.items(), key=lambda kv: kv[0] or 0):
            rows.append(_row(key, ikey, year, n, docs, g.fields))
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _top(counter: Counter):
    return counter.most_common(1)[0][0] if counter else None


def _row(key: str, ikey: str, year: int | None, n: int, docs: set, fields: dict[str, Counter]) -> dict:
    ident = f"{key}|{ikey}|{year or ''}"
    citing = sorted(docs)
    return {
        "legal_doc_id": hashlib.sha1(ident.encode()).hexdigest()[:16],
        **{name: _top(fields.get(name, Counter())) for name in
           ("code", "name", "ref_type", "issuer", "issuer_resolved", "ref_date")},
        "year": year, "n_mentions": n, "n_citing_docs": len(citing), "citing_doc_ids": citing,
    }
