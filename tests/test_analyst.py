"""The analyst's side: open_dataset views and joins, partition pruning, the notebook."""
from __future__ import annotations

import os

import pyarrow.compute as pc
import pyarrow.dataset as pads
import pytest

import pipeline

from .conftest import ROOT


def test_open_dataset_views_and_joins(raw_out):
    con = pipeline.open_dataset(raw_out)
    n_targets = con.execute("SELECT count(*) FROM targets").fetchall()[0][0]
    joined = con.execute("SELECT count(*), count(district) FROM targets_by_plan").fetchall()[0]
    assert n_targets > 0 and joined[0] == n_targets and joined[1] > 0
    leads = con.sql("SELECT unit, count(*) FROM unit_tasks WHERE role = 'lead' GROUP BY unit").fetchall()
    assert ("Phòng Văn hóa và Thông tin" in {u for u, _ in leads})
    rows = con.sql('SELECT "check", stated_vnd, computed_vnd, row_label FROM audit_findings').fetchall()
    assert ("header_vs_total", 12_779_000_000, 9_179_000_000, "HUYỆN BÌNH SƠN") in rows


def test_open_dataset_not_a_dataset(tmp_path):
    with pytest.raises(FileNotFoundError):
        pipeline.open_dataset(tmp_path)


def test_partition_filters_prune_files(raw_out):
    dataset = pads.dataset(str(raw_out / "targets"), format="parquet", partitioning="hive")
    every = list(dataset.get_fragments())
    pruned = list(dataset.get_fragments(filter=(pc.field("part_province") == "ninh-thuan")
                                        & (pc.field("part_year") == 2022)))
    assert 0 < len(pruned) < len(every)
    assert all("part_province=ninh-thuan" in f.path for f in pruned)


def test_notebook_runs_end_to_end(raw_out, tmp_path):
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    nb = jupytext.read(ROOT / "notebooks" / "explore.py")
    os.environ["KEHOACH_DATASET"] = str(raw_out)
    try:
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        os.environ.pop("KEHOACH_DATASET", None)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert (ROOT / "build" / "targets_per_plan.png").exists()


def test_readme_lead_query_prints_what_the_readme_shows(raw_out):
    """The README's DuckDB query of lead assignments, run on data/raw's output, prints
    the table the README shows (so the README cannot drift from the pipeline)."""
    import duckdb
    import regex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("Lead assignments per canonical unit"):]
    sql = regex.search(r"```sql\n(.*?)```", part, regex.S).group(1)
    shown = regex.search(r"```\n(┌.*?)\n```", part, regex.S).group(1)
    printed = str(duckdb.sql(sql.replace("data/parquet", str(raw_out)).rstrip().rstrip(";")))
    lines = [ln for ln in printed.splitlines() if not regex.search(r"varchar|int64|\d+ rows", ln)]
    assert "\n".join(lines).rstrip() == shown
