"""store: rows → Parquet tables under DIR, replaced atomically, with a manifest.

Layout (every table a hive-partitioned directory, CONTRACT.md)::

    DIR/<table>            → symlink to .gen/current/<table>
    DIR/.gen/current       → symlink to the live generation, e.g. .gen/7
    DIR/.gen/7/<table>/part_province=<slug>/part_year=<year>/part-7-000001.parquet
    DIR/.gen/7/_manifest.json

A run writes a whole new generation (unchanged part files are hard links, so this
costs nothing) and then swaps ``.gen/current`` with one atomic rename: a crash at any
moment leaves the previous generation live, readable and complete.
"""
from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import shutil
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .schema import TABLES

MANIFEST = "_manifest.json"
FLUSH_ROWS = 5_000  # rows buffered before a write: memory stays flat whatever the batch size
# Files a table partition may hold before a run that writes into it merges them into one:
# every file costs a DuckDB or pyarrow query an open and a footer read, and incremental
# runs add files. A run that changes nothing rewrites nothing; one that adds to a
# partition rewrites it once every few runs.
MAX_PARTS = 4
SYNCFS_MIN_FILES = 32  # files written before one file-system sync beats a sync per file
try:  # the C library, for syncfs(2)
    _LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
except OSError:
    _LIBC = None


class OutputBusy(RuntimeError):
    pass


def slug(value: str | None) -> str:
    """ASCII partition value: "Ninh Thuận" → "ninh-thuan"; None → "unknown"."""
    if not value:
        return "unknown"
    s = unicodedata.normalize("NFD", value).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split()) or "unknown"


@dataclass
class DocEntry:
    """The manifest's memory of one source file."""

    source_path: str
    size: int
    mtime_ns: int
    sha256: str | None
    doc_id: str | None
    version: str
    status: str  # ok | failed
    parts: list[str] = field(default_factory=list)


class Dataset:
    def __init__(self, out: Path, wait: float = 0.0):
        self.out = Path(out)
        self.gens = self.out / ".gen"
        self.lock = FileLock(str(self.out / ".lock"))
        self.wait = wait
        self.entries: dict[str, DocEntry] = {}
        self.current_gen = 0

    # ------------------------------------------------------------ open / manifest
    def __enter__(self) -> Dataset:
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            self.lock.acquire(timeout=self.wait)
        except Timeout:
            raise OutputBusy(f"{self.out}: another kehoach run is writing this dataset "
                             f"(lock {self.out / '.lock'}); wait for it to finish") from None
        self._load()
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()

    def _load(self) -> None:
        cur = self.gens / "current"
        if not cur.is_symlink():
            return
        self.current_gen = int(os.readlink(cur))
        path = self.gens / str(self.current_gen) / MANIFEST
        data = json.loads(path.read_text(encoding="utf-8"))
        # versions and part names repeat across thousands of entries: keep one copy of each
        self.entries = {e["source_path"]: DocEntry(**{**e, "version": sys.intern(e["version"]),
                                                      "parts": [sys.intern(p) for p in e["parts"]]})
                        for e in data["docs"]}

    def lookup(self, source_path: str) -> DocEntry | None:
        return self.entries.get(source_path)

    # ------------------------------------------------------------ write a generation
    def begin(self) -> Generation:
        """A new generation numbered past every one on disk (a crashed run may have left one)."""
        numbers = [self.current_gen]
        if self.gens.exists():
            numbers += [int(p.name.split(".")[0]) for p in self.gens.iterdir() if p.name.split(".")[0].isdigit()]
        return Generation(self, max(numbers) + 1)


class Generation:
    """A generation being written; ``commit`` makes it live."""

    def __init__(self, ds: Dataset, number: int):
        self.ds = ds
        self.number = number
        self.dir = ds.gens / f"{number}.tmp"
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.entries: dict[str, DocEntry] = dict(ds.entries)
        self.buffers: dict[str, list[dict]] = defaultdict(list)
        self.buffered_docs: list[DocEntry] = []
        self.seq = 0
        self.dropped: set[str] = set()  # doc_ids whose old rows must go
        self.dropped_paths: set[str] = set()  # and the files whose rows without a doc_id (a failed file's errors) must go
        self.made_dirs: set[Path] = set()
        self.written: list[Path] = []  # files of this generation to make durable (not hard links)
        self.changed = False

    def _write(self, tbl: pa.Table, path: Path) -> None:
        pq.write_table(tbl, path, compression="zstd")
        self.written.append(path)

    def drop(self, source_path: str) -> None:
        old = self.entries.pop(source_path, None)
        if old is not None:
            if old.doc_id:
                self.dropped.add(old.doc_id)
            self.dropped_paths.add(old.source_path)
            self.changed = True

    def remember(self, entry: DocEntry) -> None:
        """An unchanged file seen again (perhaps under a new path or mtime)."""
        old = self.entries.get(entry.source_path)
        if old != entry:
            self.entries[entry.source_path] = entry
            self.changed = True

    def add(self, entry: DocEntry, rows: dict[str, list[dict]]) -> None:
        self.changed = True
        for table, table_rows in rows.items():
            self.buffers[table].extend(table_rows)
        self.buffered_docs.append(entry)
        self.entries[entry.source_path] = entry
        if sum(len(v) for v in self.buffers.values()) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        written: dict[str, list[str]] = defaultdict(list)  # doc key → parts
        for table, rows in self.buffers.items():
            if not rows:
                continue
            groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
            for r in rows:
                groups[(r["part_province"], r["part_year"])].append(r)
            cols = [f.name for f in TABLES[table] if f.name not in ("part_province", "part_year")]
            schema = pa.schema([TABLES[table].field(c) for c in cols])
            for (prov, year), grows in sorted(groups.items()):
                self.seq += 1
                rel = f"{table}/part_province={prov}/part_year={year}/part-{self.number}-{self.seq:06d}.parquet"
                path = self.dir / rel
                if path.parent not in self.made_dirs:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self.made_dirs.add(path.parent)
                # column by column: pyarrow converts a list of values faster than a list of rows
                tbl = pa.table([pa.array([r.get(c) for r in grows], type=schema.field(c).type) for c in cols],
                               schema=schema)
                self._write(tbl, path)
                for key in {r.get("_doc_key") for r in grows}:
                    written[key].append(rel)
        for entry in self.buffered_docs:
            # interned: thousands of entries name the same few part files
            entry.parts = sorted(sys.intern(p) for p in set(entry.parts)
                                 | set(written.get(entry.doc_id or "path:" + entry.source_path, [])))
        self.buffers.clear()
        self.buffered_docs = []

    def commit(self, derived: Callable[[Path], dict[str, pa.Table]] | None = None) -> bool:
        """Carry unchanged parts over, build the derived tables (from the whole new
        generation), write the manifest, swap. False if nothing changed."""
        self.flush()
        if not self.changed:
            shutil.rmtree(self.dir)
            return False
        self._carry_over()
        self._compact()
        self._placeholders()
        for table, tbl in (derived(self.dir) if derived else {}).items():
            (self.dir / table).mkdir(parents=True, exist_ok=True)
            self._write(tbl, self.dir / table / "part-0.parquet")
        self._write_manifest()
        _fsync_written(self.dir, self.written)
        final = self.ds.gens / str(self.number)
        os.replace(self.dir, final)
        self._swap()
        self._cleanup()
        return True

    def _write_manifest(self) -> None:
        """One entry a line, streamed: no second copy of the manifest in memory."""
        self.written.append(self.dir / MANIFEST)
        with open(self.dir / MANIFEST, "w", encoding="utf-8") as f:
            f.write(f'{{"version": 1, "generation": {self.number}, "written_at": {time.time()}, "docs": [\n')
            for k, path in enumerate(sorted(self.entries)):
                f.write(("," if k else "") + json.dumps(self.entries[path].__dict__, ensure_ascii=False) + "\n")
            f.write("]}\n")

    def _carry_over(self) -> None:
        """Hard-link the previous generation's parts; rewrite those holding dropped docs."""
        if not self.ds.current_gen:
            return
        old_dir = self.ds.gens / str(self.ds.current_gen)
        kept_parts = {p for e in self.entries.values() for p in e.parts}
        for rel in sorted(kept_parts):
            src, dst = old_dir / rel, self.dir / rel
            if not src.exists() or dst.exists():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            if self.dropped_paths and self._holds_dropped(src):
                tbl = pq.read_table(src)
                self._write(tbl.filter(pc.invert(self._dropped_rows(tbl))), dst)
            else:
                os.link(src, dst)

    def _dropped_rows(self, tbl: pa.Table) -> pa.ChunkedArray:
        """The rows of dropped documents: by doc_id, and a failed file's errors (no doc_id) by path."""
        rows = pc.fill_null(pc.is_in(tbl["doc_id"], pa.array(sorted(self.dropped), pa.string())), False)
        if "source_path" in tbl.column_names:
            failed = pc.and_(pc.is_null(tbl["doc_id"]),
                             pc.is_in(tbl["source_path"], pa.array(sorted(self.dropped_paths), pa.string())))
            rows = pc.or_(rows, pc.fill_null(failed, False))
        return rows

    def _compact(self) -> None:
        """Merge the files of each partition this run wrote into, where they are more than
        MAX_PARTS, into one; the manifest's entries then name the merged file."""
        renamed: dict[str, str] = {}  # part file → the file it was merged into
        for part_dir in sorted({p.parent for p in self.written if p.suffix == ".parquet"}):
            files = sorted(part_dir.glob("*.parquet"))
            if len(files) <= MAX_PARTS:
                continue
            self.seq += 1
            merged = part_dir / f"part-{self.number}-{self.seq:06d}.parquet"
            # batch by batch into the merged file: memory holds a row group, not the partition
            with pq.ParquetWriter(merged, pq.read_schema(files[0]), compression="zstd") as writer:
                for f in files:
                    for batch in pq.ParquetFile(f).iter_batches():
                        writer.write_batch(batch)
                    f.unlink()
            name = sys.intern(merged.relative_to(self.dir).as_posix())
            renamed.update((f.relative_to(self.dir).as_posix(), name) for f in files)
            self.written.append(merged)
        if not renamed:
            return
        self.written = [p for p in self.written if p.relative_to(self.dir).as_posix() not in renamed]
        for key, entry in self.entries.items():
            if any(p in renamed for p in entry.parts):
                parts = sorted({renamed.get(p, p) for p in entry.parts})
                if entry is self.ds.entries.get(key):  # the live generation's entry stays as it was
                    self.entries[key] = dataclasses.replace(entry, parts=parts)
                else:
                    entry.parts = parts

    def _holds_dropped(self, path: Path) -> bool:
        columns = [c for c in ("doc_id", "source_path") if c in pq.read_schema(path).names]
        return pc.any(self._dropped_rows(pq.read_table(path, columns=columns))).as_py() or False

    def _placeholders(self) -> None:
        """An empty file for a table with no rows, so every table has its columns."""
        for table, schema in TABLES.items():
            tdir = self.dir / table
            if not any(tdir.rglob("*.parquet")) if tdir.exists() else True:
                tdir.mkdir(parents=True, exist_ok=True)
                cols = [f for f in schema if f.name not in ("part_province", "part_year")]
                self._write(pa.Table.from_pylist([], schema=pa.schema(cols)), tdir / "empty.parquet")

    def _swap(self) -> None:
        gens, out = self.ds.gens, self.ds.out
        tmp_link = gens / f"current.{self.number}.tmp"
        if tmp_link.is_symlink():
            tmp_link.unlink()
        os.symlink(str(self.number), tmp_link)
        os.replace(tmp_link, gens / "current")  # the one atomic step
        _fsync(gens)
        tables = [p.name for p in (gens / str(self.number)).iterdir() if p.is_dir()]
        for table in tables:
            link = out / table
            if link.is_symlink() and os.readlink(link) == f".gen/current/{table}":
                continue
            if link.exists() and not link.is_symlink():
                shutil.rmtree(link)  # a plain directory from an older layout
            tmp = out / f".{table}.link.tmp"
            if tmp.is_symlink():
                tmp.unlink()
            os.symlink(f".gen/current/{table}", tmp)
            os.replace(tmp, link)
        self.ds.current_gen = self.number
        self.ds.entries = self.entries

    def _cleanup(self) -> None:
        for p in self.ds.gens.iterdir():
            if p.name in ("current", str(self.number)):
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            elif p.is_symlink():
                p.unlink()


def _fsync_written(root: Path, written: list[Path]) -> None:
    """The files this generation wrote, then every directory (new entries, hard links
    included). A carried-over part is a hard link to a file made durable by the run
    that wrote it: an incremental run over 10,000 files syncs only what it wrote.
    Past SYNCFS_MIN_FILES files, one syncfs(2) of the output's file system instead:
    each fsync commits the file system's journal on its own (90 files and their
    directories took 30 ms, one syncfs 2 ms), at the price of also waiting for other
    programs' unwritten data on that file system (PostgreSQL offers the same choice)."""
    if len(written) >= SYNCFS_MIN_FILES and _syncfs(root):
        return
    for path in written:
        _fsync(path)
    for dirpath, _dirs, _files in os.walk(root):
        _fsync(Path(dirpath))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(path: Path) -> bool:
    """syncfs(2) on the file system that holds ``path`` (Linux); False where there is none."""
    function = getattr(_LIBC, "syncfs", None)
    if function is None:
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        return function(fd) == 0
    finally:
        os.close(fd)
