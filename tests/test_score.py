"""The dev-set score floors: a regression below them is red. Floors rise as the
issues that own each section land (issue 3's floors beat a plain regex scan)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import DEV, GOLD, SCORE

SECTION_F1_FLOORS = {
    "legal_references": 0.98,   # issue 4
    "percentages": 0.98,        # issue 5
    "targets": 0.95,            # issue 5
    "responsible_units": 0.95,  # issue 6
    "unit_roles": 0.90,         # issue 6
    "budget_rows": 0.95,        # issue 7
    "budget_audit": 0.99,       # issue 7 (F1 = 1.0)
}
ATTRIBUTE_FLOORS = {
    "percentages.kind": 0.90,
    "targets.comparator": 0.95,
    "targets.scope": 0.90,
    "targets.deadline_year": 0.95,
    "budget_rows.kind": 0.95,
    "budget.words_vnd": 0.99,
    "budget_audit.check": 0.99,
    "budget_audit.computed": 0.99,
    "legal_references.date": 0.95,
    "legal_references.type": 0.95,
    "legal_references.issuer": 0.95,
    **{f"metadata.{f}": 0.9 for f in ("title", "plan_kind", "district", "province", "plan_year", "doc_number",
                                      "issue_date", "signer", "signer_title")},
}


@pytest.fixture(scope="module")
def score(dev_out, tmp_path_factory):
    if not SCORE.exists():
        pytest.skip(f"score.py not found at {SCORE}")
    out = tmp_path_factory.mktemp("score") / "score.json"
    subprocess.run([sys.executable, str(SCORE), "--parquet", str(dev_out), "--gold", str(GOLD),
                    "--sources", str(DEV), "--json", str(out)], check=True, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("section,floor", SECTION_F1_FLOORS.items())
def test_score_section_floor(score, section, floor):
    assert score["sections"][section]["f1"] >= floor, score["sections"][section]


@pytest.mark.parametrize("attr,floor", ATTRIBUTE_FLOORS.items())
def test_score_attribute_floor(score, attr, floor):
    assert score["attributes"][attr]["accuracy"] >= floor, score["attributes"][attr]


def test_score_subject_token_f1(score):
    assert score["targets.subject_token_f1"] >= 0.60


def test_score_metadata_mean(score):
    accs = [v["accuracy"] for k, v in score["attributes"].items() if k.startswith("metadata.")]
    assert sum(accs) / len(accs) >= 0.95


def test_score_no_problems(score):
    assert score["problems"] == []
