"""run: the stages in order for each file, the incremental skip, parallel workers.

ingest → normalize → segment → extract (registry) → audit → store. A document that
fails a stage becomes ``errors`` rows and the batch goes on.
"""
from __future__ import annotations

import ctypes
import dataclasses
import functools
import gc
import hashlib
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from . import __version__, audit, errors, legal_documents, ocr, places, units
from .extract import registry
from .ingest import DEFAULT_MAX_BYTES, OCR_MODES, page_count, read_bytes, read_source, sha256_bytes, walk
from .model import DocMeta, Record, Responsibility, SourceDoc
from .normalize import normalize
from .rules import RuleSet, default_rules
from .schema import RECORD_TABLES
from .segment import segment
from .store import Dataset, DocEntry, slug


@dataclass
class Summary:
    new: int = 0
    skipped: int = 0
    failed: int = 0
    rows: Counter = field(default_factory=Counter)
    written: bool = False

    def line(self) -> str:
        rows = ", ".join(f"{t}={n}" for t, n in sorted(self.rows.items()))
        return (f"documents: {self.new} new, {self.skipped} skipped, {self.failed} failed"
                f"; rows: {rows or 'none'}" + ("" if self.written else "; dataset unchanged"))


CODE_DIR = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".c")


@functools.cache
def code_version() -> str:
    """The hash of this package's code, computed once per process."""
    return hash_code(CODE_DIR)


def hash_code(code_dir: Path) -> str:
    """A hash of every source file of the package (Python and the C extension's source):
    any change of the code that makes rows reprocesses every document on the next run."""
    digest = hashlib.sha256()
    for path in sorted(p for p in code_dir.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(code_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pipeline_version(rules: RuleSet, ocr_mode: str = "auto") -> str:
    """What made a row: the package version, the rules' hash, the code's hash, and the
    OCR mode with the engine that reads scans (Tesseract's version and model)."""
    engine = "off" if ocr_mode == "never" else f"{ocr_mode}.{ocr.engine()}"
    return f"{__version__}+rules.{rules.version}+code.{code_version()}+ocr.{engine}"


# ------------------------------------------------------------------ one document

def extract_all(doc: SourceDoc, rules: RuleSet) -> tuple[list[Record], list[dict]]:
    """Every record of one document, and the problems met (as errors rows)."""
    problems: list[dict] = [{"page": pe.page, "stage": "ingest", "code": pe.code, "message": pe.message,
                             "severity": pe.severity} for pe in doc.page_errors]
    norm = normalize(doc.text, rules, doc.nfc_text(), doc.ocr_spans())
    seg = segment(doc, norm, rules)
    records: list[Record] = []
    for ex in registry():
        try:
            records.extend(ex.extract(seg, rules))
        except Exception as exc:  # one extractor's bug must not cost the others' rows
            problems.append({"page": None, "stage": f"extract.{ex.name}", "code": errors.EXTRACTOR_FAILED,
                             "message": f"{doc.source_path}: {type(exc).__name__}: {exc}", "severity": "error"})
    records = _merge_unit_variants(records, rules)
    records = _with_successors(records, rules, district_plan=any(
        isinstance(r, DocMeta) and r.district for r in records))
    records.extend(audit.audit(records))
    return records, problems


def _merge_unit_variants(records: list[Record], rules: RuleSet) -> list[Record]:
    """One name per unit within a plan, whichever extractor found it: a name and its
    place-qualified form, and the spellings of one collective group."""
    counts = Counter(r.unit for r in records if isinstance(r, Responsibility))
    merged = units.merge_qualified(counts, rules)
    spellings = units.merge_group_spellings(counts, rules)
    merged.update({name: merged.get(best, best) for name, best in spellings.items()})
    if not merged:
        return records
    return [dataclasses.replace(r, unit=merged[r.unit]) if isinstance(r, Responsibility) and r.unit in merged
            else r for r in records]


def _with_successors(records: list[Record], rules: RuleSet, district_plan: bool) -> list[Record]:
    """Each responsibility with what became of its unit in 2025 (rules/units.yaml)."""
    return [dataclasses.replace(r, unit_2025=units.successors_2025(r.unit, rules, district_plan))
            if isinstance(r, Responsibility) else r for r in records]


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _row(rec: Record, doc: SourceDoc) -> dict:
    row = {name: getattr(rec, name) for name in _field_names(type(rec))}
    row["page"] = doc.page_of(rec.char_start)
    row["line"] = doc.line_of(rec.char_start)
    return row


def document_rows(doc: SourceDoc, records: list[Record], problems: list[dict], version: str) -> dict[str, list[dict]]:
    meta = next((r for r in records if isinstance(r, DocMeta)), None) or DocMeta(doc.doc_id, 0, 0)
    part = {"part_province": slug(meta.province or meta.province_inferred), "part_year": meta.plan_year or 0,
            "_doc_key": doc.doc_id}
    tables: dict[str, list[dict]] = {t: [] for t in RECORD_TABLES.values()}
    for rec in records:
        table = RECORD_TABLES.get(type(rec).__name__)
        if table:
            tables[table].append(_row(rec, doc) | part)
    docrow = {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)}
    docrow.update(doc_id=doc.doc_id, source_name=doc.source_name, source_path=doc.source_path,
                  source_sha256=doc.source_sha256, source_kind=doc.kind, source_encoding=doc.encoding,
                  n_pages=len(doc.page_starts) if doc.page_starts else None, n_chars=len(doc.text),
                  rules_version=version)
    tables["documents"] = [docrow | part]
    if doc.kind != "text" or doc.encoding:  # offsets point into the text the pipeline made of the file
        tables["document_text"] = [{"doc_id": doc.doc_id, "text": doc.text, "page_starts": doc.page_starts,
                                    "page_ocr": doc.page_ocr, "page_confidence": doc.page_confidence} | part]
    tables["errors"] = [p | {"doc_id": doc.doc_id, "source_name": doc.source_name, "source_path": doc.source_path}
                        | part for p in problems]
    return tables


def error_rows(path: str, exc: errors.KehoachError, doc_id: str | None = None) -> dict[str, list[dict]]:
    return {"errors": [{"doc_id": doc_id, "source_name": Path(path).name, "source_path": path, "page": exc.page,
                        "stage": exc.stage, "code": exc.code, "message": str(exc), "severity": "error",
                        "part_province": "unknown", "part_year": 0, "_doc_key": doc_id or "path:" + path}]}


@dataclass
class Outcome:
    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    doc_id: str | None
    status: str  # ok | failed | known (content already in the dataset)
    rows: dict[str, list[dict]] = field(default_factory=dict)


CHUNK = 4  # files handed to a worker at a time
_KNOWN: frozenset[str] = frozenset()
_WARM = False  # once per process: a library caller may run many batches
_MAX_BYTES = DEFAULT_MAX_BYTES
_OCR_MODE = "auto"


def _init_worker(known: frozenset[str], max_bytes: int, ocr_mode: str = "auto", jobs: int = 1,
                 parent: int | None = None) -> None:
    global _KNOWN, _MAX_BYTES, _OCR_MODE
    if parent is not None:
        _die_with(parent)
    _KNOWN, _MAX_BYTES, _OCR_MODE = known, max_bytes, ocr_mode
    ocr.READERS = max(1, ocr.threads() // jobs)  # the workers share the cores for Tesseract
    warm_up(default_rules())


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """A worker dies with the run that started it, even one killed with SIGKILL, which
    gives the pool no chance to stop its workers: Linux sends the worker SIGKILL when its
    parent dies (prctl PR_SET_PDEATHSIG). Elsewhere the pool's own shutdown remains."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def warm_up(rules: RuleSet) -> None:
    """What every worker builds once, before its first document: the compiled rules, the
    extractor registry, spaCy's unit matcher and the vietnamadminunits tables."""
    global _WARM
    if _WARM:
        return
    registry()
    units.prepare(rules)
    places.prepare()
    gc.freeze()  # what was built stays: later collections need not walk it (measured: 5-8% on PDFs)
    # a document makes tens of thousands of short-lived containers: a young-generation
    # collection every 10,000 allocations, not 700, is eighty times rarer and most of
    # what it would have walked is gone by then (GC time of a 331-PDF run after warm-up:
    # 0.067 s → 0.016 s)
    gc.set_threshold(10_000, 10, 10)
    _WARM = True


def process_file(path: str) -> Outcome:
    p = Path(path)
    size = mtime = -1
    sha = None
    try:
        data, st = read_bytes(p, _MAX_BYTES)
        size, mtime, sha = st.st_size, st.st_mtime_ns, sha256_bytes(data)
        if sha in _KNOWN:
            return Outcome(path, size, mtime, sha, sha[:16], "known")
        doc = read_source(p, data, digest=sha, ocr_mode=_OCR_MODE)
    except errors.KehoachError as exc:
        if size < 0:  # no stat: keep what the file system says, if anything
            try:
                st = p.stat()
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                pass
        return Outcome(path, size, mtime, sha, None, "failed", error_rows(path, exc))
    rules = default_rules()
    records, problems = extract_all(doc, rules)
    rows = document_rows(doc, records, problems, pipeline_version(rules, _OCR_MODE))
    return Outcome(path, size, mtime, doc.source_sha256, doc.doc_id, "ok", rows)


# ------------------------------------------------------------------ a batch

def ingest_paths(srcs: Iterable[str], out: Path | str, jobs: int = 1, force: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None, wait: float = 0.0,
                 ocr_mode: str = "auto") -> Summary:
    """``ocr_mode``: auto (OCR the pages without a text layer), never, or force (every page)."""
    if ocr_mode not in OCR_MODES:
        raise ValueError(f"ocr_mode must be one of {', '.join(OCR_MODES)}, not {ocr_mode!r}")
    rules = default_rules()
    version = pipeline_version(rules, ocr_mode)
    found, walk_problems = walk(list(srcs))
    paths = [str(p) for p in found]
    summary = Summary()
    with Dataset(Path(out), wait=wait) as ds:
        gen = ds.begin()
        known = {e.sha256: e for e in ds.entries.values() if e.sha256 and e.version == version and not force}
        todo = []
        for path in paths:
            entry = ds.lookup(path)
            if not force and entry and entry.version == version and _unchanged(path, entry):
                summary.skipped += 1
                continue
            todo.append(path)
        show = not (progress is False or (progress is None and (len(todo) < 20 or not sys.stderr.isatty())))
        # the bar counts pages (a text file is one): a scan's OCR takes seconds a page, and a
        # bar of documents would stand still on it; counted only where the bar is shown
        pages = {path: page_count(Path(path)) for path in todo} if show else {}
        bar = tqdm(total=sum(pages.values()), unit="page", file=sys.stderr, disable=not show)
        for link, exc in walk_problems:  # reported once: a re-run that finds the same loop writes nothing
            entry = ds.lookup(str(link))
            if force or entry is None or entry.version != version:
                _record(Outcome(str(link), -1, -1, None, None, "failed", error_rows(str(link), exc)),
                        gen, ds, known, version, summary)
        for outcome in _outcomes(todo, jobs, frozenset(known), max_bytes, ocr_mode):
            bar.update(pages.get(outcome.path, 1))
            _record(outcome, gen, ds, known, version, summary)
        bar.close()
        summary.written = gen.commit(derived_tables)
    return summary


def derived_tables(gen_dir: Path) -> dict:
    """Tables computed from the whole dataset, rebuilt on every run that changes it."""
    import pyarrow.parquet as pq

    cols = ["doc_id", "code", "name", "ref_type", "issuer", "issuer_resolved", "ref_date"]

    def rows():  # one part file at a time: memory stays flat however many there are
        for part in sorted((gen_dir / "legal_references").rglob("*.parquet")):
            yield from pq.read_table(part, columns=cols).to_pylist()

    return {"legal_documents": legal_documents.build(rows())}


def _unchanged(path: str, entry: DocEntry) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns


def _outcomes(paths: list[str], jobs: int, known: frozenset[str], max_bytes: int,
              ocr_mode: str = "auto") -> Iterator[Outcome]:
    if not paths:
        return  # nothing new: no worker, no warm-up (a re-run on unchanged input)
    if jobs <= 1 or len(paths) <= 1:
        _init_worker(known, max_bytes, ocr_mode)
        yield from map(process_file, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(known, max_bytes, ocr_mode, jobs, os.getpid())) as pool:
        yield from pool.map(process_file, paths, chunksize=CHUNK)


def _record(o: Outcome, gen, ds: Dataset, known: dict[str, DocEntry], version: str, summary: Summary) -> None:
    old = ds.lookup(o.path)
    if o.status == "known":
        twin = known[o.sha256]
        summary.skipped += 1
        if old is None or old.sha256 != o.sha256:
            if old is not None:
                gen.drop(o.path)
            gen.remember(DocEntry(o.path, o.size, o.mtime_ns, o.sha256, twin.doc_id, version, twin.status,
                                  list(twin.parts)))
        else:
            gen.remember(DocEntry(o.path, o.size, o.mtime_ns, o.sha256, old.doc_id, version, old.status,
                                  list(old.parts)))
        return
    if old is not None:
        gen.drop(o.path)
    entry = DocEntry(o.path, o.size, o.mtime_ns, o.sha256, o.doc_id, version, o.status)
    gen.add(entry, o.rows)
    if o.status == "ok":
        summary.new += 1
    else:
        summary.failed += 1
    for table, rows in o.rows.items():
        if rows:
            summary.rows[table] += len(rows)
    if o.sha256:
        known.setdefault(o.sha256, entry)
