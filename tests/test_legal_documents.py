"""legal_documents links citations across plans, and is rebuilt right on incremental runs."""
from __future__ import annotations

import datetime as dt

from pipeline.legal_documents import build
from pipeline.run import ingest_paths

from .conftest import read_table

PLAN_A = """KẾ HOẠCH
Chuyển đổi số huyện Đơn Dương năm 2024
Thực hiện Kế hoạch số 137/KH-UBND ngày 04/4/2022 của UBND huyện; Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ.
Ủy ban nhân dân huyện Đơn Dương ban hành Kế hoạch.
"""
PLAN_B = """KẾ HOẠCH
Chuyển đổi số huyện Lạc Dương năm 2024
Thực hiện Kế hoạch số 137/KH-UBND ngày 07/10/2021 của UBND huyện; Nghị định 47/2020/NĐ-CP.
Ủy ban nhân dân huyện Lạc Dương ban hành Kế hoạch.
"""
PLAN_C = """KẾ HOẠCH
Chính quyền số huyện Lâm Hà năm 2024
Căn cứ Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ.
Ủy ban nhân dân huyện Lâm Hà ban hành Kế hoạch.
"""


def _docs(out):
    return {(r["code"], r["issuer_resolved"]): r for r in read_table(out, "legal_documents")}


def test_legal_documents_same_code_two_districts_and_incremental(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(PLAN_A, encoding="utf-8")
    (src / "b.txt").write_text(PLAN_B, encoding="utf-8")
    out = tmp_path / "out"
    ingest_paths([str(src)], out, progress=False)
    docs = _docs(out)
    assert ("137/KH-UBND", "UBND huyện Đơn Dương") in docs and ("137/KH-UBND", "UBND huyện Lạc Dương") in docs
    assert docs[("47/2020/NĐ-CP", "Chính phủ")]["n_citing_docs"] == 2
    (src / "c.txt").write_text(PLAN_C, encoding="utf-8")
    ingest_paths([str(src)], out, progress=False)
    assert _docs(out)[("47/2020/NĐ-CP", "Chính phủ")]["n_citing_docs"] == 3


def test_legal_documents_undated_mention_joins_dated_one():
    refs = [
        {"doc_id": "a", "code": "12/KH-UBND", "name": None, "ref_type": "Kế hoạch", "issuer": "UBND tỉnh",
         "issuer_resolved": "UBND tỉnh Lâm Đồng", "ref_date": dt.date(2023, 1, 2)},
        {"doc_id": "b", "code": "12/KH-UBND", "name": None, "ref_type": "Kế hoạch", "issuer": "Ủy ban nhân dân tỉnh",
         "issuer_resolved": "Ủy ban nhân dân tỉnh Lâm Đồng", "ref_date": None},
    ]
    rows = build(refs).to_pylist()
    assert len(rows) == 1 and rows[0]["year"] == 2023 and rows[0]["n_citing_docs"] == 2
