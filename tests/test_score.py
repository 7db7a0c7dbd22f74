"""Score floors on the two gold sets: a regression below them is red. Floors rise as the
issues that own each section land. ``dev`` holds five district plans of one province;
``dev2`` sixteen documents of 2025 from other provinces and levels (issue 21's floors;
the units and budget issues raise theirs). Both skip, with the reason, where ../shared
is not beside the clone."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run import ingest_paths

from .conftest import DEV, DEV2, GOLD, GOLD2, SCORE

_METADATA = ("title", "plan_kind", "district", "province", "plan_year", "doc_number", "issue_date", "signer",
             "signer_title")

FLOORS = {
    "dev": {
        "sections": {
            "legal_references": 0.98, "percentages": 0.98, "targets": 0.95, "responsible_units": 0.95,
            # dev 004's second task table prints two amount columns ("Tổng mức đầu tư" and
            # "Kinh phí thực hiện năm 2022"); GUIDELINES §6 makes every amount cell a row, the
            # dev annotation (older than that rule) has the first column only: 12 rows and one
            # finding of the second column count as extra (issue 23)
            "unit_roles": 0.90, "budget_rows": 0.88, "budget_audit": 0.88,
        },
        "attributes": {
            "percentages.kind": 0.90, "targets.comparator": 0.95, "targets.scope": 0.90,
            "targets.deadline_year": 0.95, "budget_rows.kind": 0.95, "budget.words_vnd": 0.99,
            "budget_audit.check": 0.99, "budget_audit.computed": 0.99, "legal_references.date": 0.95,
            "legal_references.type": 0.95, "legal_references.issuer": 0.95,
            **{f"metadata.{f}": 0.9 for f in _METADATA},
        },
        "subject_token_f1": 0.60,
        "metadata_mean": 0.95,
    },
    "dev2": {
        "sections": {
            "legal_references": 0.95, "percentages": 0.97, "targets": 0.90,  # issue 21
            "responsible_units": 0.90, "unit_roles": 0.85, "collective_units": 0.75,  # issue 22
            "budget_rows": 0.95, "budget_audit": 0.99,  # issue 23
        },
        "attributes": {
            "legal_references.type": 0.93, "legal_references.date": 0.93, "legal_references.issuer": 0.90,
            "percentages.kind": 0.90, "targets.deadline_year": 0.90,
            "budget_rows.kind": 0.95, "budget_rows.column": 0.95, "budget.words_vnd": 0.99,  # issue 23
        },
        "subject_token_f1": 0.70,
        "metadata_mean": 0.92,
    },
}
SETS = {"dev": (DEV, GOLD), "dev2": (DEV2, GOLD2)}


@pytest.fixture(scope="module", params=list(SETS))
def scored(request, tmp_path_factory) -> tuple[str, dict]:
    name = request.param
    corpus, gold = SETS[name]
    for need in (corpus, gold, SCORE):
        if not need.exists():
            pytest.skip(f"{name}: {need} not found (the gold sets live in ../shared beside the clone)")
    out = tmp_path_factory.mktemp(name)
    ingest_paths([str(corpus)], out / "parquet", progress=False)
    report = out / "score.json"
    subprocess.run([sys.executable, str(SCORE), "--parquet", str(out / "parquet"), "--gold", str(gold),
                    "--sources", str(corpus), "--json", str(report)], check=True, capture_output=True)
    return name, json.loads(Path(report).read_text(encoding="utf-8"))


def test_section_floors(scored):
    name, score = scored
    low = {s: score["sections"][s]["f1"] for s, floor in FLOORS[name]["sections"].items()
           if score["sections"][s]["f1"] < floor}
    assert not low, f"{name}: sections below their floors: {low}"


def test_attribute_floors(scored):
    name, score = scored
    low = {a: score["attributes"][a]["accuracy"] for a, floor in FLOORS[name]["attributes"].items()
           if score["attributes"][a]["accuracy"] < floor}
    assert not low, f"{name}: attributes below their floors: {low}"


def test_subject_token_f1(scored):
    name, score = scored
    assert score["targets.subject_token_f1"] >= FLOORS[name]["subject_token_f1"]


def test_metadata_mean(scored):
    name, score = scored
    accs = [v["accuracy"] for k, v in score["attributes"].items() if k.startswith("metadata.")]
    assert sum(accs) / len(accs) >= FLOORS[name]["metadata_mean"], name


def test_no_problems(scored):
    name, score = scored
    assert score["problems"] == [], name
