"""Shared fixtures: the rule set (loaded once), and pipeline output on the sample plans
and on data/raw (each ingested once per test session).

The five dev plans ship in data/raw as text, so every test that needs real plans runs on
a bare clone (``SAMPLES``); only what needs the gold sets (``../shared``, or
``KEHOACH_SHARED``) skips there, saying where they come from."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
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


def _sample_texts() -> Path:
    """A folder holding the text plans of data/raw (the five dev plans) and nothing else."""
    folder = Path(tempfile.mkdtemp(prefix="kehoach-samples-"))
    atexit.register(shutil.rmtree, folder, True)
    for path in sorted(RAW.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


SAMPLES = _sample_texts()


@pytest.fixture(scope="session")
def rules():
    return default_rules()


def read_table(out: Path, name: str) -> list[dict]:
    return pads.dataset(str(out / name), format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="session")
def dev_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dev") / "parquet"
    ingest_paths([str(SAMPLES)], out, progress=False)
    return out


@pytest.fixture(scope="session")
def raw_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw") / "parquet"
    # OCR off: the golden snapshots must not depend on the Tesseract a machine has (the
    # scan's OCR is tested on its own, tests/test_ocr.py)
    ingest_paths([str(RAW)], out, progress=False, ocr_mode="never")
    return out
