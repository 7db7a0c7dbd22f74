"""make bench: throughput, re-run cost and memory of `kehoach ingest`, in one run.

    python -m scripts.bench [--files 10000] [--small 100] [--repeat 3]

Builds a synthetic corpus under build/bench/ from data/raw (text excerpts of the dev
plans, each made unique; PDFs generated with ruled tables plus the real text-layer PDFs,
each copy made unique by bytes after %%EOF), then measures:
- PDF pages/s of `ingest --jobs 1` against a bare process that only extracts pypdfium2
  page text from the same files, each as the marginal rate between a one-file run and a
  full run (start-up excluded), each run's best of --repeat, the runs interleaved;
- MB/s on text and documents/s with --jobs 1 and --jobs 2;
- the time of a re-run with nothing changed, on --files files;
- peak RSS of the ingest process at --small files and at --files files;
- a text on one line at 1 MB and 10 MB (time beyond start-up, memory per character);
- DuckDB count(*) on the --files dataset's targets, and how many files it reads.
Writes bench/RESULTS.md (committed) with the machine and the run count.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipeline.run import CHUNK

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
BUILD = ROOT / "build" / "bench"
PY = sys.executable

BARE_PDFIUM = """
import sys, pypdfium2 as pdfium
for path in sys.argv[1:]:
    pdf = pdfium.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]; tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close()
    pdf.close()
"""


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:6])} ...: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss


def ingest_cmd(srcs: list[Path], out: Path, jobs: int = 1) -> list[str]:
    return [PY, "-m", "pipeline", "ingest", *map(str, srcs), "--out", str(out), "--jobs", str(jobs), "--no-progress"]


def ingest(srcs: list[Path], out: Path, jobs: int = 1, fresh: bool = True) -> tuple[float, int]:
    if fresh and out.exists():
        shutil.rmtree(out)
    return run(ingest_cmd(srcs, out, jobs))


# ------------------------------------------------------------------ corpus

def text_corpus(n: int, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    sources = [p.read_text(encoding="utf-8").splitlines() for p in sorted(RAW.glob("*.txt"))]
    rng = random.Random(7)
    paths = []
    for k in range(n):
        lines = sources[k % len(sources)]
        start = rng.randrange(0, max(1, len(lines) - 120))
        body = "\n".join(lines[start:start + 120])
        path = dest / f"plan_{k:05d}.txt"
        if not path.exists():
            path.write_text(f"{body}\nGhi chú: bản số {k}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def pdf_seeds() -> list[Path]:
    """Generated multi-page PDFs with ruled tables, and the real text-layer PDFs."""
    gen = BUILD / "pdf-sources"
    if not gen.exists():
        gen.mkdir(parents=True)
        subprocess.run([PY, "-m", "scripts.make_pdfs", "--out", str(gen)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PY, "-m", "scripts.make_budget_fixtures", "--out", str(gen)], check=True,
                       stdout=subprocess.DEVNULL)
    return sorted(gen.glob("*.pdf")) + [p for p in sorted(RAW.glob("p*.pdf")) if "scan" not in p.name]


def pdf_corpus(n: int, dest: Path) -> list[tuple[Path, Path]]:
    """The seeds copied in turn, each copy with unique trailing bytes: (copy, seed)."""
    dest.mkdir(parents=True, exist_ok=True)
    seeds = pdf_seeds()
    out = []
    for k in range(n):
        path, seed = dest / f"doc_{k:05d}.pdf", seeds[k % len(seeds)]
        if not path.exists():
            path.write_bytes(seed.read_bytes() + f"\n%copy {k}\n".encode())
        out.append((path, seed))
    return out


def pages_of(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        total += len(pdf)
        pdf.close()
    return total


# ------------------------------------------------------------------ measures

def marginal_rate(one: float, full: float, units_one: int, units_full: int) -> float:
    return (units_full - units_one) / max(1e-9, full - one)


def best_times(commands: dict[str, list[str]], repeat: int, before=None) -> dict[str, float]:
    """The shortest wall time of each command over ``repeat`` rounds, the commands
    interleaved within a round: a start-up that varies by a few tenths of a second on a
    shared machine then moves each time alone, not the difference of a pair."""
    best = {k: float("inf") for k in commands}
    for _ in range(repeat):
        for k, cmd in commands.items():
            if before:
                before(k)
            best[k] = min(best[k], run(cmd)[0])
    return best


def pdf_throughput(pdfs: list[Path], repeat: int) -> dict:
    one, full = pdfs[:1], pdfs
    p1, pn = pages_of(one), pages_of(full)
    out = BUILD / "out-pdf"
    t = best_times({"ours_one": ingest_cmd(one, out), "ours_full": ingest_cmd(full, out),
                    "bare_one": [PY, "-c", BARE_PDFIUM, *map(str, one)],
                    "bare_full": [PY, "-c", BARE_PDFIUM, *map(str, full)]},
                   repeat, before=lambda k: shutil.rmtree(out, ignore_errors=True))
    ours = marginal_rate(t["ours_one"], t["ours_full"], p1, pn)
    bare = marginal_rate(t["bare_one"], t["bare_full"], p1, pn)
    return {"pages": pn, "ingest_pages_s": ours, "bare_pages_s": bare, "ratio": ours / bare}


def ocr_throughput(repeat: int) -> dict:
    """OCR pages/s on the scan of data/raw: its ingest with OCR minus its ingest without
    (which reads the file and finds no text), over its pages. With one job the pages of
    the scan run side by side, one Tesseract a core."""
    from pipeline import ocr

    scan = next(p for p in sorted(RAW.glob("p*.pdf")) if "scan" in p.name)
    if not ocr.available():
        return {"ocr": f"not measured: {ocr.engine()}"}
    out = BUILD / "out-ocr"
    t = best_times({"with": ingest_cmd([scan], out) + ["--ocr", "auto"],
                    "without": ingest_cmd([scan], out) + ["--ocr", "never"]},
                   repeat, before=lambda k: shutil.rmtree(out, ignore_errors=True))
    pages = pages_of([scan])
    return {"ocr": f"{pages / max(1e-9, t['with'] - t['without']):.2f} pages/s ({pages} pages, {ocr.engine()}, "
                   f"{ocr.DPI} dpi, {ocr.threads()} Tesseract at a time)"}


def text_throughput(texts: list[Path], repeat: int) -> dict:
    mb = sum(p.stat().st_size for p in texts) / 1e6
    out = BUILD / "out-text"
    res = {}
    for jobs in (1, 2):
        # a chunk of files for every worker: the base run starts (and warms) every worker
        # too, so no worker's start-up falls inside the marginal rate
        base = texts[:1] if jobs == 1 else texts[:jobs * CHUNK]
        t = best_times({"one": ingest_cmd(base, out, jobs), "full": ingest_cmd(texts, out, jobs)},
                       repeat, before=lambda _k: shutil.rmtree(out, ignore_errors=True))
        res[f"docs_s_jobs{jobs}"] = marginal_rate(t["one"], t["full"], len(base), len(texts))
        if jobs == 1:
            res["text_mb_s"] = marginal_rate(t["one"], t["full"], base[0].stat().st_size / 1e6, mb)
    return res


def scale(texts_small: list[Path], texts_big: list[Path]) -> dict:
    out = BUILD / "out-scale"
    _, rss_small = ingest(texts_small, out)
    t_big, rss_big = ingest(texts_big, out)
    rerun = min(ingest(texts_big, out, fresh=False)[0] for _ in range(3))
    return {"rss_small_mib": rss_small / 1024, "rss_big_mib": rss_big / 1024, "first_run_s": t_big,
            "rerun_s": rerun, **duckdb_count(out)}


def large_text(megabytes: int = 50) -> dict:
    """One text file of about 50 MB (a plan repeated): processed like any other."""
    src = BUILD / "large"
    src.mkdir(parents=True, exist_ok=True)
    path = src / "large.txt"
    base = (RAW / "000_bbac53d078887c2b.txt").read_text(encoding="utf-8")
    if not path.exists():
        path.write_text(base * (megabytes * 1024 * 1024 // len(base.encode()) + 1), encoding="utf-8")
    t, rss = ingest([src], BUILD / "out-large")
    return {"large_mb": path.stat().st_size / 1e6, "large_s": t, "large_rss_mib": rss / 1024}


def one_line_scaling(repeat: int) -> dict:
    """A plan's text on one line (a converter that lost every line break) at 1 MB and at
    10 MB: the time beyond start-up (a 1 KB file's run) should grow with the size, and
    the peak RSS beyond start-up is the memory a character costs."""
    src = BUILD / "one-line"
    src.mkdir(parents=True, exist_ok=True)
    base = " ".join((RAW / "000_bbac53d078887c2b.txt").read_text(encoding="utf-8").split("\n"))
    files = {}
    for name, size in (("tiny", 1_000), ("1mb", 1_000_000), ("10mb", 10_000_000)):
        path = src / f"{name}.txt"
        if not path.exists():
            path.write_text((base * (size // len(base) + 1))[:size], encoding="utf-8")
        files[name] = path
    out = BUILD / "out-one-line"
    best = {}
    for name, path in files.items():
        runs = [ingest([path], out) for _ in range(repeat)]
        best[name] = (min(t for t, _ in runs), min(rss for _, rss in runs))
    chars = {name: len(path.read_text(encoding="utf-8")) for name, path in files.items()}
    marginal = {name: best[name][0] - best["tiny"][0] for name in ("1mb", "10mb")}
    return {"ol_1mb_s": marginal["1mb"], "ol_10mb_s": marginal["10mb"],
            "ol_ratio": marginal["10mb"] / max(marginal["1mb"], 1e-9),
            "ol_bytes_per_char": (best["10mb"][1] - best["tiny"][1]) * 1024 / (chars["10mb"] - chars["tiny"])}


def duckdb_count(out: Path) -> dict:
    """count(*) on the targets of the --files dataset, warm (median of 5 after one), and
    how many files the table holds: DuckDB opens every one."""
    import statistics

    import duckdb

    con = duckdb.connect()
    query = f"SELECT count(*) FROM read_parquet('{out}/targets/**/*.parquet', hive_partitioning=true)"
    con.sql(query).fetchall()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        con.sql(query).fetchall()
        times.append(time.perf_counter() - t)
    return {"duckdb_count_ms": statistics.median(times) * 1000,
            "target_files": sum(1 for _ in (out / "targets").rglob("*.parquet"))}


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from pipeline import pdf_tables

    c_loops = "built" if pdf_tables._pdfpage is not None else "not built: pdfium through pypdfium2"
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, "
            f"Python {platform.python_version()}; pipeline/_pdfpage.c {c_loops}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000, help="top corpus size (re-run, peak RSS)")
    ap.add_argument("--small", type=int, default=100, help="small corpus size (peak RSS)")
    ap.add_argument("--throughput-files", type=int, default=200, help="files for the throughput runs")
    ap.add_argument("--pdf-cycles", type=int, default=30,
                    help="copies of each PDF seed for the PDF rates, after the one-file run's: enough pages "
                         "that start-up noise (some tenths of a second on a shared machine) is small")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    texts = text_corpus(args.files, BUILD / "text")
    # the one-file run's file, then every seed the same number of times: the marginal
    # rate weighs each seed alike
    corpus = pdf_corpus(args.pdf_cycles * len(pdf_seeds()) + 1, BUILD / "pdf")
    pdfs = [p for p, _seed in corpus]
    # the same measure on each kind of source apart: pdfium reads a generated page in a
    # quarter of a real one's time, the extraction costs the same
    kinds = {kind: pdf_throughput([p for p, seed in corpus if (seed.parent == RAW) == real], args.repeat)
             for kind, real in (("real", True), ("generated", False))}
    r = {**pdf_throughput(pdfs, args.repeat), **text_throughput(texts[:args.throughput_files], args.repeat),
         **scale(texts[:args.small], texts), **large_text(), **one_line_scaling(args.repeat),
         **ocr_throughput(args.repeat)}
    report = f"""# Benchmarks

Machine: {machine()}. One run of `make bench` ({time.strftime('%Y-%m-%d')}); rates are marginal: the
best of {args.repeat} full runs minus the best of {args.repeat} one-file runs (start-up excluded), all runs interleaved.

| measure | value |
|---|---|
| PDF pages/s, `ingest --jobs 1` ({len(pdfs)} PDFs, {r['pages']} pages) | {r['ingest_pages_s']:.1f} |
| PDF pages/s, bare pypdfium2 page text, same files | {r['bare_pages_s']:.1f} |
| **ratio ingest / bare pypdfium2** | **{r['ratio']:.2f}** |
| of which the real PDFs ({kinds['real']['pages']} pages): ingest / bare pages/s, ratio | {kinds['real']['ingest_pages_s']:.1f} / {kinds['real']['bare_pages_s']:.1f}, {kinds['real']['ratio']:.2f} |
| of which the generated PDFs ({kinds['generated']['pages']} pages): ingest / bare pages/s, ratio | {kinds['generated']['ingest_pages_s']:.1f} / {kinds['generated']['bare_pages_s']:.1f}, {kinds['generated']['ratio']:.2f} |
| text MB/s, `--jobs 1` ({args.throughput_files} files) | {r['text_mb_s']:.2f} |
| documents/s, `--jobs 1` | {r['docs_s_jobs1']:.1f} |
| documents/s, `--jobs 2` | {r['docs_s_jobs2']:.1f} |
| first run, {args.files} text files, `--jobs 1` | {r['first_run_s']:.1f} s |
| **re-run, {args.files} unchanged files** (best of 3) | **{r['rerun_s']:.2f} s** |
| peak RSS, {args.small} files | {r['rss_small_mib']:.0f} MiB |
| peak RSS, {args.files} files | {r['rss_big_mib']:.0f} MiB |
| **peak RSS ratio {args.files} / {args.small}** | **{r['rss_big_mib'] / r['rss_small_mib']:.2f}** |
| one {r['large_mb']:.0f} MB text file: time, peak RSS | {r['large_s']:.0f} s, {r['large_rss_mib']:.0f} MiB |
| one-line text, 1 MB / 10 MB: time beyond start-up | {r['ol_1mb_s']:.1f} s / {r['ol_10mb_s']:.1f} s |
| **one-line text: 10 MB / 1 MB time** (≤ 15 asked) | **{r['ol_ratio']:.1f}** |
| one-line 10 MB text: peak RSS beyond start-up, per character | {r['ol_bytes_per_char']:.0f} bytes |
| DuckDB `count(*)` on targets, {args.files} documents (warm, median of 5) | {r['duckdb_count_ms']:.1f} ms over {r['target_files']} files |
| OCR of the scan in data/raw, `--jobs 1` | {r['ocr']} |
"""
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
