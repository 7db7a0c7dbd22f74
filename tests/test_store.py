"""The dataset: incremental re-runs, replacement of changed files, atomic swap, lock."""
from __future__ import annotations

import os
import shutil
import sys

import pytest

from pipeline import store
from pipeline.run import ingest_paths
from pipeline.store import Dataset, OutputBusy

from .conftest import SAMPLES, read_table


def _tree_state(out):
    state = {}
    for root, _dirs, files in os.walk(out / ".gen"):
        for f in files:
            p = os.path.join(root, f)
            state[os.path.relpath(p, out)] = (os.stat(p).st_ino, os.stat(p).st_mtime_ns)
    return state


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in sorted(os.listdir(SAMPLES))[:3]:
        shutil.copy(SAMPLES / name, src / name)
    return src


def test_store_rerun_skips_and_rewrites_nothing(tmp_path, corpus):
    out = tmp_path / "out"
    first = ingest_paths([str(corpus)], out, progress=False)
    assert first.new == 3 and first.written
    before = _tree_state(out)
    second = ingest_paths([str(corpus)], out, progress=False)
    assert (second.new, second.skipped, second.written) == (0, 3, False)
    assert _tree_state(out) == before


def test_store_touched_but_unchanged_file_is_not_reprocessed(tmp_path, corpus):
    out = tmp_path / "out"
    ingest_paths([str(corpus)], out, progress=False)
    f = sorted(corpus.iterdir())[0]
    os.utime(f, ns=(1, 1))
    s = ingest_paths([str(corpus)], out, progress=False)
    assert s.new == 0 and s.skipped == 3


def test_store_changed_file_replaces_its_rows(tmp_path, corpus):
    out = tmp_path / "out"
    ingest_paths([str(corpus)], out, progress=False)
    docs = read_table(out, "documents")
    f = sorted(corpus.iterdir())[0]
    f.write_text(f.read_text(encoding="utf-8") + "\n- Tỷ lệ hồ sơ đạt 77%.\n", encoding="utf-8")
    s = ingest_paths([str(corpus)], out, progress=False)
    assert s.new == 1
    after = read_table(out, "documents")
    assert len(after) == len(docs) == 3
    old_id = next(d["doc_id"] for d in docs if d["source_name"] == f.name)
    assert old_id not in {d["doc_id"] for d in after}
    assert old_id not in {r["doc_id"] for r in read_table(out, "percentages")}
    assert any(r["value"] == 77.0 for r in read_table(out, "percentages"))


def test_store_crash_before_swap_keeps_previous_dataset(tmp_path, corpus, monkeypatch):
    out = tmp_path / "out"
    ingest_paths([str(corpus)], out, progress=False)
    before = sorted(r["doc_id"] for r in read_table(out, "documents"))
    (corpus / "new.txt").write_text("KẾ HOẠCH\nChuyển đổi số năm 2024\n- Tỷ lệ đạt 50%.\n", encoding="utf-8")

    def boom(self):
        raise RuntimeError("killed")

    monkeypatch.setattr(store.Generation, "_swap", boom)
    with pytest.raises(RuntimeError):
        ingest_paths([str(corpus)], out, progress=False)
    assert sorted(r["doc_id"] for r in read_table(out, "documents")) == before
    monkeypatch.undo()
    s = ingest_paths([str(corpus)], out, progress=False)
    assert s.new == 1 and len(read_table(out, "documents")) == 4


def test_store_second_writer_is_refused(tmp_path):
    out = tmp_path / "out"
    with Dataset(out):
        with pytest.raises(OutputBusy) as err:
            with Dataset(out):
                pass
    assert "another kehoach run" in str(err.value)


def test_store_slug():
    assert store.slug("Ninh Thuận") == "ninh-thuan" and store.slug(None) == "unknown"
    assert store.slug("Đắk Lắk") == "dak-lak"


def test_store_syncs_every_file_it_writes_and_no_carried_part(tmp_path, corpus, monkeypatch):
    """Durability before the swap: every file a generation writes is fsynced; a part
    carried over from the previous generation (a hard link) is not synced again."""
    out = tmp_path / "out"
    ingest_paths([str(corpus)], out, progress=False)
    seen = []
    real = store._fsync_written

    def check(root, written):  # the generation as it is just before the swap
        files = [os.path.join(d, f) for d, _dirs, fs in os.walk(root) for f in fs]
        own = {p for p in files if os.stat(p).st_nlink == 1}  # not a hard link to the old generation
        seen.append((own, {str(p) for p in written}, len(files)))
        real(root, written)

    monkeypatch.setattr(store, "_fsync_written", check)
    shutil.copy(sorted(SAMPLES.iterdir())[3], corpus / "added.txt")
    ingest_paths([str(corpus)], out, progress=False)
    (own, written, n_files), = seen
    assert own and own == written
    assert n_files > len(own)  # the first run's parts were carried over, not rewritten


def test_store_syncs_the_file_system_once_when_it_writes_many_files(tmp_path, corpus, monkeypatch):
    """Past SYNCFS_MIN_FILES written files, one syncfs(2) of the output's file system
    replaces an fsync per file and directory (Linux); below it, each is synced."""
    calls = {"syncfs": [], "fsync": 0}
    real_syncfs, real_fsync = store._syncfs, store._fsync

    def syncfs(path):
        calls["syncfs"].append(real_syncfs(path))
        return calls["syncfs"][-1]

    def fsync(path):
        calls["fsync"] += 1
        real_fsync(path)

    monkeypatch.setattr(store, "_syncfs", syncfs)
    monkeypatch.setattr(store, "_fsync", fsync)
    monkeypatch.setattr(store, "SYNCFS_MIN_FILES", 1)
    ingest_paths([str(corpus)], tmp_path / "many", progress=False)
    assert calls["syncfs"] == [sys.platform.startswith("linux")]
    if calls["syncfs"][0]:
        assert calls["fsync"] == 1  # only the directory of the swapped link
    calls.update(syncfs=[], fsync=0)
    monkeypatch.setattr(store, "SYNCFS_MIN_FILES", 10**9)
    ingest_paths([str(corpus)], tmp_path / "few", progress=False)
    assert calls["syncfs"] == [] and calls["fsync"] > 10


@pytest.mark.parametrize("how", ["fixed", "force"])
def test_store_a_failed_files_errors_go_with_it(tmp_path, corpus, how):
    """A file that failed and is then fixed (or re-run with --force) keeps no stale
    errors row: its errors are replaced with its other rows."""
    out = tmp_path / "out"
    bad = corpus / "broken.txt"
    junk = b"\x00\x01\x02 binary \xff\xfe\x00 junk" * 8
    bad.write_bytes(junk)
    (corpus / "also_broken.txt").write_bytes(junk + b"!")  # its errors row shares the part file
    ingest_paths([str(corpus)], out, progress=False)
    assert sorted(r["source_name"] for r in read_table(out, "errors")) == ["also_broken.txt", "broken.txt"]
    if how == "fixed":
        bad.write_text("KẾ HOẠCH\nChuyển đổi số năm 2026\n- Tỷ lệ hồ sơ trực tuyến đạt 90%.\n", encoding="utf-8")
    summary = ingest_paths([str(corpus)], out, progress=False, force=how == "force")
    assert summary.new + summary.failed >= 1
    errors = sorted(r["source_name"] for r in read_table(out, "errors"))
    assert errors == (["also_broken.txt"] if how == "fixed" else ["also_broken.txt", "broken.txt"])


def test_store_any_code_change_reprocesses(tmp_path):
    """The version rows are stamped with is the hash of the code that makes them: an edit
    to any module, however small, gives a new version, so the next run reprocesses."""
    from pipeline.run import CODE_DIR, code_version, hash_code

    code = tmp_path / "pipeline"
    shutil.copytree(CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    before = hash_code(code)
    assert before == code_version()
    with open(code / "extract" / "budget.py", "a", encoding="utf-8") as f:
        f.write("\n# one comment\n")
    assert hash_code(code) != before


def test_store_partitions_keep_few_files(tmp_path, monkeypatch):
    """Many files, then three small incremental runs: each table partition the runs
    wrote into holds at most MAX_PARTS files, and every row is still there once."""
    monkeypatch.setattr(store, "FLUSH_ROWS", 40)  # a flush every few documents: many part files
    src = tmp_path / "src"
    src.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.iterdir())]
    for k in range(30):
        (src / f"{k:03d}.txt").write_text(texts[k % len(texts)] + f"\n- Tỷ lệ đạt {k}%.\n", encoding="utf-8")
    out = tmp_path / "out"
    ingest_paths([str(src)], out, progress=False)
    for run in range(3):
        for k in range(5):
            (src / f"run{run}_{k}.txt").write_text(texts[k] + f"\n- Tỷ lệ mới đạt {run}{k}%.\n", encoding="utf-8")
        ingest_paths([str(src)], out, progress=False)
    for part_dir in {p.parent for p in (out / ".gen" / "current").rglob("*.parquet")}:
        assert len(list(part_dir.glob("*.parquet"))) <= store.MAX_PARTS, part_dir
    docs = read_table(out, "documents")
    assert len(docs) == len({d["doc_id"] for d in docs}) == 45
    pct = read_table(out, "percentages")
    assert len(pct) == len({(r["doc_id"], r["char_start"]) for r in pct})
    state = _tree_state(out)
    assert not ingest_paths([str(src)], out, progress=False).written  # nothing changed: nothing rewritten
    assert _tree_state(out) == state
