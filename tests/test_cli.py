"""The command line as users and tools run it: a real subprocess each time."""
from __future__ import annotations

import subprocess
import sys

from .conftest import RAW, SAMPLES, read_table


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_usage_error_exits_2(tmp_path):
    assert run().returncode == 2
    assert run("ingest").returncode == 2
    r = run("ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "no such file" in r.stderr


def test_cli_bad_files_among_good_ones(tmp_path):
    src = tmp_path / "batch"
    src.mkdir()
    (src / "good.txt").write_bytes((SAMPLES / sorted(p.name for p in SAMPLES.iterdir())[0]).read_bytes())
    (src / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (src / "empty.txt").write_bytes(b"")
    (src / "truncated.pdf").write_bytes((RAW / "p03_lamdong_bc_chiso_par_pci_2025.pdf").read_bytes()[:5000])
    (src / "good.pdf").write_bytes((RAW / "gen_ductho_chuyendoiso_2023.pdf").read_bytes())
    out = tmp_path / "out"
    r = run("ingest", str(src), "--out", str(out), "--no-progress")
    assert r.returncode == 0, r.stderr
    assert "2 new" in r.stdout and "3 failed" in r.stdout
    errs = {e["source_name"]: e["code"] for e in read_table(out, "errors")}
    assert errs == {"junk.bin": "unsupported_format", "empty.txt": "empty_file", "truncated.pdf": "pdf_broken"}
    names = {d["source_name"] for d in read_table(out, "documents")}
    assert names == {"good.txt", "good.pdf"}
    assert any(r["doc_id"] for r in read_table(out, "targets"))
    again = run("ingest", str(src), "--out", str(out), "--no-progress")
    assert "0 new, 5 skipped" in again.stdout and "dataset unchanged" in again.stdout


def test_cli_summary_line(tmp_path):
    r = run("ingest", str(SAMPLES), "--out", str(tmp_path / "o"), "--no-progress", "--jobs", "2")
    assert r.returncode == 0 and r.stdout.startswith("documents: 5 new, 0 skipped, 0 failed; rows: ")
