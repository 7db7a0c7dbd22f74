"""Command line: ``python -m pipeline ingest SRC... --out DIR`` (a thin wrapper)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ingest import DEFAULT_MAX_BYTES, OCR_MODES


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kehoach", description="Vietnamese plan documents → Parquet tables.")
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest files or folders into a dataset")
    ing.add_argument("src", nargs="+", help="text or PDF files, or folders of them")
    ing.add_argument("--out", required=True, type=Path, help="dataset directory (the tables go under it)")
    ing.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ing.add_argument("--force", action="store_true", help="process every file again, even unchanged ones")
    ing.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                     help=f"files larger than this are an error row (default {DEFAULT_MAX_BYTES})")
    ing.add_argument("--wait", type=float, default=0.0,
                     help="seconds to wait for another run writing the same --out (default: refuse at once)")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    ing.add_argument("--ocr", choices=OCR_MODES, default="auto",
                     help="OCR (Tesseract, Vietnamese) of PDF pages: auto = pages without a text layer (default), "
                          "never, force = every page")
    rev = sub.add_parser("review", help="write a self-contained HTML page to review a dataset")
    rev.add_argument("dataset", type=Path, help="dataset directory (the --out of ingest)")
    rev.add_argument("--out", type=Path, default=Path("review.html"), help="HTML file to write (default review.html)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "ingest":
        from .run import ingest_paths
        from .store import OutputBusy

        missing = [s for s in args.src if not Path(s).exists()]
        if missing:
            print(f"kehoach: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
            return 2
        if args.jobs < 1:
            print("kehoach: error: --jobs must be at least 1", file=sys.stderr)
            return 2
        try:
            summary = ingest_paths(args.src, args.out, jobs=args.jobs, force=args.force,
                                   max_bytes=args.max_bytes, progress=False if args.no_progress else None,
                                   wait=args.wait, ocr_mode=args.ocr)
        except OutputBusy as exc:
            print(f"kehoach: {exc}", file=sys.stderr)
            return 3
        print(summary.line())
        return 0
    if args.command == "review":
        from .review import write_review

        if not (args.dataset / "documents").exists():
            print(f"kehoach: error: {args.dataset}: not a kehoach dataset (no documents table)", file=sys.stderr)
            return 2
        print(write_review(args.dataset, args.out))
        return 0
    return 2
