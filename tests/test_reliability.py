"""Reliability: a zoo of bad inputs, awkward but valid input, kill -9 at random moments,
two writers on one dataset, and byte-identical re-runs. KEHOACH_KILL_ROUNDS sets the
number of kill rounds (20 by default; CI may run fewer)."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from fpdf import FPDF

import pipeline.run as run_module
from pipeline.run import ingest_paths

from .conftest import RAW, SAMPLES, read_table

ROOT = Path(__file__).resolve().parent.parent


def _encrypted_pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret plan")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(path))


def _drawing_only_pdf(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))


def test_reliability_zoo(tmp_path, monkeypatch):
    src = tmp_path / "zoo"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.dat").write_bytes(os.urandom(4096) + b"\x00" * 16)
    (src / "truncated.pdf").write_bytes((RAW / "p05_lamdong_ttxt_pci_ddci_nfd.pdf").read_bytes()[:3000])
    _encrypted_pdf(src / "encrypted.pdf")
    _drawing_only_pdf(src / "image_only.pdf")
    (src / "cp1258.txt").write_bytes("Kế hoạch".encode().replace(b"\xe1\xba\xbf", b"\xea"))
    (src / "huge.txt").write_bytes(b"x" * 200_000)
    (src / "deleted.txt").write_text("KẾ HOẠCH\nsẽ bị xoá\n", encoding="utf-8")
    good = SAMPLES / sorted(p.name for p in SAMPLES.iterdir())[0]
    (src / "good.txt").write_bytes(good.read_bytes())
    (src / "nfd_crlf_bom.txt").write_bytes(
        b"\xef\xbb\xbf" + unicodedata.normalize("NFD", good.read_text(encoding="utf-8")).replace("\n", "\r\n").encode())

    original = run_module.process_file

    def delete_then_process(path):
        if path.endswith("deleted.txt"):
            os.remove(path)  # gone between discovery and reading
        return original(path)

    monkeypatch.setattr(run_module, "process_file", delete_then_process)
    out = tmp_path / "out"
    summary = ingest_paths([str(src)], out, max_bytes=100_000, progress=False)
    errors = {e["source_name"]: e["code"] for e in read_table(out, "errors") if e["page"] is None}
    assert errors == {
        "empty.txt": "empty_file", "binary.dat": "unsupported_format", "truncated.pdf": "pdf_broken",
        "encrypted.pdf": "pdf_encrypted", "image_only.pdf": "pdf_no_text_layer", "cp1258.txt": "unknown_encoding",
        "huge.txt": "file_too_large", "deleted.txt": "unreadable_file"}
    assert summary.new == 2 and summary.failed == 8
    docs = {d["source_name"]: d for d in read_table(out, "documents")}
    assert set(docs) == {"good.txt", "nfd_crlf_bom.txt"}
    # the NFD + CRLF + BOM copy says the same things as the clean one
    by_doc = {}
    for t in read_table(out, "targets"):
        by_doc.setdefault(t["doc_id"], []).append((t["value"], t["comparator"], t["subject"]))
    assert sorted(by_doc[docs["good.txt"]["doc_id"]]) == sorted(by_doc[docs["nfd_crlf_bom.txt"]["doc_id"]])


def test_reliability_large_text_under_the_limit(tmp_path):
    base = (SAMPLES / "000_bbac53d078887c2b.txt").read_text(encoding="utf-8")
    big = tmp_path / "src" / "big.txt"
    big.parent.mkdir()
    big.write_text(base * (5 * 1024 * 1024 // len(base.encode()) + 1), encoding="utf-8")  # 5 MB here; make bench runs 50 MB
    out = tmp_path / "out"
    assert ingest_paths([str(big.parent)], out, progress=False).new == 1
    assert len(read_table(out, "percentages")) > 1000


def _hashes(out: Path) -> dict[str, str]:
    result = {}
    for table in sorted(p.name for p in out.iterdir() if not p.name.startswith(".")):
        for f in sorted((out / table).rglob("*.parquet")):
            result[str(f.relative_to(out))] = hashlib.sha256(f.read_bytes()).hexdigest()
    return result


def test_reliability_rerun_is_byte_identical(tmp_path):
    out = tmp_path / "out"
    ingest_paths([str(SAMPLES)], out, progress=False)
    before = _hashes(out)
    ingest_paths([str(SAMPLES)], out, progress=False)
    assert _hashes(out) == before


def _corpus(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    files = sorted(SAMPLES.iterdir())
    for k in range(n):
        (src / f"plan_{k:03d}.txt").write_text(files[k % len(files)].read_text(encoding="utf-8")
                                              + f"\nGhi chú: bản {k}.\n", encoding="utf-8")
    return src


def _cli(src: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(src), "--out", str(out),
                             "--no-progress", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _readable_and_complete(out: Path) -> int:
    """Every table reads, and documents agrees with the manifest of the live generation."""
    if not (out / ".gen" / "current").exists():
        return 0
    for table in ("documents", "targets", "percentages", "legal_references", "errors", "budget_items"):
        pads.dataset(str(out / table), format="parquet", partitioning="hive").to_table()
    import json

    manifest = json.loads((out / ".gen" / "current" / "_manifest.json").read_text(encoding="utf-8"))
    n_ok = len({e["doc_id"] for e in manifest["docs"] if e["status"] == "ok"})
    assert len(read_table(out, "documents")) == n_ok
    return n_ok


def test_reliability_kill_9_at_random_moments(tmp_path):
    rounds = int(os.environ.get("KEHOACH_KILL_ROUNDS", "20"))
    src = _corpus(tmp_path, 40)
    out = tmp_path / "out"
    rng = random.Random(1234)
    seen = 0
    for _ in range(rounds):
        for f in rng.sample(sorted(src.iterdir()), 3):  # new work each round
            f.write_text(f.read_text(encoding="utf-8") + f"\n- Tỷ lệ đạt {rng.randrange(1, 99)}%.\n", encoding="utf-8")
        proc = _cli(src, out)
        time.sleep(rng.uniform(0.2, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = max(seen, _readable_and_complete(out))
    proc = _cli(src, out)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    assert _readable_and_complete(out) == 40


def test_reliability_two_runs_on_one_output(tmp_path):
    src = _corpus(tmp_path, 30)
    out = tmp_path / "out"
    first = _cli(src, out)
    time.sleep(1.0)  # the first holds the lock by now (imports take about half a second)
    second = _cli(src, out)
    rc = second.wait(timeout=120)
    first.wait(timeout=300)
    if rc == 3:
        assert "another kehoach run is writing" in second.stderr.read().decode()
    else:  # the first had already finished: the second found nothing to do
        assert rc == 0 and b"0 new" in second.stdout.read()
    waiting = _cli(src, out, "--wait", "60")
    assert waiting.wait(timeout=120) == 0


@pytest.mark.parametrize("jobs", [2])
def test_reliability_jobs_give_the_same_rows(tmp_path, jobs):
    one, two = tmp_path / "one", tmp_path / "two"
    ingest_paths([str(SAMPLES)], one, jobs=1, progress=False)
    ingest_paths([str(SAMPLES)], two, jobs=jobs, progress=False)
    for table in ("targets", "responsibilities", "budget_items", "legal_references"):
        key = lambda r: (r["doc_id"], r["char_start"], r["char_end"], str(r))  # noqa: E731
        assert sorted(read_table(one, table), key=key) == sorted(read_table(two, table), key=key)


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc (Linux)")
def test_reliability_workers_die_with_a_killed_run(tmp_path):
    """kill -9 of a run with --jobs 2 leaves no worker behind (5 s later)."""
    src = tmp_path / "src"
    src.mkdir()
    for k in range(40):  # enough work that the workers are busy when the run is killed
        for p in sorted(SAMPLES.iterdir()):
            (src / f"{k}_{p.name}").write_bytes(p.read_bytes() + f"\n{k}\n".encode())
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(src), "--out", str(tmp_path / "o"),
                             "--jobs", "2", "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the run started no workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == []
