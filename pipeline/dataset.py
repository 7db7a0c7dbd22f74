"""open_dataset: a DuckDB connection over a kehoach dataset, a view per table and the
joins analysts start from.

    import pipeline
    con = pipeline.open_dataset("data/parquet")
    con.sql("SELECT district, plan_year, subject, value FROM targets_by_plan WHERE unit = '%'").df()

Filters on ``part_province`` / ``part_year`` prune Parquet files (hive partitions).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

JOINS = {
    # every target with its plan's place, year and kind
    "targets_by_plan": """
        SELECT t.*, d.source_name, d.title, d.plan_kind, d.district,
               coalesce(d.province, d.province_inferred) AS province, d.province_2025, d.plan_year
        FROM targets t JOIN documents d USING (doc_id)""",
    # every (unit, role, task) with its plan
    "unit_tasks": """
        SELECT r.unit, r.role, r.task, r.doc_id, r.line, d.source_name, d.district,
               coalesce(d.province, d.province_inferred) AS province, d.plan_year
        FROM responsibilities r JOIN documents d USING (doc_id)""",
    # every audit finding with its table, the row whose figure it checks, and the plan
    "audit_findings": """
        SELECT a.doc_id, d.source_name, d.district, d.plan_year, a.table_id, bt.title AS table_title,
               bt.unit_scale, a."check", a.stated_vnd, a.computed_vnd, a.stated_vnd - a.computed_vnd AS difference_vnd,
               bi.label AS row_label, bi.kind AS row_kind, a.char_start, a.char_end, a.page, a.line
        FROM budget_audit a
        JOIN documents d USING (doc_id)
        LEFT JOIN budget_tables bt ON bt.doc_id = a.doc_id AND bt.table_id = a.table_id
        LEFT JOIN budget_items bi ON bi.doc_id = a.doc_id AND bi.table_id = a.table_id
             AND bi.char_start = a.char_start AND bi.char_end = a.char_end""",
}


def open_dataset(path: str | Path, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    root = Path(path)
    if not (root / "documents").exists():
        raise FileNotFoundError(f"{root}: not a kehoach dataset (no documents table); run `kehoach ingest` first")
    con = con or duckdb.connect()
    for table in sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        glob = str(root / table / "**" / "*.parquet").replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM "
                    f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)")
    for name, sql in JOINS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    return con
