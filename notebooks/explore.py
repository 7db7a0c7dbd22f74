# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exploring a kehoach dataset
# Targets across districts and years, who leads most tasks, and every budget
# disagreement with its place in the source. Set `KEHOACH_DATASET` to another
# dataset directory to explore it (default: `data/parquet`, written by `make run`).

# %%
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import pipeline

DATASET = Path(os.environ.get("KEHOACH_DATASET", "data/parquet"))
con = pipeline.open_dataset(DATASET)
con.sql("SELECT count(*) AS plans, count(DISTINCT district) AS districts FROM documents").df()

# %% [markdown]
# ## Percentage targets across districts and years

# %%
targets = con.sql("""
    SELECT district, plan_year, count(*) AS targets, round(avg(value), 1) AS mean_value,
           count(*) FILTER (WHERE comparator IN ('>=', '>')) AS at_least
    FROM targets_by_plan WHERE unit = '%' AND district IS NOT NULL
    GROUP BY district, plan_year ORDER BY plan_year, district""").df()
targets

# %% [markdown]
# The same indicator across plans: online processing of dossiers ("hồ sơ ... trực tuyến").

# %%
online = con.sql("""
    SELECT district, plan_year, scope, comparator, value, subject
    FROM targets_by_plan
    WHERE unit = '%' AND lower(subject) LIKE '%hồ sơ%' AND lower(subject) LIKE '%trực tuyến%'
    ORDER BY district, plan_year, value DESC""").df()
online

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for (district, year), group in targets.groupby(["district", "plan_year"]):
    ax.bar(f"{district}\n{year}", group["targets"].iloc[0])
ax.set_ylabel("percentage targets")
ax.set_title("Targets per plan")
fig.tight_layout()
out = Path("build")
out.mkdir(exist_ok=True)
fig.savefig(out / "targets_per_plan.png", dpi=100)

# %% [markdown]
# ## Units with the most lead tasks

# %%
leads = con.sql("""
    SELECT unit, count(*) AS lead_tasks, count(DISTINCT doc_id) AS plans
    FROM unit_tasks WHERE role = 'lead' GROUP BY unit ORDER BY lead_tasks DESC, unit LIMIT 10""").df()
leads

# %% [markdown]
# ## Budget audit findings, with the stated figure in its source line

# %%
findings = con.sql("""
    SELECT source_name, "check", row_label, stated_vnd, computed_vnd, difference_vnd, line
    FROM audit_findings ORDER BY source_name, line""").df()
findings

# %%
assert len(con.sql("SELECT * FROM documents").df()) > 0
assert {"targets", "lead_tasks"} <= set(targets.columns) | set(leads.columns)
