"""Shared fixtures: the rule set (loaded once), and pipeline output on the dev corpus
and on data/raw (each ingested once per test session)."""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow.dataset as pads
import pytest

from pipeline.rules import default_rules
from pipeline.run import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "corpus" / "dev"
GOLD = SHARED / "eval" / "gold"
DEV2 = SHARED / "corpus" / "dev2"
GOLD2 = SHARED / "eval" / "gold2"
SCORE = SHARED / "eval" / "score.py"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def rules():
    return default_rules()


def read_table(out: Path, name: str) -> list[dict]:
    return pads.dataset(str(out / name), format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="session")
def dev_out(tmp_path_factory) -> Path:
    if not DEV.exists():
        pytest.skip(f"dev corpus not found at {DEV}")
    out = tmp_path_factory.mktemp("dev") / "parquet"
    ingest_paths([str(DEV)], out, progress=False)
    return out


@pytest.fixture(scope="session")
def raw_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw") / "parquet"
    ingest_paths([str(RAW)], out, progress=False)
    return out
